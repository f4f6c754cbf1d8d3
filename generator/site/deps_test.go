package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
)

// readsSite is a site whose layouts read other pages' body fields only
// through functions and values the layouts cannot see by name: where over a
// field name, and jsonld of a neighbour.
const readsSite = `-- content/site.yaml --
title: Reads
-- content/_index.md --
---
title: Home
---
Home.
-- content/notes/_index.md --
---
title: Notes
---
Notes.
-- content/notes/a.md --
---
title: Alpha
date: 2024-01-01
---
Alpha opens.
-- content/notes/b.md --
---
title: Beta
date: 2024-01-02
---
Beta opens.
-- layouts/section.html --
<ul>{{ range where .Pages "HasCode" true }}<li>{{ .Title }}</li>{{ end }}</ul>
-- layouts/page.html --
<h1>{{ .Title }}</h1>{{ .Content }}
`

// neighbourLayout shows the JSON of the previous page's fields.
const neighbourLayout = `<h1>{{ .Title }}</h1>{{ .Content }}
<script type="application/ld+json">{{ with .Prev }}{{ jsonld . }}{{ end }}</script>
`

// lookupLayout shows fields of pages found with .Site.Page, by URL and by
// content path.
const lookupLayout = `<h1>{{ .Title }}</h1>{{ .Content }}
<p>{{ with .Site.Page "/notes/b/" }}{{ .WordCount }} {{ .HasCode }}{{ end }}</p>
<p>{{ with .Site.Page "notes/a.md" }}{{ .WordCount }} {{ .HasCode }}{{ end }}</p>
`

// TestQuickRebuildSeesFieldsReadByFunctions edits a page's body without
// changing its summary and checks that the quick rebuild writes what a
// clean build writes, for layouts that read other pages' fields through
// where, through a neighbour and through .Site.Page.
func TestQuickRebuildSeesFieldsReadByFunctions(t *testing.T) {
	t.Run("where", func(t *testing.T) { testQuickRebuildSees(t, "") })
	t.Run("jsonld", func(t *testing.T) { testQuickRebuildSees(t, neighbourLayout) })
	t.Run("site.Page", func(t *testing.T) { testQuickRebuildSees(t, lookupLayout) })
}

func testQuickRebuildSees(t *testing.T, pageLayout string) {
	_, files := txtar.Parse([]byte(readsSite))
	for i := range files {
		if files[i].Name == "layouts/page.html" && pageLayout != "" {
			files[i].Data = []byte(pageLayout)
		}
	}
	src := t.TempDir()
	if err := txtar.WriteDir(src, files); err != nil {
		t.Fatal(err)
	}
	b, dest, _ := liveBuilder(t, src)
	for _, rel := range []string{"content/notes/a.md", "content/notes/b.md"} {
		p := filepath.Join(src, filepath.FromSlash(rel))
		text, _ := os.ReadFile(p)
		text = append(text, "\n```go\npackage main\n```\n\nMore words here.\n"...)
		if err := os.WriteFile(p, text, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := b.Build([]string{p})
		if err != nil {
			t.Fatal(err)
		}
		// The page itself and the section that lists it: no more.
		if pageLayout == "" && (!res.Quick || res.Rendered != 2) {
			t.Errorf("the rebuild after editing %s rendered %d pages (quick: %v), want 2, quickly", rel, res.Rendered, res.Quick)
		}
		clean := filepath.Join(t.TempDir(), "clean")
		if _, err := Build(Options{Source: src, Dest: clean, NoCache: true}); err != nil {
			t.Fatal(err)
		}
		if d := sitetest.Diff(sitetest.ReadTree(t, clean), sitetest.ReadTree(t, dest)); d != "" {
			t.Fatalf("after adding code to %s, the rebuild differs from a clean build:\n%s", rel, d)
		}
	}
	if got := sitetest.ReadTree(t, dest)["notes/index.html"]; !strings.Contains(string(got), "<li>Beta</li><li>Alpha</li>") {
		t.Errorf("section lists %s", got)
	}
}
