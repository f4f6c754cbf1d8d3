package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

const feedLinkSite = `
-- content/site.yaml --
title: T
-- content/_index.md --
---
title: Home
---
-- content/a.md --
---
title: A
---
-- layouts/page.html --
<a href="{{ .Site.Home.URL }}atom.xml">Feed</a> <a href="/sitemap.xml">Map</a>
-- layouts/section.html --
<a href="{{ .Site.Home.URL }}atom.xml">Feed</a>
`

// TestLayoutLinkToFeedNeedsBaseURL: without a base URL the feeds and the
// sitemap are not written, so a layout's link to them is a warning that
// says why (the build still succeeds); with one, the link is good.
func TestLayoutLinkToFeedNeedsBaseURL(t *testing.T) {
	src := sitetest.FromArchive(t, feedLinkSite)
	res, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	got := warningLines(res.Diags)
	for _, want := range []string{
		"layouts/page.html:1:4: warning: link /atom.xml: the Atom feeds and sitemap.xml are written only with a base URL",
		"layouts/page.html:1:52: warning: link /sitemap.xml: the Atom feeds and sitemap.xml are written only with a base URL",
		"layouts/section.html:1:4: warning: link /atom.xml:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	res, err = Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true, BaseURL: "https://example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diags) != 0 {
		t.Errorf("with a base URL: %v", res.Diags)
	}
}

const brokenLayoutLinkSite = `
-- content/site.yaml --
title: T
-- content/_index.md --
---
title: Home
---
-- content/a.md --
---
title: A
---
A.
-- content/b.md --
---
title: B
---
## Intro

B.
-- layouts/page.html --
<a href="/nope/">Nope</a> <a href="/b/#intro">Intro of B</a>
{{ .Content }}
-- layouts/section.html --
Home
`

// TestLayoutLinksRespectLinksWarn: with --links warn a broken address in
// a layout is a warning, and the site is built.
func TestLayoutLinksRespectLinksWarn(t *testing.T) {
	src := sitetest.FromArchive(t, brokenLayoutLinkSite)
	_, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true})
	if err == nil || !strings.Contains(err.Error(), "layouts/page.html:1:4: link /nope/: no page or file has this address (while rendering content/a.md and 2 other pages)") {
		t.Fatalf("strict: %v", err)
	}
	res, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true, LinksWarn: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := warningLines(res.Diags); !strings.Contains(got, "layouts/page.html:1:4: warning: link /nope/") {
		t.Errorf("warnings: %s", got)
	}
}

// TestRebuildChecksLayoutLinksOfPagesNotRenderedAgain: a preview rebuild
// that renders only the edited page still reports the broken address of
// the pages it kept, and notices when an edit removes the heading that
// another page's layout links to.
func TestRebuildChecksLayoutLinksOfPagesNotRenderedAgain(t *testing.T) {
	src := sitetest.FromArchive(t, brokenLayoutLinkSite)
	b, err := NewBuilder(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true, LinksWarn: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(src, "content", "a.md")
	if err := os.WriteFile(a, []byte("---\ntitle: A\n---\nA, edited.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := b.Build([]string{a})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered != 1 {
		t.Errorf("rendered %d pages, want the edited one", res.Rendered)
	}
	if got := warningLines(res.Diags); !strings.Contains(got, "link /nope/: no page or file has this address (while rendering content/a.md and 2 other pages)") {
		t.Errorf("after the edit: %s", got)
	}
	bp := filepath.Join(src, "content", "b.md")
	if err := os.WriteFile(bp, []byte("---\ntitle: B\n---\n## Introduction\n\nB.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = b.Build([]string{bp})
	if err != nil {
		t.Fatal(err)
	}
	if got := warningLines(res.Diags); !strings.Contains(got, `layouts/page.html:1:30: warning: link /b/#intro: content/b.md has no heading or element with id "intro" (while rendering content/a.md and 2 other pages)`) {
		t.Errorf("after removing the heading: %s", got)
	}
}

// TestLayoutLinkPositions: a broken address is reported where
// the layout writes its text, whole or around actions.
func TestLayoutLinkPositions(t *testing.T) {
	src := sitetest.FromArchive(t, `
-- content/site.yaml --
title: T
-- content/a.md --
---
title: A
---
-- layouts/page.html --
{{- /* a comment */ -}}
<p>{{ .Title }}</p>
  <img alt="" src=/img/{{ .Title }}.png> <a title="x"
     HREF = '/a/{{ "b" }}/c/'>x</a>
-- layouts/section.html --
s
`)
	_, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true})
	var ds diag.List
	if err == nil {
		t.Fatal("build succeeded")
	}
	ds, _ = err.(diag.List)
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		"layouts/page.html:3:15: error: link /img/A.png: no page or file has this address (while rendering content/a.md and 1 other page)",
		"layouts/page.html:4:6: error: link /a/b/c/: no page or file has this address (while rendering content/a.md and 1 other page)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzScanAddresses: noting addresses and ids while relativizing changes
// nothing in the output, and every span noted is inside the page, on the
// value of an attribute.
func FuzzScanAddresses(f *testing.F) {
	for _, s := range []string{
		`<a href="/x/" id=top>x</a><img srcset='/a.png 1x, b.png 2x'>`,
		"<p\tID=\"a\"\nname=b><a name=c HREF=/d/#e>",
		`<script>var a = '<a href="/no/">';</script><a href="/yes/">`,
		`<!-- <a href="/c/"> --><a href=>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		var sc htmlScan
		html := []byte(page)
		with := appendRelativized(nil, html, "a/b/index.html", "", nil, &sc)
		without := appendRelativized(nil, html, "a/b/index.html", "", nil, nil)
		if !bytes.Equal(with, without) {
			t.Fatalf("scanning changed the output:\n%q\n%q", with, without)
		}
		for _, s := range append(append([]span(nil), sc.ids...), func() []span {
			var out []span
			for _, r := range sc.refs {
				out = append(out, r.span)
			}
			return out
		}()...) {
			if s.start < 1 || s.end > len(html) || s.start >= s.end || html[s.start-1] != '=' && html[s.start-1] != '"' && html[s.start-1] != '\'' && !isHTMLSpace(html[s.start-1]) {
				t.Fatalf("span %v of %q", s, page)
			}
		}
	})
}
