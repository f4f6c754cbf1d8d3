package highlight

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

// corpusBlock returns the code of the first fenced block of lang in the
// benchmark corpus.
func corpusBlock(tb testing.TB, lang string) []byte {
	for i := range 100 {
		page := gencorpus.Page(i, 100)
		start := strings.Index(page, "```"+lang+"\n")
		if start < 0 {
			continue
		}
		code := page[start+len(lang)+4:]
		return []byte(code[:strings.Index(code, "```")])
	}
	tb.Fatalf("no %s block in the corpus", lang)
	return nil
}

// BenchmarkBlockCorpus highlights the corpus's 20-line Go and 18-line
// Python blocks, without and with a (hit) cache.
func BenchmarkBlockCorpus(b *testing.B) {
	for _, lang := range []string{"go", "python"} {
		code := corpusBlock(b, lang)
		b.Run(lang, func(b *testing.B) {
			h := New(nil)
			h.Block(lang, code)
			b.SetBytes(int64(len(code)))
			b.ReportAllocs()
			for b.Loop() {
				h.Block(lang, code)
			}
		})
		b.Run(lang+"-cached", func(b *testing.B) {
			c, err := OpenCache(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			h := New(c)
			h.Block(lang, code)
			b.SetBytes(int64(len(code)))
			b.ReportAllocs()
			for b.Loop() {
				h.Block(lang, code)
			}
		})
	}
}

func TestCorpusBlocksHighlight(t *testing.T) {
	for _, lang := range []string{"go", "python"} {
		out := New(nil).Block(lang, corpusBlock(t, lang))
		if !bytes.Contains(out, []byte(`<span class="`)) {
			t.Errorf("%s block not highlighted:\n%s", lang, out)
		}
	}
}
