package markdown

import (
	"bytes"

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

// pageFeatures returns the features src may need.
func pageFeatures(src []byte) features {
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
