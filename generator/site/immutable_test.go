package site

import (
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/deepsum"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// TestRebuildsLeaveEarlierBuildsAsTheyWere keeps every build of a Builder
// and checks that no later rebuild, quick or full, changes what an earlier
// one holds: its site (every page, source and language view) and its
// records of the pages.
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
				return deepsum.Of([]any{bd.site, bd.recs, bd.withBody, bd.refs, bd.convDiags, bd.imageUses, bd.tmplOf})
			}
			builds := []kept{{b.last, sum(b.last), "the first build"}}
			for i, e := range []struct {
				what  string
				edit  func()
				quick bool
			}{
				{"a body edit", func() { ed.Append("content/guide/second.md", "\nMore words.\n") }, true},
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
