package markdown

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindCitation is the AST node kind of citations. goldmark node kinds are
// process-wide registrations, so this is the package's one global.
var kindCitation = ast.NewNodeKind("Citation")

// citationNode is an inline "[@a; @b]". refs is filled in by Convert after
// parsing, before rendering.
type citationNode struct {
	ast.BaseInline
	keys []string
	refs []CiteRef
}

func (n *citationNode) Kind() ast.NodeKind { return kindCitation }

func (n *citationNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Keys": strings.Join(n.keys, "; ")}, nil)
}

// citationParser recognises citations. It runs before goldmark's link parser
// and returns nil, leaving the text to it, for anything that is not exactly a
// citation.
type citationParser struct{}

func (citationParser) Trigger() []byte { return []byte{'['} }

func (citationParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	keys, n := scanCitation(line)
	if n == 0 || pc.IsInLinkLabel() {
		return nil
	}
	if n < len(line) && (line[n] == '(' || line[n] == '[') {
		if _, m := scanCitation(line[n:]); line[n] == '(' || m == 0 {
			return nil // [@user](https://...) or [@user][ref] is a link
		}
		// [@a][@b]: two citations, merged into one bracket by Convert
	}
	if _, ok := pc.Reference(util.ToLinkReference(line[1 : n-1])); ok {
		return nil // shortcut reference link to a definition [@user]: ...
	}
	block.Advance(n)
	node := &citationNode{keys: keys}
	node.SetPos(seg.Start)
	return node
}

// scanCitation parses a citation at the start of b and returns its keys and
// length, or n == 0 if b does not start with one.
//
//	citation = "[" "@" key { ";" spaces "@" key } spaces "]"
func scanCitation(b []byte) (keys []string, n int) {
	if len(b) < 4 || b[0] != '[' {
		return nil, 0
	}
	i := 1
	for {
		if i >= len(b) || b[i] != '@' {
			return nil, 0
		}
		i++
		k := scanKey(b[i:])
		if k == 0 {
			return nil, 0
		}
		keys = append(keys, string(b[i:i+k]))
		i = skipSpaces(b, i+k)
		if i >= len(b) {
			return nil, 0
		}
		switch b[i] {
		case ']':
			return keys, i + 1
		case ';':
			i = skipSpaces(b, i+1)
		default:
			return nil, 0
		}
	}
}

// scanKey returns the length of the citation key at the start of b: letters
// and digits, with "-", "_", "." and ":" allowed between them.
func scanKey(b []byte) int {
	end := 0 // length up to the last letter or digit
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			i += size
			end = i
		case i > 0 && (r == '-' || r == '_' || r == '.' || r == ':'):
			i += size
		default:
			return end
		}
	}
	return end
}

func skipSpaces(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// CiteRef is one numbered reference to a source inside a citation.
type CiteRef struct {
	Key    string // source key; the link goes to #source-Key
	Number int    // the source's number on the page; 0 if unknown
	ID     string // id of the link, such as "c1-1"; empty for none
	// Label is the link's aria-label; "" means "Source N" (or "Unknown
	// source" without a number).
	Label string
}

// SortCiteRefs puts refs in the order their numbers are shown: ascending,
// unknown numbers (0) last, a key given twice kept once (the first). It
// sorts in place and returns the shortened slice.
func SortCiteRefs(refs []CiteRef) []CiteRef {
	out := refs[:0]
	for _, r := range refs {
		if !slices.ContainsFunc(out, func(o CiteRef) bool { return o.Key == r.Key }) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b CiteRef) int {
		if (a.Number == 0) != (b.Number == 0) {
			if a.Number == 0 {
				return 1
			}
			return -1
		}
		return a.Number - b.Number
	})
	return out
}

// AppendCiteHTML appends the markup of a citation of refs to dst:
//
//	<sup class="cite">[<a href="#source-k" id="c1-1" aria-label="Source 1">1</a>]</sup>
//
// with one link per ref, in the order given (see [SortCiteRefs]), separated
// by ", ", and an id where the ref has one. An unknown number shows as "?".
// Layouts use it to cite from outside Markdown, so both look the same.
func AppendCiteHTML(dst []byte, refs []CiteRef) []byte {
	dst = append(dst, `<sup class="cite">[`...)
	for i, r := range refs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, `<a href="#source-`...)
		dst = append(dst, util.EscapeHTML([]byte(r.Key))...)
		dst = append(dst, '"')
		if r.ID != "" {
			dst = append(dst, ` id="`...)
			dst = append(dst, util.EscapeHTML([]byte(r.ID))...)
			dst = append(dst, '"')
		}
		dst = append(dst, ` aria-label="`...)
		switch {
		case r.Label != "":
			dst = append(dst, util.EscapeHTML([]byte(r.Label))...)
		case r.Number > 0:
			dst = append(dst, "Source "...)
			dst = strconv.AppendInt(dst, int64(r.Number), 10)
		default:
			dst = append(dst, "Unknown source"...)
		}
		dst = append(dst, `">`...)
		if r.Number > 0 {
			dst = strconv.AppendInt(dst, int64(r.Number), 10)
		} else {
			dst = append(dst, '?')
		}
		dst = append(dst, "</a>"...)
	}
	return append(dst, "]</sup>"...)
}
