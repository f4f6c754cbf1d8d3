package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// pageFeaturesReference is pageFeatures written plainly, one search per
// feature: the reference the tests hold it to.
func pageFeaturesReference(src []byte) features {
	var f features
	if needsSpaceTrigger(src) {
		f |= featAutolink
	}
	if bytes.Contains(src, []byte("...")) {
		f |= featEllipsis
	}
	if bytes.Contains(src, []byte("--")) {
		f |= featDashes
	}
	if bytes.Contains(src, []byte(">>")) {
		f |= featGuillemet
	}
	return f
}

// needsSpaceTrigger reports whether src must be parsed with the autolink
// parser, whose trigger makes goldmark split text at every space: where a
// link can start ([mayHaveAutolink]), and where that split changes the
// output. It does at a line that ends in two or more spaces or tabs:
// goldmark trims the trailing space of a line's last text segment only,
// so with the split it keeps all but the last of them ("a \t\nb" gives
// "a \nb", without the split "a\nb"; "a    \n" gives "a <br>", without
// it "a<br>"). Lines ending in exactly two spaces, the usual hard break,
// come out the same either way, but are not told apart here. A carriage
// return counts as a blank there too: "a\r \nb" keeps its "\r" only with
// the split.
func needsSpaceTrigger(src []byte) bool {
	if mayHaveAutolink(src) {
		return true
	}
	for rest := src; ; {
		line := rest
		nl := bytes.IndexByte(rest, '\n')
		if nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		}
		if n := len(line); n >= 2 && isBlank(line[n-1]) && isBlank(line[n-2]) {
			return true
		}
		if nl < 0 {
			return false
		}
	}
}

// mayHaveAutolink reports whether goldmark's linkify parser can find a link
// anywhere in src: whether [mayLink] can be true at any position. It needs
// a URL prefix ("http:", "https:", "ftp:", "www.") or an "@" after a
// character that is not white space. Where there is none, the parser
// answers nil at every trigger, and a parser without it builds the same
// document with fewer text nodes: it no longer splits text at every space
// (about a quarter of a page's parsing).
func mayHaveAutolink(src []byte) bool {
	for _, prefix := range [...]string{"http:", "https:", "ftp:", "www."} {
		if bytes.Contains(src, []byte(prefix)) {
			return true
		}
	}
	for i := 0; ; i++ {
		j := bytes.IndexByte(src[i:], '@')
		if j < 0 {
			return false
		}
		i += j
		if i > 0 {
			switch src[i-1] {
			case ' ', '\t', '\n', '\r', '\f', '\v':
			default:
				return true
			}
		}
	}
}

func TestPageFeaturesMatchesReference(t *testing.T) {
	inputs := withPages(t, leanCases, linkifyCases)
	inputs = append(inputs, "", "a", ":", "http:", "xhttp:", "https:", "ftp:", "www.", "ww.", "a@b", "@b", " @b", "\n@b",
		"a  ", "a \t\nb", "a \n", "a\r \nb", "...", "..", "--", "-", ">>", "> >", "a.\n..")
	for _, in := range inputs {
		if got, want := pageFeatures([]byte(in)), pageFeaturesReference([]byte(in)); got != want {
			t.Errorf("pageFeatures(%q) = %04b, want %04b", in, got, want)
		}
	}
}

func FuzzPageFeaturesReference(f *testing.F) {
	for _, s := range []string{"see http://x and www.y...", "a@b -- c >> d  \ne", "x  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if got, want := pageFeatures([]byte(src)), pageFeaturesReference([]byte(src)); got != want {
			t.Errorf("pageFeatures(%q) = %04b, want %04b", src, got, want)
		}
	})
}

func BenchmarkPageFeatures(b *testing.B) {
	pages := corpusBodies(64)
	for _, bc := range []struct {
		name string
		f    func([]byte) features
	}{{"one-pass", pageFeatures}, {"reference", pageFeaturesReference}} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				bc.f(pages[i%len(pages)])
				i++
			}
		})
	}
}

// countWordsReference counts words as wordCounter does, plainly: fields
// between white space holding a letter or digit.
func countWordsReference(s string) int {
	n := 0
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

func FuzzWordCounter(f *testing.F) {
	for _, s := range []string{"hello world", "a-b c 42", "— ... !! ?", "héllo wörld 漢字 ÿ", "x\u00a0y\u2003z\u0085w", "\xff\xfe ab\xffcd", "tab\tnew\nline\r\fv\vend"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, cut int) {
		var w wordCounter
		w.add([]byte(s))
		w.boundary()
		if want := countWordsReference(s); w.n != want {
			t.Errorf("%q: %d words, want %d", s, w.n, want)
		}
		// In two pieces (text segments hold whole characters), without a
		// boundary between them: the same.
		if cut < 0 || cut > len(s) || cut < len(s) && !utf8.RuneStart(s[cut]) {
			return
		}
		var p wordCounter
		p.add([]byte(s[:cut]))
		p.add([]byte(s[cut:]))
		p.boundary()
		if p.n != w.n {
			t.Errorf("%q cut at %d: %d words, whole %d", s, cut, p.n, w.n)
		}
	})
}
