package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's extension.GFM (autolinks, tables, strikethrough, task
// lists) with its autolink parser behind quickLinkify.
var gfm goldmark.Extender = gfmExtender{linkify: true}

// gfmExtender is gfm, or gfm without autolinks when linkify is false: the
// parser variant for pages in which none can occur (see [features]).
type gfmExtender struct{ linkify bool }

func (e gfmExtender) Extend(m goldmark.Markdown) {
	if e.linkify {
		// As extension.Linkify.Extend, with the same priority, first.
		m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999)))
	}
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// quickLinkify runs goldmark's autolink parser only where a link can
// start. That parser runs at every space of the text (about 14% of a
// page's conversion) and almost always finds nothing; quickLinkify
// answers nil without calling it when the text after the trigger starts
// with none of its URL prefixes (http:, https:, ftp:, www.) and its first
// word has no "@" after at least one character, which an e-mail address
// needs. Everywhere else the result is the parser's own.
type quickLinkify struct{ parser.InlineParser }

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !mayLink(line) {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// mayLink reports whether goldmark's linkify parser can find a link at the
// start of line (after the character that triggered it).
func mayLink(line []byte) bool {
	if len(line) > 0 {
		switch line[0] {
		case ' ', '*', '_', '~', '(': // the parser skips its trigger
			line = line[1:]
		}
	}
	if len(line) > 0 {
		switch line[0] {
		case 'h':
			if hasPrefix(line, "http:") || hasPrefix(line, "https:") {
				return true
			}
		case 'f':
			if hasPrefix(line, "ftp:") {
				return true
			}
		case 'w':
			if hasPrefix(line, "www.") {
				return true
			}
		}
	}
	for i, c := range line {
		switch c {
		case '@':
			return i > 0
		case ' ', '\t', '\n', '\r', '\f', '\v':
			return false
		}
	}
	return false
}

func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}
