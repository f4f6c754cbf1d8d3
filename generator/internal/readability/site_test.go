package readability

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
)

// TestBuiltSiteReadsEasily builds the repository's site and fails when the
// article text (see MainText) of any page reads too hard for its language
// (see JudgePage): an English page above Flesch-Kincaid grade MaxGrade, a
// Spanish page below Fernández-Huerta index MinSpanishIndex. The message
// names the page and its longest sentences, so an editor knows where to
// start rewriting.
func TestBuiltSiteReadsEasily(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site; skipped with -short")
	}
	_, dir := sitecheck.BuildRealSite(t)
	pages, err := sitecheck.HTMLPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]int{}
	for _, page := range pages {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		v, err := JudgePage(b)
		if err != nil {
			t.Errorf("%s: %v", page, err)
			continue
		}
		s := v.Stats
		if s.Words < 30 {
			continue // a page with almost no text, such as the 404 page
		}
		checked[v.Lang]++
		t.Logf("%-36s %s %5.1f (%d words, %d sentences, %.1f words a sentence, %.2f syllables a word)",
			page, v.Measure, v.Score, s.Words, s.Sentences, float64(s.Words)/float64(s.Sentences), float64(s.Syllables)/float64(s.Words))
		if !v.OK {
			t.Errorf("%s has %s %.1f, want %s: use shorter sentences and shorter words (longest sentences: %q)",
				page, v.Measure, v.Score, v.Limit, v.Longest)
		}
	}
	if len(checked) == 0 {
		t.Fatalf("no page of the built site in %s had article text", dir)
	}
	t.Logf("pages measured by language: %v", checked)
}
