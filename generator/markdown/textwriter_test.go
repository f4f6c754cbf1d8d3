package markdown

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// writeBoth writes src through goldmark's default writer and through
// textWriter, with Write and with RawWrite, and fails when they differ.
func writeBoth(t *testing.T, src []byte) {
	t.Helper()
	stock, fast := html.NewWriter(), textWriter{html.NewWriter()}
	for _, raw := range []bool{false, true} {
		var outs [2]bytes.Buffer
		for i, w := range []html.Writer{stock, fast} {
			bw := bufio.NewWriter(&outs[i])
			if raw {
				w.RawWrite(bw, src)
			} else {
				w.Write(bw, src)
			}
			bw.Flush()
		}
		if outs[0].String() != outs[1].String() {
			t.Errorf("raw=%v %q: goldmark writes %q, textWriter %q", raw, src, outs[0].String(), outs[1].String())
		}
	}
}

var textWriterCases = []string{
	"", "plain words.", "a < b > c", `say "hi"`, "AT&T &amp; &#34; &#x22; &bogus;",
	`back\slash \* \\`, "nul\x00byte", "caf\u00e9 \u2014 dash", "&", "\\",
}

func TestTextWriterMatchesGoldmark(t *testing.T) {
	for _, c := range textWriterCases {
		writeBoth(t, []byte(c))
	}
	for _, page := range corpusBodies(20) {
		writeBoth(t, page)
	}
}

func FuzzTextWriter(f *testing.F) {
	for _, c := range textWriterCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, src string) {
		writeBoth(t, []byte(src))
	})
}
