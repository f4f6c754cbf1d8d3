package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/bench/corpus"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	stockGFM = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer))
	quickGFM = goldmark.New(goldmark.WithExtensions(gfm, extension.Footnote, extension.Typographer))
)

// sameAsGoldmarkGFM converts src with goldmark's GFM and with ours and
// reports the outputs when they differ.
func sameAsGoldmarkGFM(src []byte) (want, got string, same bool) {
	var a, b bytes.Buffer
	errA := stockGFM.Convert(src, &a)
	errB := quickGFM.Convert(src, &b)
	return a.String(), b.String(), (errA == nil) == (errB == nil) && a.String() == b.String()
}

var linkifyCases = []string{
	"see http://example.com and https://example.org/a?b=c. Also ftp://x.y",
	"www.example.com (www.example.com) *www.example.com* _http://a.b_ ~www.x.y~",
	"mail me: someone@example.com, or at someone@example.com. or (a.b+c@d.e)",
	"@user and x@y and a@b.c and @ and a @ b and 1@2.3 and é@example.com",
	"line head\nhttp://start.of.line and\nwww.start.too\nuser@start.example",
	"HTTP://upper.case WWW.UPPER.CASE mailto:a@b.c",
	"[a link www.inside.label](http://x.y) and <http://angle.brackets>",
	"trailing http://x.y/path). and www.x.y;&amp; and http://x.y/a_b_",
	"a very long local part " + string(bytes.Repeat([]byte("a"), 70)) + "@example.com",
	"tabs\thttp://a.b\tand\tb@c.d\fend",
	"`code http://not.a.link` and **bold www.bold.link**",
}

func TestQuickLinkifyMatchesGoldmark(t *testing.T) {
	inputs := append([]string(nil), linkifyCases...)
	for i := range 200 {
		inputs = append(inputs, corpus.Page(i, 1000))
	}
	repo := sitecheck.FindRepoRoot(t)
	pages, _ := filepath.Glob(filepath.Join(repo, "content", "*.md"))
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	if len(pages) == 0 {
		t.Fatal("no pages of the explainer found")
	}
	links := 0
	for _, in := range inputs {
		want, got, same := sameAsGoldmarkGFM([]byte(in))
		if !same {
			t.Errorf("input %.60q:\ngoldmark: %s\nours:     %s", in, want, got)
		}
		links += bytes.Count([]byte(got), []byte("<a href"))
	}
	if links < 20 {
		t.Errorf("only %d links in the outputs: the cases do not exercise linkify", links)
	}
}

func FuzzQuickLinkify(f *testing.F) {
	for _, c := range linkifyCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if want, got, same := sameAsGoldmarkGFM([]byte(src)); !same {
			t.Errorf("input %q:\ngoldmark: %s\nours:     %s", src, want, got)
		}
	})
}
