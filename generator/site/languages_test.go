package site

import (
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
)

// TestMultilingualFixtures builds every case of testdata/multilingual (the
// format of the newsroom cases): sites with a languages setting.
func TestMultilingualFixtures(t *testing.T) { runFixtures(t, "testdata/multilingual") }

// TestQuickRebuildSeesOtherLanguages edits the bodies of a Spanish page
// and its original, whose summary, word count and content the other shows
// through .Translations, .LanguageLinks, .Alternates and .Original: the
// rebuilds (quick where only bodies changed) must render it again, byte
// for byte as a clean build does.
func TestQuickRebuildSeesOtherLanguages(t *testing.T) {
	for _, read := range []string{
		`{{ range .Translations }}{{ .Summary }}{{ end }}`,
		`{{ range .LanguageLinks }}{{ .Page.WordCount }}{{ end }}`,
		`{{ range .Alternates }}{{ len .Page.Content }}{{ end }}`,
		`{{ with .Original }}{{ .Summary }}{{ end }}`,
	} {
		t.Run(read, func(t *testing.T) {
			src, _ := fixture(t, "testdata/build/multilingual.txtar")
			o := &opSite{t: t, root: src, rng: rand.New(rand.NewSource(1))}
			o.write("layouts/page.html", strings.Replace(o.read("layouts/page.html"), "{{ .Content }}", "{{ .Content }}<aside>"+read+"</aside>", 1))
			dest := filepath.Join(t.TempDir(), "live")
			b, err := NewBuilder(Options{Source: src, Dest: dest, NoCache: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Build(nil); err != nil {
				t.Fatal(err)
			}
			quick := 0
			for _, edit := range [][3]string{
				{"content/es/acuerdo.md", "Kaiser aceptó pagar una multa", "Una frase nueva, mucho más larga. "}, // the summary: a full rebuild
				{"content/es/acuerdo.md", "Vea [la guía]", "Y más texto, con `código`.\n\n```go\nvar x = 1\n```\n\n"},
				{"content/settlement.md", "Footnote here.", "More words in English.\n\n"},
			} {
				o.dirty = nil
				o.write(edit[0], strings.Replace(o.read(edit[0]), edit[1], edit[2]+edit[1], 1))
				res, err := b.Build(o.dirty)
				if err != nil {
					t.Fatal(err)
				}
				if res.Quick {
					quick++
				}
				clean := filepath.Join(t.TempDir(), "clean")
				if _, err := Build(Options{Source: src, Dest: clean, NoCache: true}); err != nil {
					t.Fatal(err)
				}
				if d := treeDiff(readTree(t, clean), readTree(t, dest)); d != "" {
					t.Fatalf("after editing %s:\n%s", edit[0], d)
				}
			}
			if quick == 0 {
				t.Error("no edit took the quick rebuild")
			}
		})
	}
}
