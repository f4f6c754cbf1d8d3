package site

import (
	"errors"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

// FuzzRelativize rewrites a root-relative URL in an attribute of a page
// written at outPath. The result must be relative (the site works from any
// folder) and lead, from the page's folder, exactly where the root-relative
// URL led, with index.html added to folder URLs.
func FuzzRelativize(f *testing.F) {
	for _, s := range [][2]string{
		{"/a/b/", "a/c/index.html"},
		{"/", "index.html"},
		{"/", "a/b/c/index.html"},
		{"/a/b/#frag", "a/b/index.html"},
		{"/assets/css/site.0123456789.css", "404.html"},
		{"/caf%C3%A9%20notes/", "café notes/index.html"},
		{"/a/?q=1#x", "b/index.html"},
		{"/100%25/x/", "100%/index.html"},
		{"/a/../b/", "a/index.html"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, target, outPath string) {
		// Layouts write URLs through html/template, which escapes quotes,
		// spaces and control characters; srcset separates URLs by spaces.
		if publish.CheckRel(outPath) != nil || !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") ||
			strings.ContainsAny(target, "\"\\<>&'`") || strings.IndexFunc(target, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			return
		}
		for _, attr := range []string{"href", "src", "srcset", "action", "poster"} {
			html := `<p><a class="x" ` + attr + `="` + target + `">link</a></p>`
			got := string(relativize([]byte(html), outPath, ""))
			prefix := `<p><a class="x" ` + attr + `="`
			if !strings.HasPrefix(got, prefix) || !strings.HasSuffix(got, `">link</a></p>`) {
				t.Fatalf("relativize(%q, %q) broke the markup: %q", html, outPath, got)
			}
			rel := strings.TrimSuffix(strings.TrimPrefix(got, prefix), `">link</a></p>`)
			if attr == "srcset" {
				if strings.Contains(target, ",") {
					continue // a list of URLs, checked with plain attributes
				}
				rel = strings.TrimSpace(rel)
			}
			if strings.HasPrefix(rel, "/") {
				t.Fatalf("relativize(%q, %q) left %q root-relative", html, outPath, rel)
			}
			checkSameTarget(t, target, rel, outPath)
		}
	})
}

// checkSameTarget checks that rel, written in the page at outPath, leads to
// the root-relative URL target (index.html added to a folder).
func checkSameTarget(t *testing.T, target, rel, outPath string) {
	t.Helper()
	p, frag, hasFrag := strings.Cut(target, "#")
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if hasFrag {
		p += "#" + frag
	}
	dir := path.Dir(outPath)
	if dir == "." {
		dir = ""
	}
	base := &url.URL{Scheme: "http", Host: "site", Path: "/" + dir}
	if dir != "" {
		base.Path += "/"
	}
	want, err := url.Parse(p)
	if err != nil {
		return // not a valid URL to begin with
	}
	ref, err := url.Parse(rel)
	if err != nil {
		t.Fatalf("relativize(%q) from %q = %q, which does not parse: %v", target, outPath, rel, err)
	}
	if ref.Scheme != "" || ref.Host != "" {
		t.Fatalf("relativize(%q) from %q = %q, which reads as an absolute URL", target, outPath, rel)
	}
	w, g := base.ResolveReference(want), base.ResolveReference(ref)
	if g.Path != w.Path || g.RawQuery != w.RawQuery || g.Fragment != w.Fragment {
		t.Fatalf("relativize(%q) from %q = %q, which leads to %q, not %q", target, outPath, rel, g, w)
	}
}

// resolveFixture is a small loaded site for FuzzResolve.
func resolveFixture(t testing.TB) (*content.Site, map[string]bool) {
	page := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n## Part one\n")}
	}
	fsys := fstest.MapFS{
		"content/site.yaml":               {Data: []byte("title: T\n")},
		"content/_index.md":               page("Home"),
		"content/a.md":                    page("A"),
		"content/sec/_index.md":           page("Section"),
		"content/sec/b.md":                page("B"),
		"content/sec/c d é.md":            page("Spaces"),
		"content/bundle/index.md":         page("Bundle"),
		"content/bundle/img.png":          {Data: []byte("PNG")},
		"content/files/report 2024%.pdf":  {Data: []byte("PDF")},
		"content/slugged.md":              {Data: []byte("---\ntitle: S\nslug: other-name\n---\n")},
		"content/moved.md":                {Data: []byte("---\ntitle: M\nurl: /elsewhere/deep/\n---\n")},
		"layouts/page.html":               {Data: []byte("{{ .Content }}")},
		"content/data/sources.yaml":       {Data: []byte("- key: a\n  outlet: O\n  title: T\n")},
		"content/sec/nested/deeper/in.md": page("Deep"),
	}
	s, ds := content.Load(fsys, content.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	files := map[string]bool{}
	for _, f := range s.Files {
		files[f.OutPath] = true
	}
	return s, files
}

// FuzzResolve resolves arbitrary link destinations written in each page of
// a small site. An external URL is kept as written; anything else either
// fails with a message or leads to a page or file of the site: never
// outside it.
func FuzzResolve(f *testing.F) {
	for _, d := range []string{
		"a.md", "../a.md", "sec/b.md#part-one", "/sec/", "/sec", "/", "#part-one", "?x", "img.png",
		"../bundle/img.png", "/bundle/img.png", "c%20d%20%C3%A9.md", "../../../../etc/passwd", "/../../etc/passwd",
		"https://example.org/", "//example.org/", "mailto:x@example.org", "javascript:alert(1)",
		"%zz", "a.md#%zz", "/files/report%202024%25.pdf", "sec/nested/deeper/in.md", "/elsewhere/deep/", "",
		"C:\\x", "a.md?query#frag", "/sec/./b/", "./a.md", "/other-name/",
	} {
		f.Add(d, false)
		f.Add(d, true)
	}
	s, files := resolveFixture(f)
	var from []*content.Page
	for _, p := range s.All {
		if p.Path != "" {
			from = append(from, p)
		}
	}
	f.Fuzz(func(t *testing.T, dest string, image bool) {
		for _, p := range from {
			r := resolve(s, files, p, dest, image)
			if r.err != "" {
				if r.href != "" || r.page != nil {
					t.Fatalf("resolve(%q) in %s failed (%s) but returned %+v", dest, p.Path, r.err, r)
				}
				continue
			}
			if hasScheme(dest) {
				if r.href != dest {
					t.Fatalf("resolve(%q) in %s changed an external URL to %q", dest, p.Path, r.href)
				}
				continue
			}
			if !strings.HasPrefix(r.href, "/") {
				if r.href != dest || r.page != p {
					t.Fatalf("resolve(%q) in %s = %+v", dest, p.Path, r)
				}
				continue
			}
			pathPart, _, _ := strings.Cut(r.href, "#")
			u, err := url.PathUnescape(pathPart)
			if err != nil {
				t.Fatalf("resolve(%q) in %s = %q, not a valid escaped path", dest, p.Path, r.href)
			}
			switch {
			case r.page != nil:
				if s.ByURL[u] != r.page {
					t.Fatalf("resolve(%q) in %s = %q, not the address of %s", dest, p.Path, r.href, r.page.Path)
				}
			case files[strings.TrimPrefix(u, "/")]:
			default:
				t.Fatalf("resolve(%q) in %s = %q: no page or file of the site", dest, p.Path, r.href)
			}
		}
	})
}

// fuzzSite is the fixed part of the site FuzzBuildSite builds around one
// fuzzed page, content/guide/fuzzed.md.
var fuzzSite = map[string]string{
	"content/site.yaml":          "title: Fuzz\nlanguage: en\nmenu:\n  - {title: Guide, page: guide/_index.md}\n",
	"content/data/sources.yaml":  "- key: dmhc\n  outlet: DMHC\n  title: Release\n  date: 2023-10\n- key: laist\n  outlet: LAist\n  title: Strike\n",
	"content/data/timeline.yaml": "- date: 2024-10-21\n  title: Strike\n  sources: [laist]\n",
	"content/_index.md":          "---\ntitle: Home\n---\nSee [the guide](guide/_index.md).\n",
	"content/other.md":           "---\ntitle: Other\ndate: 2024-01-01\ntags: [x]\n---\n## Known heading\n\nText [@dmhc].\n",
	"content/guide/_index.md":    "---\ntitle: Guide\n---\nThe guide.\n",
	"content/guide/first.md":     "---\ntitle: First\nweight: 1\n---\n## Step one\n",
	"content/bundle/index.md":    "---\ntitle: Bundle\n---\n![A chart](chart.png)\n",
	"content/bundle/chart.png":   tinyPNG,
	"layouts/base.html": `<!DOCTYPE html><html lang="{{ .Site.Language }}"><head><title>{{ .Title }}</title>` +
		`<link rel="stylesheet" href="{{ asset "css/syntax.css" }}"></head><body>` +
		`<nav>{{ range .Site.Menu }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}</nav>` +
		`<ol>{{ range .Breadcrumbs }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ol>` +
		`<main>{{ block "main" . }}{{ end }}</main>{{ with .Prev }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}</body></html>`,
	"layouts/page.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Description }}<p>{{ . }}</p>{{ end }}` +
		`{{ range .TOC }}<a href="#{{ .ID }}">{{ .Text }}</a>{{ end }}{{ .Content }}` +
		`{{ range .Tags }}<span>{{ . }}</span>{{ end }}{{ apdate .Date }}` +
		`{{ with .Citations }}<ol>{{ range . }}<li id="source-{{ .Source.Key }}">{{ .Source.Title }}</li>{{ end }}</ol>{{ end }}{{ end }}`,
	"layouts/section.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}` +
		`<ul>{{ range .Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}`,
	"layouts/timeline.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}` +
		`{{ range .Site.Data.timeline }}<p>{{ .title }}</p>{{ end }}{{ end }}`,
}

// FuzzBuildSite builds a small fixed site with one fuzzed page (front
// matter and Markdown) over a previous build. The build must not panic; it
// either succeeds or fails with a diag.List whose every entry has a path
// and a line; a failed build leaves the previous output exactly as it was,
// and no build writes beside dest.
func FuzzBuildSite(f *testing.F) {
	seeds := [][2]string{
		{"title: Fuzzed\ndate: 2024-10-21", "## Heading {#h .c}\n\nText [@dmhc; @laist] and [other](../other.md#known-heading).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nfunc main() {}\n```\n\n[^1]\n\n[^1]: Note.\n"},
		{"title: Fuzzed\nurl: /elsewhere/\naliases: [/old/]\ntags: [x, Y z]\nslug: s", "![chart](../bundle/chart.png) [home](/) [up](../_index.md) <b>raw</b>"},
		{"title: Fuzzed\nlayout: timeline\ndata_citations: timeline\nneeds_citations: true", "Text."},
		{"title: Fuzzed\ndraft: true", "Draft."},
		{"title: [oops", "x"},
		{"title: Fuzzed\nurl: /robots.txt/", "x"},
		{"title: Fuzzed\naliases: [/404.html, /other/]", "x"},
		{"title: Fuzzed\nlayout: nope", "[missing](nope.md) [anchor](first.md#nowhere) [@nokey] ![img](x.png)"},
		{"title: Fuzzed\nx: &a [1, *a]", "x"},
		{"title: Fuzzed", "```\nunclosed fence"},
		{"", ""},
		{"title: Fuzzed\n---\n---", "\x00"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, frontMatter, body string) {
		root := sitetest.FromMap(t, fuzzSite)
		page := "---\n" + frontMatter + "\n---\n" + body
		if err := os.WriteFile(filepath.Join(root, "content", "guide", "fuzzed.md"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		dest := filepath.Join(t.TempDir(), "public")
		if err := os.MkdirAll(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dest, "MARKER"), []byte("previous build"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := publish.WriteMarker(dest); err != nil {
			t.Fatal(err)
		}
		before := sitetest.Snapshot(t, dest)
		_, err := Build(Options{Source: root, Dest: dest, NoCache: true})
		if names := dirNames(t, filepath.Dir(dest)); !onlyDest(names, err == nil) {
			t.Fatalf("the build left %q beside dest", names)
		}
		if err == nil {
			if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
				t.Fatalf("a successful build wrote no home page: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dest, "MARKER")); err == nil {
				t.Fatal("a successful build kept the previous output")
			}
			return
		}
		var ds diag.List
		if !errors.As(err, &ds) {
			t.Fatalf("the build failed with %T, not a diag.List: %v", err, err)
		}
		if len(ds.Errors()) == 0 {
			t.Fatal("the build failed without an error diagnostic")
		}
		for _, d := range ds {
			if d.Path == "" || d.Line < 1 {
				t.Errorf("diagnostic without a path and line: %#v", d)
			}
		}
		if d := sitetest.Diff(before, sitetest.Snapshot(t, dest)); d != "" {
			t.Fatalf("a failed build changed dest:\n%s", d)
		}
	})
}
