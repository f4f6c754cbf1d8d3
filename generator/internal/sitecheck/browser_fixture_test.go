package sitecheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixturePage wraps body in a small page that passes every check by itself.
func fixturePage(title, head, body string) string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + title + `</title>
` + head + `
</head>
<body>
<main>
<h1>` + title + `</h1>
` + body + `
</main>
</body>
</html>
`
}

// fixturePages are hand-made pages, each with one kind of problem (or none),
// that show the browser checks pass a good page and catch a bad one.
var fixturePages = map[string]string{
	"index.html": fixturePage("A clean page", "", `<p>Nothing is wrong here.</p>
<pre style="overflow-x: auto" tabindex="0"><code>a long line of code scrolls inside its own box: lorem ipsum dolor sit amet</code></pre>`),
	"wide/index.html": fixturePage("A wide page", "",
		`<div class="banner" style="width: 1600px">This box is wider than a laptop.</div>`),
	"no-alt/index.html": fixturePage("An image without alt text", "",
		`<p><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="20" height="20"></p>`),
	"console/index.html": fixturePage("A page with script errors", "",
		`<p>Scripts fail here.</p>
<script>console.error("fixture: boom");</script>
<script>throw new Error("fixture: thrown");</script>`),
	"missing-css/index.html": fixturePage("A page with a missing stylesheet",
		`<link rel="stylesheet" href="/assets/missing.css">`, `<p>Unstyled.</p>`),
	"old/index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moved</title>` +
		`<meta http-equiv="refresh" content="0; url=../"></head><body><p><a href="../">Moved</a></p></body></html>`,
}

func writeFixtureSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, html := range fixturePages {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(html), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBrowserChecksOnFixturePages runs the checks of TestBuiltSiteInBrowser on
// hand-made pages: a clean page passes, and each bad page fails the check
// meant to catch it.
func TestBrowserChecksOnFixturePages(t *testing.T) {
	b := newBrowser(t, 1)
	dir := writeFixtureSite(t)
	srv := Serve(t, dir)

	pages, err := HTMLPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(pages, "old/index.html") {
		t.Errorf("HTMLPages listed the redirect page old/index.html: %q", pages)
	}

	check := func(t *testing.T, page string, vp viewport) pageReport {
		t.Helper()
		r, err := b.check(PageURL(srv.URL, page), vp)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	phone, laptop := viewports[0], viewports[1]

	t.Run("clean page passes at every width", func(t *testing.T) {
		for _, vp := range viewports {
			if ps := check(t, "index.html", vp).problems(); len(ps) > 0 {
				t.Errorf("at %dpx: want no problems, got:\n%s", vp.width, strings.Join(ps, "\n"))
			}
		}
	})

	t.Run("wide box scrolls horizontally", func(t *testing.T) {
		for _, vp := range []viewport{phone, laptop} {
			r := check(t, "wide/index.html", vp)
			o := r.Overflow
			if o.ScrollWidth <= o.InnerWidth {
				t.Errorf("at %dpx: scrollWidth %d <= innerWidth %d, want horizontal scrolling", vp.width, o.ScrollWidth, o.InnerWidth)
			}
			if o.InnerWidth != int(vp.width) {
				t.Errorf("innerWidth = %d, want the emulated %d", o.InnerWidth, vp.width)
			}
			if !slices.ContainsFunc(o.Culprits, func(c string) bool { return strings.HasPrefix(c, "div.banner ") }) {
				t.Errorf("culprits = %q, want div.banner", o.Culprits)
			}
			if ps := r.problems(); len(ps) != 1 || !strings.Contains(ps[0], "horizontal scrolling") {
				t.Errorf("problems = %q, want one about horizontal scrolling", ps)
			}
		}
	})

	t.Run("image without alt is an axe violation", func(t *testing.T) {
		r := check(t, "no-alt/index.html", laptop)
		i := slices.IndexFunc(r.Violations, func(v axeViolation) bool { return v.ID == "image-alt" })
		if i < 0 {
			t.Fatalf("violations = %+v, want image-alt", r.Violations)
		}
		v := r.Violations[i]
		if len(v.Nodes) != 1 || v.Nodes[0].Target != "img" || v.Help == "" {
			t.Errorf("image-alt violation = %+v, want one node with target img and a help text", v)
		}
		if ps := r.problems(); len(ps) == 0 || !strings.Contains(strings.Join(ps, "\n"), "axe image-alt") {
			t.Errorf("problems = %q, want axe image-alt", ps)
		}
	})

	t.Run("console error and uncaught exception are reported", func(t *testing.T) {
		r := check(t, "console/index.html", phone)
		all := strings.Join(r.Console, "\n")
		for _, want := range []string{"console.error: fixture: boom", "exception: Uncaught Error: fixture: thrown"} {
			if !strings.Contains(all, want) {
				t.Errorf("console errors:\n%s\nwant one containing %q", all, want)
			}
		}
	})

	t.Run("failed load of a stylesheet is reported", func(t *testing.T) {
		r := check(t, "missing-css/index.html", phone)
		all := strings.Join(r.Console, "\n")
		if !strings.Contains(all, "404") || !strings.Contains(all, "/assets/missing.css") {
			t.Errorf("console errors:\n%s\nwant a 404 for /assets/missing.css", all)
		}
	})

	t.Run("errors of one page do not carry over to the next", func(t *testing.T) {
		check(t, "console/index.html", phone)
		if ps := check(t, "index.html", phone).problems(); len(ps) > 0 {
			t.Errorf("clean page after a bad one: got %q", ps)
		}
	})
}
