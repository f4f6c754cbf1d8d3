package markdown

import (
	"bytes"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

// corpusBodies returns the bodies of the first n pages of the benchmark
// corpus, front matter blanked as the generator does.
func corpusBodies(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		src := []byte(gencorpus.Page(i, 1000))
		end := bytes.Index(src[4:], []byte("\n---\n")) + 9
		body := append(bytes.Repeat([]byte("\n"), bytes.Count(src[:end], []byte("\n"))), src[end:]...)
		out[i] = body
	}
	return out
}

// BenchmarkConvertCorpusPage converts benchmark-corpus pages (about 750
// words, a table, a list, a footnote, a link and one 20-line code block);
// one op is one page.
func BenchmarkConvertCorpusPage(b *testing.B) {
	pages := corpusBodies(64)
	for _, bc := range []struct {
		name string
		h    *highlight.Highlighter
	}{
		{"plain-code", nil},
		{"highlighted", highlight.New(nil)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := New(Options{Highlighter: bc.h})
			pc := &PageContext{ResolveLink: func(dest string, _ bool) (string, error) { return dest, nil }}
			var size int64
			for _, p := range pages {
				size += int64(len(p))
			}
			b.SetBytes(size / int64(len(pages)))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := c.Convert(pages[i%len(pages)], pc); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
