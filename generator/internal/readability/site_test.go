package readability

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
)

// MaxGrade is the highest Flesch-Kincaid grade any page of the site may have.
const MaxGrade = 8.0

// TestBuiltSiteReadsAtGradeEight builds the repository's site and fails when
// the article text (see MainText) of any page has a Flesch-Kincaid grade
// above MaxGrade. The message names the page and its longest sentences'
// share, so an editor knows where to start rewriting.
func TestBuiltSiteReadsAtGradeEight(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site; skipped with -short")
	}
	_, dir := sitecheck.BuildRealSite(t)
	pages, err := sitecheck.HTMLPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, page := range pages {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		text, err := MainText(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		s := Measure(text)
		if s.Words < 30 {
			continue // a page with almost no text, such as the 404 page
		}
		checked++
		g := s.Grade()
		t.Logf("%-28s grade %4.1f (%d words, %d sentences, %.1f words a sentence, %.2f syllables a word)",
			page, g, s.Words, s.Sentences, float64(s.Words)/float64(s.Sentences), float64(s.Syllables)/float64(s.Words))
		if g > MaxGrade {
			t.Errorf("%s reads at grade %.1f, above %.0f: use shorter sentences and shorter words (longest sentences: %q)",
				page, g, MaxGrade, Longest(text, 3))
		}
	}
	if checked == 0 {
		t.Fatalf("no page of the built site in %s had article text", dir)
	}
}
