package markdown

import (
	"fmt"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/langtag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// Words in another language: <span lang="en">…</span>.
//
// A page in one language often quotes words in another (the Spanish pages
// quote Kaiser and the union in English). A screen reader reads them with
// the page's voice unless they are marked with their language (WCAG 2.2,
// 3.1.2 Language of Parts). With raw HTML off, that one tag passes
// through: a span whose only attribute is lang, a language code, opened
// and closed in the same paragraph (or the same link, emphasis, table
// cell). Anything else about such a span is an error at its line instead
// of tags shown on the page.

// kindLangSpan is the AST node kind of a span in another language (see
// kindCitation).
var kindLangSpan = ast.NewNodeKind("LangSpan")

// langSpan holds the inline content of a <span lang="…">…</span>.
type langSpan struct {
	ast.BaseInline
	lang string
}

func (n *langSpan) Kind() ast.NodeKind { return kindLangSpan }

func (n *langSpan) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Lang": n.lang}, nil)
}

// spanTag is a <span …> or </span> tag met in raw inline HTML.
type spanTag struct {
	n     *ast.RawHTML
	close bool
	lang  string // of a valid opening tag; "" for one in error
}

// noteSpanTag records inline raw HTML that is a span tag, reporting a
// span that is not <span lang="CODE">; other raw HTML is left alone (it
// shows as text).
func (p *page) noteSpanTag(n *ast.RawHTML) {
	raw := spanSource(n, p.src)
	z := html.NewTokenizer(strings.NewReader(raw))
	tt := z.Next()
	name, more := z.TagName()
	if string(name) != "span" {
		return
	}
	switch tt {
	case html.EndTagToken:
		p.spanTags = append(p.spanTags, spanTag{n: n, close: true})
		return
	case html.StartTagToken:
	default: // <span/>
		p.problem(n.Segments.At(0).Start, `a span must hold the words in another language: write <span lang="en">the words</span>`)
		return
	}
	t := spanTag{n: n}
	var attrs [][2]string
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		attrs = append(attrs, [2]string{string(k), string(v)})
	}
	switch {
	case len(attrs) != 1 || attrs[0][0] != "lang":
		p.problem(n.Segments.At(0).Start, fmt.Sprintf(`%s: a span may only say which language its words are in (raw HTML is off): write <span lang="en">the words</span>`, raw))
	case !isLangCode(attrs[0][1]):
		p.problem(n.Segments.At(0).Start, fmt.Sprintf(`lang=%q is not a language code: write a code such as en, es or es-US`, attrs[0][1]))
	default:
		t.lang = attrs[0][1]
	}
	p.spanTags = append(p.spanTags, t)
}

// isLangCode reports whether s is a language tag (package langtag).
func isLangCode(s string) bool { return langtag.Check(s) == "" }

// langSpans pairs the span tags the walk met, in document order, under the
// same parent, and puts what each valid pair encloses into a langSpan in
// its place. A tag left without its pair is an error.
func (p *page) langSpans() {
	open := map[ast.Node][]spanTag{}
	for _, t := range p.spanTags {
		parent := t.n.Parent()
		if !t.close {
			open[parent] = append(open[parent], t)
			continue
		}
		st := open[parent]
		if len(st) == 0 {
			p.problem(t.n.Segments.At(0).Start, `</span> ends no <span lang="…"> begun before it in the same paragraph: remove it, or begin the span in the same paragraph`)
			continue
		}
		o := st[len(st)-1]
		open[parent] = st[:len(st)-1]
		if o.lang == "" {
			continue // reported; both tags stay as they are
		}
		s := &langSpan{lang: o.lang}
		for c := o.n.NextSibling(); c != nil && c != ast.Node(t.n); {
			next := c.NextSibling()
			s.AppendChild(s, c) // moves c out of parent
			c = next
		}
		parent.ReplaceChild(parent, o.n, s)
		parent.RemoveChild(parent, t.n)
		p.curlSpanQuotes(s)
	}
	for _, st := range open {
		for _, o := range st {
			p.problem(o.n.Segments.At(0).Start, fmt.Sprintf(`%s is not ended: end the words in another language with </span> in the same paragraph`, spanSource(o.n, p.src)))
		}
	}
}

// inlineLangSpans makes the spans of Inline's Markdown, which reports no
// problems: a span in error shows as text.
func inlineLangSpans(doc ast.Node, src []byte) {
	p := &page{src: src}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n, ok := n.(*ast.RawHTML); ok && entering {
			p.noteSpanTag(n)
		}
		return ast.WalkContinue, nil
	})
	p.langSpans()
}

// curlSpanQuotes turns the straight double quotes at the edges of span s
// the way their place says: the typographer leaves as written a quote
// between two punctuation marks, such as ("<span lang="en">x</span>") or
// <span lang="en">"50%"</span>, since the tags are punctuation to it. A
// quote just before the span or first inside it opens; one just after it
// or last inside it closes.
func (p *page) curlSpanQuotes(s *langSpan) {
	if t, ok := s.PreviousSibling().(*ast.Text); ok {
		p.curlEdge(t, false, "&ldquo;")
	}
	if t, ok := s.FirstChild().(*ast.Text); ok {
		p.curlEdge(t, true, "&ldquo;")
	}
	if t, ok := s.LastChild().(*ast.Text); ok {
		p.curlEdge(t, false, "&rdquo;")
	}
	if t, ok := s.NextSibling().(*ast.Text); ok {
		p.curlEdge(t, true, "&rdquo;")
	}
}

// curlEdge replaces a straight double quote at the start (or end) of
// text t by the typographic quote q. A quote escaped with a backslash
// stays straight.
func (p *page) curlEdge(t *ast.Text, start bool, q string) {
	seg := t.Segment
	if seg.Len() == 0 || t.IsRaw() {
		return
	}
	quote := ast.NewString([]byte(q))
	quote.SetCode(true)
	parent := t.Parent()
	if start {
		if p.src[seg.Start] != '"' || seg.Start >= 1 && p.src[seg.Start-1] == '\\' {
			return
		}
		t.Segment = seg.WithStart(seg.Start + 1)
		parent.InsertBefore(parent, t, quote)
	} else {
		if p.src[seg.Stop-1] != '"' || seg.Stop >= 2 && p.src[seg.Stop-2] == '\\' {
			return
		}
		t.Segment = seg.WithStop(seg.Stop - 1)
		parent.InsertAfter(parent, t, quote)
	}
	if t.Segment.Len() == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
		parent.RemoveChild(parent, t)
	}
}

// spanSource is the text of a raw HTML tag.
func spanSource(n *ast.RawHTML, src []byte) string {
	var b []byte
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		b = append(b, seg.Value(src)...)
	}
	return string(b)
}

func (r *nodeRenderer) renderLangSpan(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<span lang="`)
		_, _ = w.WriteString(node.(*langSpan).lang) // letters, digits and hyphens
		_, _ = w.WriteString(`">`)
	} else {
		_, _ = w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

var _ renderer.NodeRendererFunc = (*nodeRenderer)(nil).renderLangSpan
