package sitecheck

import (
	"slices"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
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
	"index.html": fixturePage("A clean page", `<style>sup.cite a { display: inline-block; min-width: 24px; min-height: 24px; }</style>`,
		`<div class="prose"><p>Nothing is wrong here.<sup class="cite">[<a href="#s1">1</a>]</sup> Really.</p></div>
<pre style="overflow-x: auto" tabindex="0"><code>a long line of code scrolls inside its own box: lorem ipsum dolor sit amet</code></pre>
<ol><li id="s1">A source.</li></ol>`),
	"es/index.html": strings.NewReplacer(`<html lang="en">`, `<html lang="es">`, "<main>",
		`<header><nav aria-label="Temas"><ul style="display: flex; gap: 1rem; list-style: none; padding: 0">`+
			`<li><a href="#a" style="display: inline-block; padding: 4px 0">Multas</a></li>`+
			`<li><a href="../" hreflang="en" lang="en" style="display: inline-block; padding: 4px 0">English</a></li></ul></nav></header>
<main>`).Replace(fixturePage("Una página limpia", "",
		`<div class="prose"><p>Aquí no hay ningún problema. De verdad.</p></div>`)),
	"nav3/index.html": strings.Replace(fixturePage("A long navigation", "",
		`<div class="prose"><p>The text starts here.</p></div>`), "<main>",
		`<header><nav aria-label="Topics">`+strings.Repeat(`<a href="#a">A topic with a long name</a> `, 8)+`</nav></header>
<main>`, 1),
	"small-lang/index.html": strings.Replace(fixturePage("A small language link", "",
		`<div class="prose"><p>The text starts here.</p></div>`), "<main>",
		`<header><nav aria-label="Topics"><a href="/es/" hreflang="es" lang="es" style="font-size: 10px">ES</a></nav></header>
<main>`, 1),
	"lang/index.html": strings.Replace(fixturePage("A language link of the right size", "",
		`<div class="prose"><p>The text starts here.</p></div>`), "<main>",
		`<header><nav aria-label="Topics"><a href="/es/" hreflang="es" lang="es" style="display: inline-block; padding: 4px">Español</a></nav></header>
<main>`, 1),
	"small-cite/index.html": fixturePage("A small citation link", "",
		`<div class="prose"><p>Cited.<sup class="cite">[<a href="#s1">1</a>]</sup></p></div><ol><li id="s1">A source.</li></ol>`),
	"below-fold/index.html": fixturePage("Text below the fold", "",
		`<div style="height: 1000px">A tall box.</div><div class="prose"><p>First sentence, far down. Second sentence.</p></div>`),
	"dark-contrast/index.html": fixturePage("Unreadable in dark mode",
		`<style>@media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } p.faint { color: #333; } }</style>`,
		`<div class="prose"><p class="faint">Dark grey on near black.</p></div>`),
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

// TestBrowserChecksOnFixturePages runs the checks of TestBuiltSiteInBrowser on
// hand-made pages: a clean page passes, and each bad page fails the check
// meant to catch it.
func TestBrowserChecksOnFixturePages(t *testing.T) {
	b := newBrowser(t, 1)
	dir := sitetest.FromMap(t, fixturePages)
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
	t.Run("clean page passes at every width", func(t *testing.T) {
		for _, page := range []string{"index.html", "es/index.html"} {
			for _, vp := range viewports {
				if ps := check(t, page, vp).problems(); len(ps) > 0 {
					t.Errorf("%s at %s: want no problems, got:\n%s", page, vp, strings.Join(ps, "\n"))
				}
			}
		}
		l := check(t, "es/index.html", phone).Layout
		if l.LangLinks != 1 || l.NavLines != 1 || l.FirstSentence != "Aquí no hay ningún problema." {
			t.Errorf("Spanish page: %d language links, %d nav lines, first sentence %q; want 1, 1 and the first sentence", l.LangLinks, l.NavLines, l.FirstSentence)
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

	t.Run("navigation on more than two lines is reported on a phone", func(t *testing.T) {
		r := check(t, "nav3/index.html", phone)
		if r.Layout.NavLines <= maxNavLines {
			t.Fatalf("navLines = %d, want more than %d", r.Layout.NavLines, maxNavLines)
		}
		if ps := r.problems(); len(ps) != 1 || !strings.Contains(ps[0], "site navigation takes") {
			t.Errorf("problems = %q, want one about the navigation", ps)
		}
		if ps := check(t, "nav3/index.html", laptop).layoutProblems(laptop); len(ps) != 0 {
			t.Errorf("at 1280px: %q, want none (the rule is for phones)", ps)
		}
		if n := check(t, "index.html", phone).Layout.NavLines; n != 0 {
			t.Errorf("a page without a header nav: navLines = %d", n)
		}
	})

	t.Run("small citation link is reported", func(t *testing.T) {
		r := check(t, "small-cite/index.html", laptop)
		if r.Layout.Targets != 1 || len(r.Layout.SmallTargets) != 1 || !strings.Contains(r.Layout.SmallTargets[0], `"1"`) {
			t.Fatalf("targets %d, small %q; want the one link", r.Layout.Targets, r.Layout.SmallTargets)
		}
		if ps := r.problems(); !strings.Contains(strings.Join(ps, "\n"), "citation links smaller than 24×24 px") {
			t.Errorf("problems = %q, want one about citation links", ps)
		}
		if l := check(t, "index.html", laptop).Layout; l.Targets != 1 || len(l.SmallTargets) != 0 {
			t.Errorf("clean page: targets %d, small %q; want one link of the right size", l.Targets, l.SmallTargets)
		}
	})

	t.Run("small language link is reported", func(t *testing.T) {
		for _, vp := range []viewport{phone, laptop} {
			r := check(t, "small-lang/index.html", vp)
			if r.Layout.LangLinks != 1 || len(r.Layout.SmallLangs) != 1 || !strings.Contains(r.Layout.SmallLangs[0], `"ES"`) {
				t.Fatalf("at %s: language links %d, small %q; want the one link", vp, r.Layout.LangLinks, r.Layout.SmallLangs)
			}
			if ps := r.problems(); len(ps) != 1 || !strings.Contains(ps[0], "language links smaller than 24×24 px") {
				t.Errorf("at %s: problems = %q, want one about language links", vp, ps)
			}
			good := check(t, "lang/index.html", vp)
			if l := good.Layout; l.LangLinks != 1 || len(l.SmallLangs) != 0 {
				t.Errorf("at %s: a link of the right size: language links %d, small %q", vp, l.LangLinks, l.SmallLangs)
			}
			if ps := good.problems(); len(ps) != 0 {
				t.Errorf("at %s: a link of the right size: problems %q", vp, ps)
			}
		}
	})

	t.Run("first sentence below the fold is reported on a phone", func(t *testing.T) {
		r := check(t, "below-fold/index.html", phone)
		if r.Layout.FirstSentence != "First sentence, far down." {
			t.Errorf("first sentence = %q", r.Layout.FirstSentence)
		}
		if ps := r.problems(); len(ps) != 1 || !strings.Contains(ps[0], "below the fold") {
			t.Errorf("problems = %q, want one about the fold", ps)
		}
		l := check(t, "index.html", phone).Layout
		if l.FirstSentence != "Nothing is wrong here." || l.SentenceEnd <= 0 || l.SentenceEnd > float64(l.WindowHeight) {
			t.Errorf("clean page: first sentence %q ends at %.0f of %d", l.FirstSentence, l.SentenceEnd, l.WindowHeight)
		}
	})

	t.Run("dark mode is emulated and its contrast checked", func(t *testing.T) {
		contrast := func(r pageReport) bool {
			return slices.ContainsFunc(r.Violations, func(v axeViolation) bool { return v.ID == "color-contrast" })
		}
		light := check(t, "dark-contrast/index.html", phone)
		if light.Layout.Dark || contrast(light) {
			t.Errorf("light: dark = %v, color-contrast violation = %v; want false, false", light.Layout.Dark, contrast(light))
		}
		dark := check(t, "dark-contrast/index.html", phone.inDark())
		if !dark.Layout.Dark || !contrast(dark) {
			t.Errorf("dark: dark = %v, color-contrast violation = %v; want true, true", dark.Layout.Dark, contrast(dark))
		}
	})

	t.Run("errors of one page do not carry over to the next", func(t *testing.T) {
		check(t, "console/index.html", phone)
		if ps := check(t, "index.html", phone).problems(); len(ps) > 0 {
			t.Errorf("clean page after a bad one: got %q", ps)
		}
	})
}
