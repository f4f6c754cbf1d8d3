package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestProblemPositionsComeFromTheParseTree checks that problems found
// after conversion point where the parse tree says: not at text that only
// looks like a heading, image or link inside a code block, not at the first
// place a destination's prefix is written, and once per place.
func TestProblemPositionsComeFromTheParseTree(t *testing.T) {
	page := "---\ntitle: Positions\ndescription: D.\n---\n" +
		"## Top\n\n" + // line 5
		"```sh\n#### not a heading\n![](in-code.png)\n```\n\n" + // lines 7-10
		"#### Don't skip\n\n" + // line 12
		"See [six](#TOC_6.1) and [six again](#TOC_6.1).\n\n" + // line 14
		"Also [dot](#TOC_6.) here.\n\n" + // line 16
		"![](real.png)\n" // line 18
	fsys := fstest.MapFS{
		"content/site.yaml":    {Data: []byte("title: T\n")},
		"content/_index.md":    {Data: []byte("---\ntitle: Home\ndescription: H.\n---\nHome.\n")},
		"content/positions.md": {Data: []byte(page)},
		"content/real.png":     {Data: []byte(tinyPNG)},
		"layouts/page.html":    {Data: []byte("{{ .Content }}")},
		"layouts/section.html": {Data: []byte("{{ .Content }}")},
	}
	ds := Check(Options{FS: fsys, Dest: t.TempDir(), NoCache: true}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var got []string
	for _, d := range ds {
		if d.Path == "content/positions.md" {
			got = append(got, d.String())
		}
	}
	want := []string{
		`content/positions.md:12:1: warning: heading level skipped: "Don’t skip" is a level-4 heading after level 2; use ###`,
		`content/positions.md:14:5: error: link #TOC_6.1: this page has no heading or element with id "TOC_6.1"`,
		`content/positions.md:14:25: error: link #TOC_6.1: this page has no heading or element with id "TOC_6.1"`,
		`content/positions.md:16:6: error: link #TOC_6.: this page has no heading or element with id "TOC_6."`,
		`content/positions.md:18:1: warning: image without alt text: describe the image inside the brackets, ![like this](photo.jpg)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLinksToRawHTMLIDsResolve links to ids that raw HTML defines, which
// count as anchors when the site allows raw HTML.
func TestLinksToRawHTMLIDsResolve(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":    {Data: []byte("title: T\nunsafe_html: true\n")},
		"content/_index.md":    {Data: []byte("---\ntitle: Home\n---\nSee [old](old.md#legacy) and [para](old.md#p2) and [gone](old.md#gone).\n")},
		"content/old.md":       {Data: []byte("---\ntitle: Old\n---\n<a name=\"legacy\"></a>\n\n<p id='p2'>Text</p>\n")},
		"layouts/page.html":    {Data: []byte("{{ .Content }}")},
		"layouts/section.html": {Data: []byte("{{ .Content }}")},
	}
	_, err := Build(Options{FS: fsys, Dest: t.TempDir(), NoCache: true})
	want := `content/_index.md:4:52: link old.md#gone: content/old.md has no heading or element with id "gone"`
	if err == nil || !strings.Contains(err.Error(), want) || strings.Count(err.Error(), "no heading or element") != 1 {
		t.Errorf("got %v\nwant only %s", err, want)
	}
}

// TestLinkToAnAliasReachesThePage links to a page's old addresses.
func TestLinkToAnAliasReachesThePage(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":    {Data: []byte("title: T\n")},
		"content/_index.md":    {Data: []byte("---\ntitle: Home\n---\nSee [old](/old-page/#part), [file](/older.html) and [bare](/old-page).\n")},
		"content/new.md":       {Data: []byte("---\ntitle: New\naliases: [/old-page/, /older.html]\n---\n## Part\n")},
		"layouts/page.html":    {Data: []byte("{{ .Content }}")},
		"layouts/section.html": {Data: []byte("{{ .Content }}")},
	}
	dest := t.TempDir()
	if _, err := Build(Options{FS: fsys, Dest: dest, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	home, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	for _, want := range []string{`href="new/index.html#part"`, `href="new/index.html">file`, `href="new/index.html">bare`} {
		if !strings.Contains(string(home), want) {
			t.Errorf("home lacks %s:\n%s", want, home)
		}
	}
}

// TestBundleFilesMoveWithThePage gives a bundle's page another address:
// its files are beside it there too, for relative references in raw HTML.
func TestBundleFilesMoveWithThePage(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":             {Data: []byte("title: T\nunsafe_html: true\n")},
		"content/_index.md":             {Data: []byte("---\ntitle: Home\n---\nHome.\n")},
		"content/post/index.md":         {Data: []byte("---\ntitle: Post\nurl: /moved/\n---\n![Chart](chart.png) ![Photo](photo.jpg)\n\n<img src=\"chart.png\" alt=\"Chart\">\n")},
		"content/post/chart.png":        {Data: []byte(tinyPNG)},
		"content/post/photo.jpg":        {Data: testJPEG(1200, 800)},
		"content/post/notes.pdf":        {Data: []byte("%PDF")},
		"content/slugged/index.md":      {Data: []byte("---\ntitle: Slugged\nslug: other\n---\nText.\n")},
		"content/slugged/data/file.txt": {Data: []byte("x")},
		"layouts/page.html":             {Data: []byte("{{ .Content }}")},
		"layouts/section.html":          {Data: []byte("{{ .Content }}")},
	}
	dest := t.TempDir()
	if _, err := Build(Options{FS: fsys, Dest: dest, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"moved/index.html", "moved/notes.pdf", "moved/chart.png", "moved/photo.jpg", "post/chart.png", "post/notes.pdf", "other/data/file.txt"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	// An image is published once, its copy beside the moved page the same.
	orig, _ := os.ReadFile(filepath.Join(dest, "post/photo.jpg"))
	moved, _ := os.ReadFile(filepath.Join(dest, "moved/photo.jpg"))
	if len(orig) == 0 || string(orig) != string(moved) {
		t.Errorf("moved/photo.jpg (%d bytes) differs from post/photo.jpg (%d bytes)", len(moved), len(orig))
	}
}
