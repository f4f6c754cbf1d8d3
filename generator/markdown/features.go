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
	featAutolink  features = 1 << iota // a URL or e-mail address: [mayHaveAutolink]
	featEllipsis                       // "..." for the typographer's ellipsis
	featDashes                         // "--" for its en and em dashes
	featGuillemet                      // ">>" for its right angle quote
	allFeatures   = featAutolink | featEllipsis | featDashes | featGuillemet
)

// pageFeatures returns the features src may need.
func pageFeatures(src []byte) features {
	var f features
	if mayHaveAutolink(src) {
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
