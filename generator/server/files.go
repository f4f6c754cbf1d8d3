package server

import (
	"errors"
	"html"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
)

// reservedPrefix names the live-reload endpoints below the base path.
const reservedPrefix = "__livereload"

// maxInjected is the largest HTML file that gets the live-reload script;
// bigger ones are served as they are.
const maxInjected = 32 << 20

// Handler returns the HTTP handler serving the site and the live-reload
// endpoints. It is what [Server.Serve] serves; use it directly to mount the
// preview elsewhere or in tests.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.checkHost(w, r) {
		return
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, s.base) {
		if p+"/" == s.base {
			target := (&url.URL{Path: s.base, RawQuery: r.URL.RawQuery}).String()
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		http.Error(w, "404 page not found (the site is served under "+s.base+")", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest := p[len(s.base):]
	switch {
	case rest == reservedPrefix:
		s.serveEvents(w, r)
		return
	case rest == reservedPrefix+"/client.js":
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		w.Write(clientJS)
		return
	case strings.HasPrefix(rest, reservedPrefix+"/"):
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	name, dirRequest, ok := cleanRequestPath(rest, r.URL.EscapedPath())
	if !ok {
		http.Error(w, "400 bad request: invalid path", http.StatusBadRequest)
		return
	}
	s.serveFile(w, r, name, dirRequest)
}

// cleanRequestPath turns the decoded request path below the base path into a
// file name relative to dest ("." for the root). dirRequest reports a
// trailing slash. It refuses "..", backslashes, NULs and encoded slashes or
// backslashes (seen in the escaped path).
func cleanRequestPath(rest, escaped string) (name string, dirRequest, ok bool) {
	if strings.ContainsAny(rest, "\\\x00") {
		return "", false, false
	}
	lower := strings.ToLower(escaped)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") || strings.Contains(lower, "%00") {
		return "", false, false
	}
	for seg := range strings.SplitSeq(rest, "/") {
		if seg == ".." {
			return "", false, false
		}
	}
	dirRequest = rest == "" || strings.HasSuffix(rest, "/")
	name = strings.TrimPrefix(path.Clean("/"+rest), "/")
	if name == "" {
		name = "."
	}
	return name, dirRequest, fs.ValidPath(name)
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string, dirRequest bool) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		http.Error(w, "503 build output not available: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer root.Close()

	if dirRequest {
		name = path.Join(name, "index.html")
	}
	fi, err := root.Stat(name)
	switch {
	case err != nil:
		if errors.Is(err, fs.ErrPermission) {
			http.Error(w, "403 forbidden", http.StatusForbidden)
			return
		}
		s.notFound(w, r, root, name)
	case fi.Mode().IsRegular():
		s.serveRegular(w, r, root, name, http.StatusOK)
	case fi.IsDir() && !dirRequest && isRegular(root, name+"/index.html"):
		// Relative, so it works behind any prefix; "./" keeps a name with a
		// colon from reading as a URL scheme.
		target := "./" + url.PathEscape(path.Base(name)) + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", target)
		w.WriteHeader(http.StatusFound)
	default:
		s.notFound(w, r, root, name)
	}
}

func isRegular(root *os.Root, name string) bool {
	fi, err := root.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// notFound serves, with status 404, the 404.html nearest above the
// missing file name in dest (es/404.html for es/missing/, the page of the
// language a multilingual site publishes under es/), or a plain-text 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, root *os.Root, name string) {
	for dir := path.Dir(name); ; dir = path.Dir(dir) {
		page := "404.html"
		if dir != "." && dir != "/" {
			page = dir + "/404.html"
		}
		if isRegular(root, page) && s.serveRegular(w, r, root, page, http.StatusNotFound) {
			return
		}
		if dir == "." || dir == "/" {
			break
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// serveRegular serves the regular file name with the given status (HTML with
// the live-reload script) and reports whether it wrote a response.
func (s *Server) serveRegular(w http.ResponseWriter, r *http.Request, root *os.Root, name string, status int) bool {
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if isHTML(name) && fi.Size() <= maxInjected {
		release := s.html.acquire(r.Context(), fi.Size())
		if release == nil {
			return true // the client left while waiting
		}
		defer release()
		page, err := io.ReadAll(io.LimitReader(f, maxInjected))
		if err != nil {
			return false
		}
		s.pages.remember(name, page)
		tag, i := s.injection(page, name)
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Length", strconv.Itoa(len(page)+len(tag)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(page[:i])
			w.Write(tag)
			w.Write(page[i:])
		}
		return true
	}
	if ct := contentType(name); ct != "" {
		h.Set("Content-Type", ct)
	}
	h.Set("Cache-Control", "no-cache")
	if status != http.StatusOK {
		h.Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			io.Copy(w, f)
		}
		return true
	}
	http.ServeContent(w, r, name, fi.ModTime(), f)
	return true
}

// injection returns the live-reload script tag for a page and the offset
// to insert it at: before the last </body>, or at the end.
func (s *Server) injection(page []byte, name string) ([]byte, int) {
	tag := `<script src="` + html.EscapeString(s.clientURL) +
		`" data-build="` + html.EscapeString(s.live.buildID()) +
		`" data-page="` + html.EscapeString(name) + `" defer></script>`
	i := lastIndexFold(page, "</body")
	if i < 0 {
		i = len(page)
	}
	return []byte(tag), i
}

func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// contentType returns the Content-Type for a file name, or "" to let
// http.ServeContent sniff it.
func contentType(name string) string {
	if strings.EqualFold(path.Base(name), "atom.xml") {
		return "application/atom+xml; charset=utf-8"
	}
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".xml", ".xsl":
		return "application/xml; charset=utf-8"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	case ".ico":
		return "image/x-icon"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".ttf":
		return "font/ttf"
	case ".otf":
		return "font/otf"
	case ".pdf":
		return "application/pdf"
	case ".wasm":
		return "application/wasm"
	case ".mp4":
		return "video/mp4"
	case ".webm":
		return "video/webm"
	case ".mp3":
		return "audio/mpeg"
	}
	return mime.TypeByExtension(ext)
}
