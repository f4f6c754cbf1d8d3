package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
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
	"only http://one.example/link here",
}

// withPages returns cases followed by 200 corpus pages and the explainer's
// pages.
func withPages(t *testing.T, cases ...[]string) []string {
	t.Helper()
	var inputs []string
	for _, c := range cases {
		inputs = append(inputs, c...)
	}
	for i := range 200 {
		inputs = append(inputs, gencorpus.Page(i, 1000))
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
	return inputs
}

func TestQuickLinkifyMatchesGoldmark(t *testing.T) {
	inputs := withPages(t, linkifyCases)
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

// leanCases stress what the text splitting at trigger characters touches:
// emphasis, soft and hard breaks, headings, citations, footnotes, escapes,
// code spans and typographic punctuation, with and without the sequences
// that need a feature.
var leanCases = []string{
	"Wait... what -- and --- or << and >> or a-b, c.d . .. - > <",
	`\... \-- ` + "`...`" + ` *a...* _b--_ [x...](/y/) x.., y--z >>> <<< ...` + "\n",
	"no sequence here, just. punct - and 'quotes' \"double\" it's",
	"| a | b |\n|---|---|\n| c -- d | e... |\n",
	"Heading\n---\n\ntext\n\n***\n\n- - -\n",
	"wide    \nhard break\t\t  \nand\v \f  \nnarrow   \nend",
	"soft \t\nbreak\t\t\nplain  \nlast  ",
	"one two  three\nfour *five six* seven\\\neight  \nnine _ten_ ~~gone~~ end",
	"# A heading with *emphasis* and `code`\n\npara \"quoted\" -- dash... 'single'",
	"[@a] and [@b; @c] cite, [link](/x/) and ![img](/i.png \"t\") and [ref]\n\n[ref]: /r/",
	"Text[^1] more.\n\n[^1]: The note with *words*.\n",
	"| a | b |\n|---|--:|\n| c d | e f |\n\n- [ ] task\n- [x] done",
	"term\n: definition with  two spaces\n\n> quote *a\n> b* c",
	"\\@escaped @start (@paren) \\* x \t tab\tsep",
	"## Heading {#id .cls}\n\n<b>raw</b> &amp; &copy; trailing   ",
}

// reference is the page parser with goldmark's own typographer and every
// trigger: the parser Convert's lean variants must match.
var reference = newGoldmark(Options{}, true, gfm, extension.Typographer)

// sameAsReference converts src with the reference parser and with the
// Converter's own choice and reports the results when they differ.
func sameAsReference(t *testing.T, c *Converter, src []byte) {
	t.Helper()
	var calls [2][]string
	pcs := [2]*PageContext{}
	for i := range pcs {
		pcs[i] = &PageContext{ResolveLink: func(dest string, image bool) (string, error) {
			calls[i] = append(calls[i], dest)
			return dest, nil
		}}
	}
	var html []byte
	want, errA := c.convert(reference, src, pcs[0], func(b []byte) error { html = bytes.Clone(b); return nil })
	if want != nil {
		want.HTML = html
	}
	got, errB := c.Convert(src, pcs[1])
	if (errA == nil) != (errB == nil) {
		t.Fatalf("input %q: errors %v and %v", src, errA, errB)
	}
	if errA != nil {
		return
	}
	if !reflect.DeepEqual(want, got) || !reflect.DeepEqual(calls[0], calls[1]) {
		t.Errorf("input %q:\nreference: %+v\nfeatures %04b: %+v", src, want, pageFeatures(src), got)
	}
}

func TestLeanParsersMatch(t *testing.T) {
	c := New(Options{})
	inputs := withPages(t, leanCases, linkifyCases)
	seen := map[features]int{}
	for _, in := range inputs {
		seen[pageFeatures([]byte(in))]++
		sameAsReference(t, c, []byte(in))
	}
	// The corpus pages have no URL, e-mail address, "..." or ">>".
	if n := seen[featDashes]; n < 200 {
		t.Errorf("only %d of %d inputs took the lean parser: %v", n, len(inputs), seen)
	}
	if len(seen) < 5 {
		t.Errorf("the inputs exercise only %d parser variants: %v", len(seen), seen)
	}
}

func TestMayHaveAutolink(t *testing.T) {
	for src, want := range map[string]bool{
		"":                  false,
		"plain words":       false,
		"@start and\n@line": false,
		"x ( @a":            false,
		"a@b":               true,
		"(@a":               true,
		"see http:":         true,
		"see https:":        true,
		"ftp:":              true,
		"a www.b":           true,
		"HTTP://x WWW.x":    false,
		"http www ftp":      false,
	} {
		if got := mayHaveAutolink([]byte(src)); got != want {
			t.Errorf("mayHaveAutolink(%q) = %v, want %v", src, got, want)
		}
	}
}

// FuzzPageFeatures checks that where mayHaveAutolink says no, no trigger
// position can start a link, and that the parser variant Convert picks
// converts src as the reference parser does.
func FuzzPageFeatures(f *testing.F) {
	for _, c := range append(append(append([]string(nil), leanCases...), linkifyCases...), goldmarkCases(f)...) {
		f.Add(c)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		if !mayHaveAutolink([]byte(src)) {
			for i := range len(src) {
				if mayLink([]byte(src[i:])) {
					t.Fatalf("mayHaveAutolink(%q) = false, but mayLink is true at %d", src, i)
				}
			}
		}
		sameAsReference(t, c, []byte(src))
	})
}
