package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// features are the inline syntaxes whose trigger characters are common in
// prose but which a page's text may not contain at all. goldmark splits a
// paragraph's text at every trigger character and asks the parsers
// registered for it; a page parsed without a feature it cannot contain
// gets the same result (the same HTML, headings, summary and word count:
// TestLeanParsersMatch, FuzzPageFeatures) with fewer text nodes, which saves
// about a quarter of the parsing of a typical page.
type features uint8

const (
	featAutolink  features = 1 << iota // a URL or e-mail address, or a wide hard break: [needsSpaceTrigger]
	featEllipsis                       // "..." for the typographer's ellipsis
	featDashes                         // "--" for its en and em dashes
	featGuillemet                      // ">>" for its right angle quote
	allFeatures   = featAutolink | featEllipsis | featDashes | featGuillemet
)

// pageFeatures returns the features src may need, in one pass over it:
//
//   - featAutolink where goldmark's linkify parser can find a link (a URL
//     prefix "http:", "https:", "ftp:" or "www.", or an "@" after a
//     character that is not white space: where [mayLink] can be true), or
//     where a line ends in two or more blanks (see below);
//   - featEllipsis where "..." is, featDashes "--", featGuillemet ">>".
//
// Without autolinks the parser no longer splits text at every space, but
// the split also changes the output at a line that ends in two or more
// spaces or tabs: goldmark trims the trailing space of a line's last text
// segment only, so with the split it keeps all but the last of them ("a
// \t\nb" gives "a \nb", without the split "a\nb"; "a    \n" gives "a
// <br>", without it "a<br>"). Lines ending in exactly two spaces, the usual
// hard break, come out the same either way, but are not told apart here. A
// carriage return counts as a blank there too: "a\r \nb" keeps its "\r"
// only with the split.
func pageFeatures(src []byte) features {
	var f features
	n := len(src)
	for i := 0; i < n; i++ {
		c := src[i]
		if !featureByte[c] {
			continue
		}
		switch c {
		case ':':
			if hasSuffixAt(src, i, "http") || hasSuffixAt(src, i, "https") || hasSuffixAt(src, i, "ftp") {
				f |= featAutolink
			}
		case '.':
			if i+2 < n && src[i+1] == '.' && src[i+2] == '.' {
				f |= featEllipsis
			}
			if hasSuffixAt(src, i, "www") {
				f |= featAutolink
			}
		case '@':
			if i > 0 && !isSpaceBefore(src[i-1]) {
				f |= featAutolink
			}
		case '-':
			if i+1 < n && src[i+1] == '-' {
				f |= featDashes
			}
		case '>':
			if i+1 < n && src[i+1] == '>' {
				f |= featGuillemet
			}
		case '\n':
			if i >= 2 && isBlank(src[i-1]) && isBlank(src[i-2]) {
				f |= featAutolink
			}
		}
		if f == allFeatures {
			return f
		}
	}
	if n >= 2 && isBlank(src[n-1]) && isBlank(src[n-2]) { // the last line, without a newline
		f |= featAutolink
	}
	return f
}

// featureByte marks the bytes pageFeatures looks at.
var featureByte = [256]bool{':': true, '.': true, '@': true, '-': true, '>': true, '\n': true}

// hasSuffixAt reports whether src[:i] ends with s.
func hasSuffixAt(src []byte, i int, s string) bool {
	return i >= len(s) && string(src[i-len(s):i]) == s
}

// isSpaceBefore reports whether c, before an "@", is white space for the
// linkify parser's e-mail addresses.
func isSpaceBefore(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return false
}

// isBlank reports whether goldmark's parser treats c as a space at the
// end of a line.
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'
}

// typographer is goldmark's extension.Typographer with fewer trigger
// characters. Its parser answers nil at ',', '*' and '[' whatever follows
// (other parsers handle '*' and '['), at '.' unless "..." starts there, at
// '-' unless "--" does and at '>' unless ">>" does; so those triggers are
// dropped, always or when the page's features say the text has no such
// sequence.
type typographer struct{ f features }

func (t typographer) Extend(m goldmark.Markdown) {
	triggers := []byte{'\'', '"', '<'}
	if t.f&featEllipsis != 0 {
		triggers = append(triggers, '.')
	}
	if t.f&featDashes != 0 {
		triggers = append(triggers, '-')
	}
	if t.f&featGuillemet != 0 {
		triggers = append(triggers, '>')
	}
	// The priority of extension.Typographer's parser.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(
		triggerSet{extension.NewTypographerParser(), triggers}, 9999)))
}

// triggerSet is an inline parser with its own trigger characters.
type triggerSet struct {
	parser.InlineParser
	triggers []byte
}

func (t triggerSet) Trigger() []byte { return t.triggers }
