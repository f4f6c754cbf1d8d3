package server

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func TestContentTypesFollowExtensions(t *testing.T) {
	files := map[string]string{
		"index.html":           "<p>home</p>",
		"a.css":                "p{}",
		"a.js":                 "1",
		"sitemap.xml":          "<urlset/>",
		"atom.xml":             "<feed/>",
		"s/atom.xml":           "<feed/>",
		"i.svg":                "<svg/>",
		"i.png":                "png",
		"i.jpg":                "jpg",
		"i.webp":               "webp",
		"f.woff2":              "woff2",
		"d.json":               "{}",
		"robots.txt":           "User-agent: *",
		"assets/site.3fa2.css": "p{}",
	}
	want := map[string]string{
		"/":                     "text/html; charset=utf-8",
		"/index.html":           "text/html; charset=utf-8",
		"/a.css":                "text/css; charset=utf-8",
		"/a.js":                 "text/javascript; charset=utf-8",
		"/sitemap.xml":          "application/xml; charset=utf-8",
		"/atom.xml":             "application/atom+xml; charset=utf-8",
		"/s/atom.xml":           "application/atom+xml; charset=utf-8",
		"/i.svg":                "image/svg+xml",
		"/i.png":                "image/png",
		"/i.jpg":                "image/jpeg",
		"/i.webp":               "image/webp",
		"/f.woff2":              "font/woff2",
		"/d.json":               "application/json",
		"/robots.txt":           "text/plain; charset=utf-8",
		"/assets/site.3fa2.css": "text/css; charset=utf-8",
	}
	h := New(Options{Dir: sitetest.FromMap(t, files)}).Handler()
	for target, ct := range want {
		rec := get(h, target)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", target, rec.Code)
		}
		if got := rec.Header().Get("Content-Type"); got != ct {
			t.Errorf("GET %s: Content-Type %q, want %q", target, got, ct)
		}
	}
}

func TestDirectoryServesIndexAndRedirectsWithoutSlash(t *testing.T) {
	h := New(Options{Dir: sitetest.FromMap(t, map[string]string{
		"index.html":       "<p>home</p>",
		"a/index.html":     "<p>page a</p>",
		"a/b/index.html":   "<p>page b</p>",
		"empty/readme.txt": "no index here",
	})}).Handler()

	for target, want := range map[string]string{"/": "home", "/a/": "page a", "/a/b/": "page b", "/a//b/": "page b"} {
		rec := get(h, target)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %q, want 200 with %q", target, rec.Code, rec.Body, want)
		}
	}
	for target, loc := range map[string]string{"/a": "./a/", "/a/b?x=1": "./b/?x=1"} {
		rec := get(h, target)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != loc {
			t.Errorf("GET %s: %d Location %q, want 302 %q", target, rec.Code, rec.Header().Get("Location"), loc)
		}
	}
}

func TestDirectoryWithoutIndexIsNotListed(t *testing.T) {
	h := New(Options{Dir: sitetest.FromMap(t, map[string]string{"empty/readme.txt": "secret listing"})}).Handler()
	for _, target := range []string{"/empty/", "/empty", "/"} {
		rec := get(h, target)
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "readme") {
			t.Errorf("GET %s: %d %q, want a 404 without a listing", target, rec.Code, rec.Body)
		}
	}
}

func TestMissingPageServes404PageWithStatus(t *testing.T) {
	h := New(Options{Dir: sitetest.FromMap(t, map[string]string{"404.html": "<body><h1>Nothing here</h1></body>"})}).Handler()
	rec := get(h, "/no/such/page/")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status %d, want 404", rec.Code)
	}
	body := rec.Body.String()
	if !strings.Contains(body, "Nothing here") || !strings.Contains(body, `data-page="404.html"`) {
		t.Errorf("body %q: want the 404 page with the live-reload script", body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestMissingPageOfALanguageServesItsOwn404Page(t *testing.T) {
	h := New(Options{Dir: sitetest.FromMap(t, map[string]string{
		"404.html":    "<body><h1>Nothing here</h1></body>",
		"es/404.html": "<body><h1>No hay nada</h1></body>",
	})}).Handler()
	for target, want := range map[string]string{
		"/es/no/existe/": "No hay nada",
		"/es/falta.png":  "No hay nada",
		"/esx/missing/":  "Nothing here",
		"/missing/":      "Nothing here",
	} {
		rec := get(h, target)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %q, want 404 with %q", target, rec.Code, rec.Body, want)
		}
	}
}

func TestMissingPageWithout404PageIsPlainText(t *testing.T) {
	h := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "x"})}).Handler()
	rec := get(h, "/missing.png")
	if rec.Code != http.StatusNotFound || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Errorf("got %d %q, want a plain-text 404", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestScriptIsInjectedIntoHTMLOnlyAndFilesStayUnchanged(t *testing.T) {
	files := map[string]string{
		"index.html":      "<html><body><p>hi</p></BODY></html>",
		"frag/index.html": "<p>no body tag</p>",
		"a.css":           "body{color:red}</body>",
		"a.js":            "document.write('</body>')",
	}
	dir := sitetest.FromMap(t, files)
	h := New(Options{Dir: dir}).Handler()

	rec := get(h, "/")
	body := rec.Body.String()
	tag := `<script src="/__livereload/client.js"`
	if i, j := strings.Index(body, tag), strings.Index(body, "</BODY>"); i < 0 || j < i {
		t.Errorf("script not injected before </body>: %q", body)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("HTML Cache-Control %q, want no-store", rec.Header().Get("Cache-Control"))
	}
	if body := get(h, "/frag/").Body.String(); !strings.HasPrefix(body, "<p>no body tag</p><script src=") {
		t.Errorf("script not appended at the end: %q", body)
	}
	for _, name := range []string{"a.css", "a.js"} {
		if body := get(h, "/"+name).Body.String(); body != files[name] {
			t.Errorf("%s served as %q, want it unchanged", name, body)
		}
	}
	for name, content := range files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(b) != content {
			t.Errorf("%s on disk is %q (%v), want it unchanged", name, b, err)
		}
	}
}

func TestHeadRequestHasNoBody(t *testing.T) {
	h := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "<body>x</body>", "a.css": "p{}"})}).Handler()
	for _, target := range []string{"/", "/a.css"} {
		rec := httptestDo(h, http.MethodHead, target)
		if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
			t.Errorf("HEAD %s: %d, body %q, Content-Length %q", target, rec.Code, rec.Body, rec.Header().Get("Content-Length"))
		}
	}
	if rec := httptestDo(h, http.MethodPost, "/"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", rec.Code)
	}
}

func TestBasePathServesSiteUnderIt(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "<body>home</body>", "a/index.html": "a"}), BasePath: "sub"})
	if s.BasePath() != "/sub/" {
		t.Fatalf("BasePath() = %q", s.BasePath())
	}
	h := s.Handler()
	if rec := get(h, "/sub/"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<script src="/sub/__livereload/client.js"`) {
		t.Errorf("GET /sub/: %d %q", rec.Code, rec.Body)
	}
	if rec := get(h, "/sub/a"); rec.Code != http.StatusFound || rec.Header().Get("Location") != "./a/" {
		t.Errorf("GET /sub/a: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(h, "/sub"); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/sub/" {
		t.Errorf("GET /sub: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	for _, target := range []string{"/", "/index.html", "/a/", "/__livereload/client.js"} {
		if rec := get(h, target); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s outside the base path: %d, want 404", target, rec.Code)
		}
	}
	if rec := get(h, "/sub/__livereload/client.js"); rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), clientJS) {
		t.Errorf("client.js: %d", rec.Code)
	}
}
