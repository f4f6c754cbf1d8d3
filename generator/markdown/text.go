package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// appendPlain appends the plain text of n's inline children to dst: entities
// and backslash escapes resolved, line breaks as spaces, footnote references,
// citations and raw HTML left out, images by their alt text.
func appendPlain(dst []byte, n ast.Node, src []byte) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			dst = appendUnescaped(dst, c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				dst = append(dst, ' ')
			}
		case *ast.String:
			if c.IsCode() { // typographer output such as "&rsquo;"
				dst = append(dst, util.ResolveEntityNames(c.Value)...)
			} else {
				dst = append(dst, c.Value...)
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					dst = append(dst, t.Segment.Value(src)...)
				}
			}
		case *ast.AutoLink:
			dst = append(dst, c.Label(src)...)
		case *citationNode, *east.FootnoteLink:
			// "struck [@src]." reads "struck."
			dst = bytes.TrimRight(dst, " ")
		case *ast.RawHTML:
		default:
			dst = appendPlain(dst, c, src)
		}
	}
	return dst
}

// appendUnescaped appends Markdown text with its backslash escapes and
// character references resolved.
func appendUnescaped(dst, v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return append(dst, v...)
	}
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return append(dst, util.ResolveEntityNames(v)...)
}

// collapseSpace replaces runs of white space in b by one space and trims both
// ends, in place.
func collapseSpace(b []byte) []byte {
	out := b[:0]
	space := true // drop leading space
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		if unicode.IsSpace(r) {
			if !space {
				out = append(out, ' ')
			}
			space = true
		} else {
			out = append(out, b[i:i+size]...)
			space = false
		}
		i += size
	}
	return bytes.TrimSuffix(out, []byte(" "))
}

// wordCounter counts words: runs of non-space characters holding at least
// one letter or digit. Text arrives in pieces; boundary ends the current
// run. A run counts at its first letter or digit.
type wordCounter struct {
	n    int
	seen int // 1: the current run has a letter or digit (it was counted)
}

func (w *wordCounter) add(b []byte) {
	// Without branches for ASCII, and the state in locals: this loop
	// sees every byte of a page's prose.
	n, seen := w.n, w.seen
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(b[i:])
			i += size - 1
			switch {
			case unicode.IsSpace(r):
				seen = 0
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				n += 1 - seen
				seen = 1
			}
			continue
		}
		alnum, notSpace := int(wordAlnum[c]), int(wordNotSpace[c])
		n += alnum &^ seen
		seen = (seen | alnum) & notSpace
	}
	w.n, w.seen = n, seen
}

// boundary ends the current run.
func (w *wordCounter) boundary() { w.seen = 0 }

// wordAlnum and wordNotSpace are 1 for ASCII letters and digits, and for
// bytes that are not ASCII white space.
var wordAlnum, wordNotSpace = func() (alnum, notSpace [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			alnum[c] = 1
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' {
			notSpace[c] = 1
		}
	}
	return alnum, notSpace
}()

// slug returns the GitHub-style id for a heading's plain text: lower case,
// each space a "-", letters, marks, digits, "-" and "_" kept, the rest
// dropped, invisible characters too (the variation selector after an
// emoji, a combining grapheme joiner); "heading" if nothing is left.
func slug(text string) string {
	b := make([]byte, 0, len(text))
	for _, r := range text {
		switch {
		case r == ' ':
			b = append(b, '-')
		case r == '-' || r == '_':
			b = append(b, byte(r))
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				b = append(b, byte(r))
			}
		case unicode.In(r, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point):
			// invisible: dropped
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r) || unicode.Is(unicode.Pc, r):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	if len(b) == 0 {
		return "heading"
	}
	return string(b)
}

// linkOffset returns the source offset of a link's "[", an image's "!" or an
// autolink's start. goldmark records it as the node's position; for a node
// without one it is found from the first text inside, backing up to the
// nearest unescaped "[".
func linkOffset(n ast.Node, src []byte) int {
	if pos := n.Pos(); pos >= 0 {
		if a, ok := n.(*ast.AutoLink); ok && pos < len(src) && src[pos] != '<' {
			// Linkify records the character that triggered it (a space,
			// "(", "*", ...), not the start of the URL.
			label := a.Label(src)
			if i := bytes.Index(src[pos:min(len(src), pos+len(label)+4)], label); i >= 0 {
				pos += i
			}
		}
		return pos
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			i := t.Segment.Start - 1
			for ; i >= 0; i-- {
				if src[i] == '[' && (i == 0 || src[i-1] != '\\') {
					break
				}
			}
			if i > 0 && n.Kind() == ast.KindImage && src[i-1] == '!' {
				i--
			}
			return max(i, 0)
		}
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			return b.Lines().At(0).Start
		}
	}
	return 0
}
