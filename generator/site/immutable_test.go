package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/deepsum"
)

// TestRebuildsLeaveEarlierBuildsAsTheyWere keeps every build of a Builder
// and checks that no later rebuild, quick or full, changes what an earlier
// one holds: its site (every page, source and language view) and its
// records of the pages.
func TestRebuildsLeaveEarlierBuildsAsTheyWere(t *testing.T) {
	for _, name := range []string{"basic", "multilingual"} {
		t.Run(name, func(t *testing.T) {
			src, _ := fixture(t, "testdata/build/"+name+".txtar")
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
			edit := func(rel string, f func(string) string) string {
				p := filepath.Join(src, filepath.FromSlash(rel))
				text, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(f(string(text))), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			appendText := func(s string) func(string) string { return func(t string) string { return t + s } }
			for i, e := range []struct {
				what  string
				rel   string
				f     func(string) string
				quick bool
			}{
				{"a body edit", "content/guide/second.md", appendText("\nMore words.\n"), true},
				{"a body edit of a linked page", "content/settlement.md", appendText("\nAnd more.\n"), true},
				{"a title edit", "content/guide/first.md", func(t string) string { return strings.Replace(t, "title: ", "title: New ", 1) }, false},
				{"another body edit", "content/guide/second.md", appendText("\nEven more words.\n"), true},
			} {
				res, err := b.Build([]string{edit(e.rel, e.f)})
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
