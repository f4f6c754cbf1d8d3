package site

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/deepsum"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// TestRebuildsLeaveEarlierBuildsAsTheyWere keeps every build of a Builder
// and checks that no later rebuild, quick or full, changes what an earlier
// one holds: its site (every page, source and language view), its records
// of the pages and of the links in their output.
func TestRebuildsLeaveEarlierBuildsAsTheyWere(t *testing.T) {
	for _, name := range []string{"basic", "multilingual"} {
		t.Run(name, func(t *testing.T) {
			src, _ := sitetest.FromArchiveFile(t, "testdata/build/"+name+".txtar")
			ed := sitetest.NewEditor(t, src)
			b, err := NewBuilder(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Build(nil); err != nil {
				t.Fatal(err)
			}
			type kept struct {
				bd   *build
				sum  string
				what string
			}
			sum := func(bd *build) string {
				return deepsum.Of([]any{bd.site, bd.recs, bd.withBody, bd.refs, bd.convDiags, bd.imageUses, bd.tmplOf, bd.links})
			}
			builds := []kept{{b.last, sum(b.last), "the first build"}}
			for i, e := range []struct {
				what  string
				edit  func()
				quick bool
			}{
				{"a body edit", func() { ed.Append("content/guide/second.md", "\n## A new part\n\nMore words [home](/).\n") }, true},
				{"a body edit of a linked page", func() { ed.Append("content/settlement.md", "\nAnd more.\n") }, true},
				{"a title edit", func() { ed.Replace("content/guide/first.md", "title: ", "title: New ") }, false},
				{"another body edit", func() { ed.Append("content/guide/second.md", "\nEven more words.\n") }, true},
			} {
				e.edit()
				res, err := b.Build(ed.Changed())
				if err != nil {
					t.Fatalf("%s: %v", e.what, err)
				}
				if res.Quick != e.quick {
					t.Fatalf("%s: quick %v, want %v", e.what, res.Quick, e.quick)
				}
				for _, k := range builds {
					if sum(k.bd) != k.sum {
						t.Errorf("rebuild %d (%s) changed what %s holds", i+1, e.what, k.what)
					}
				}
				builds = append(builds, kept{b.last, sum(b.last), "rebuild " + e.what})
			}
		})
	}
}

// TestQuickRebuildUsesEverythingTheLoadMade edits a Spanish page's body on
// a site with a share image and Spanish words for the Markdown (the title
// of a citation link), and checks the quick rebuild writes what a clean
// build writes: it takes all the content and layouts stages made, not a
// hand-picked part of it.
func TestQuickRebuildUsesEverythingTheLoadMade(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/multilingual.txtar")
	ed := sitetest.NewEditor(t, src)
	ed.Replace("content/site.yaml", "author: Desk\n", "author: Desk\nimage: img/bg.svg\n")
	ed.Replace("layouts/page.html", "{{ .Content }}", `<meta property="og:image" content="{{ .Image }}">{{ .Content }}`)
	ed.Append("layouts/i18n/es.yaml", "cite.source: \"Fuente {number}\"\n")
	dest := filepath.Join(t.TempDir(), "live")
	b, err := NewBuilder(Options{Source: src, Dest: dest, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	ed.Changed()
	ed.Append("content/es/acuerdo.md", "\nMás texto [@dmhc].\n")
	res, err := b.Build(ed.Changed())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Quick {
		t.Fatal("the body edit took the full rebuild")
	}
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := Build(Options{Source: src, Dest: clean, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	want := sitetest.ReadTree(t, clean)
	if d := sitetest.Diff(want, sitetest.ReadTree(t, dest)); d != "" {
		t.Fatalf("the quick rebuild differs from a clean build:\n%s", d)
	}
	page := string(want["es/acuerdo/index.html"])
	if !strings.Contains(page, "Fuente 1") || !strings.Contains(page, `og:image" content="/assets/img/bg`) {
		t.Errorf("the test tests nothing: the page lacks the Spanish text or the share image:\n%s", page)
	}
}
