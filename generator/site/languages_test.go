package site

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
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
			src, _ := sitetest.FromArchiveFile(t, "testdata/build/multilingual.txtar")
			o := &opSite{t: t, root: src, rng: rand.New(rand.NewSource(1))}
			o.write("layouts/page.html", strings.Replace(o.read("layouts/page.html"), "{{ .Content }}", "{{ .Content }}<aside>"+read+"</aside>", 1))
			b, dest, _ := liveBuilder(t, src)
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
				if d := sitetest.Diff(sitetest.ReadTree(t, clean), sitetest.ReadTree(t, dest)); d != "" {
					t.Fatalf("after editing %s:\n%s", edit[0], d)
				}
			}
			if quick == 0 {
				t.Error("no edit took the quick rebuild")
			}
		})
	}
}

// fixedSpanish are the Spanish pages of testdata/build/multilingual.txtar.
var fixedSpanish = []string{"content/es/_index.md", "content/es/acuerdo.md", "content/es/guía/_index.md", "content/es/guía/primero.md", "content/es/cronología.md"}

// translatable are English pages of the multilingual fixture that no
// Spanish page translates and that the test never removes.
var translatable = []string{"content/guide/second.md", "content/my page é.md", "content/bundle/index.md"}

// spanishStep performs one random operation on the Spanish side of the
// multilingual fixture.
func (o *opSite) spanishStep(op, n int) {
	switch op {
	case 19: // edit the body of a Spanish page
		rel := fixedSpanish[o.rng.Intn(len(fixedSpanish))]
		o.write(rel, o.read(rel)+fmt.Sprintf("\nCambio %d: [acuerdo](/es/acuerdo/#la-multa).\n", n))
		o.log = append(o.log, "edit body "+rel)
	case 20: // create a Spanish page, a translation when one is left to make
		rel := fmt.Sprintf("content/es/página-%d.md", n)
		if o.rng.Intn(2) == 0 {
			rel = fmt.Sprintf("content/es/sección/artículo-%d.md", n)
		}
		fm := "title: Página " + fmt.Sprint(n) + "\ndate: 2024-06-01\ntags: [Huelga económica]"
		for _, orig := range translatable {
			if o.translated[orig] == "" {
				o.translated[orig] = rel
				fm += "\ntranslation_of: " + strings.TrimPrefix(orig, "content/")
				break
			}
		}
		o.write(rel, "---\n"+fm+"\n---\n## Parte\n\nTexto [inicio](/es/).\n")
		o.gen = append(o.gen, rel)
		o.log = append(o.log, "create "+rel)
	case 21: // edit the Spanish data file, or remove it (the English one is used) and back
		rel := "content/data/timeline.es.yaml"
		if _, err := os.Stat(o.path(rel)); err != nil {
			o.write(rel, "- date: 2024-10-21\n  title: Vuelve la huelga\n  sources: [dmhc]\n")
			o.log = append(o.log, "create "+rel)
		} else if o.rng.Intn(2) == 0 {
			os.Remove(o.path(rel))
			o.touch(rel)
			o.log = append(o.log, "delete "+rel)
		} else {
			o.write(rel, o.read(rel)+fmt.Sprintf("- date: 2024-11-0%d\n  title: Evento %d\n", n%9+1, n))
			o.log = append(o.log, "edit "+rel)
		}
	case 22: // link or unlink a translation in front matter
		rel := "content/es/cronología.md"
		text := o.read(rel)
		if strings.Contains(text, "translation_of:") {
			text = strings.Replace(text, "translation_of: timeline.md\n", "", 1)
		} else {
			text = strings.Replace(text, "title: Cronología\n", "title: Cronología\ntranslation_of: timeline.md\n", 1)
		}
		o.write(rel, text)
		o.log = append(o.log, "toggle translation_of in "+rel)
	case 23: // edit the Spanish interface strings: new texts, or no "updated" (English shows)
		rel := "layouts/i18n/es.yaml"
		text := fmt.Sprintf("sources:\n  one: \"{count} fuente\"\n  other: \"{count} fuentes (%d)\"\n", n)
		if o.rng.Intn(2) == 0 {
			text += fmt.Sprintf("updated: Actualizado %d\n", n)
		}
		o.write(rel, text)
		o.log = append(o.log, "edit "+rel)
	}
}

// untranslate forgets that the page rel, removed or rewritten, translated
// an English page.
func (o *opSite) untranslate(rel string) {
	for orig, tr := range o.translated {
		if tr == rel {
			delete(o.translated, orig)
		}
	}
}
