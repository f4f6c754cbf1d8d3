package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
)

// hrefAttr is a private AutoLink attribute holding the href ResolveLink chose
// when it differs from the autolink's own. It is never rendered as an
// attribute.
const hrefAttr = "kp-resolved-href"

// nodeRenderer renders the node kinds whose goldmark output this package
// replaces.
type nodeRenderer struct {
	highlighter *highlight.Highlighter
	unsafe      bool
	writer      html.Writer               // goldmark's text writer, for link titles
	tableCell   renderer.NodeRendererFunc // goldmark's, for cells with attributes
}

// hreflangAttr is a private Link attribute holding the language a link's
// title "lang:CODE" marks; it is written as hreflang.
const hreflangAttr = "kp-hreflang"

// RegisterFuncs implements renderer.NodeRenderer.
func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(ast.KindFencedCodeBlock, r.renderFencedCodeBlock)
	reg.Register(ast.KindCodeBlock, r.renderCodeBlock)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(kindCitation, r.renderCitation)
	reg.Register(kindCallout, r.renderCallout)
	reg.Register(kindFigure, r.renderFigure)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(kindCalloutPair, r.renderCalloutPair)
	reg.Register(kindTableWrap, r.renderTableWrap)
	reg.Register(kindTableCell, r.renderTableCell)
	reg.Register(kindLangSpan, r.renderLangSpan)
	if !r.unsafe {
		reg.Register(ast.KindHTMLBlock, r.renderHTMLBlockEscaped)
		reg.Register(ast.KindRawHTML, r.renderRawHTMLEscaped)
	}
}

func (r *nodeRenderer) renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte("0123456"[n.Level])
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, html.HeadingAttributeFilter)
		}
		if id, ok := headingID(n); ok {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML([]byte(id)))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	var id []byte
	if v, ok := n.AttributeString("id"); ok {
		id, _ = v.([]byte)
	} else if g, ok := headingID(n); ok {
		id = []byte(g)
	}
	if id != nil {
		_, _ = w.WriteString(` <a class="anchor" href="#`)
		_, _ = w.Write(util.EscapeHTML(id))
		_, _ = w.WriteString(`" aria-hidden="true" tabindex="-1">#</a>`)
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte("0123456"[n.Level])
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderFencedCodeBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.FencedCodeBlock)
		if v, ok := n.AttributeString(embedAttr); ok {
			renderEmbed(w, v.(*embed))
			return ast.WalkSkipChildren, nil
		}
		var lang []byte
		if n.Info != nil {
			lang = n.Language(src)
		}
		_, _ = w.Write(r.highlighter.Block(string(lang), blockText(n.Lines(), src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderCodeBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(r.highlighter.Block("", blockText(node.Lines(), src)))
	}
	return ast.WalkSkipChildren, nil
}

// blockText returns the text of a block's lines: a slice of src when they
// are contiguous, as they are outside lists and block quotes, else a copy.
func blockText(lines *text.Segments, src []byte) []byte {
	n := lines.Len()
	if n == 0 {
		return nil
	}
	first, last := lines.At(0), lines.At(n-1)
	contiguous := true
	for i := 0; i < n; i++ {
		s := lines.At(i)
		if s.Padding != 0 || (i > 0 && s.Start != lines.At(i-1).Stop) {
			contiguous = false
			break
		}
	}
	if contiguous {
		return src[first.Start:last.Stop:last.Stop]
	}
	var b []byte
	for i := 0; i < n; i++ {
		s := lines.At(i)
		b = append(b, bytes.Repeat([]byte{' '}, s.Padding)...)
		b = append(b, s.Value(src)...)
	}
	return b
}

// autoLinkDest is the href goldmark would write for an autolink.
func autoLinkDest(n *ast.AutoLink, src []byte) string {
	url := n.URL(src)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		return "mailto:" + string(url)
	}
	return string(url)
}

// renderLink is goldmark's link renderer, with hreflang for a link marked
// as leading to another language (goldmark's attribute filter for links
// has no hreflang).
func (r *nodeRenderer) renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<a href=\"")
	dest := util.URLEscape(n.Destination, true)
	if r.unsafe || !html.IsDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		r.writer.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	if v, ok := n.AttributeString(hreflangAttr); ok {
		if code, ok := v.([]byte); ok {
			_, _ = w.WriteString(` hreflang="`)
			_, _ = w.Write(util.EscapeHTML(code))
			_ = w.WriteByte('"')
		}
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// renderAutoLink is goldmark's autolink renderer, taking the href chosen by
// ResolveLink when there is one.
func (r *nodeRenderer) renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	var dest []byte
	if v, ok := n.AttributeString(hrefAttr); ok {
		dest, _ = v.([]byte)
	} else {
		dest = []byte(autoLinkDest(n, src))
	}
	url := util.URLEscape(dest, false)
	_, _ = w.WriteString(`<a href="`)
	if r.unsafe || !html.IsDangerousURL(url) {
		_, _ = w.Write(util.EscapeHTML(url))
	}
	_ = w.WriteByte('"')
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	_, _ = w.Write(util.EscapeHTML(n.Label(src)))
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderCitation(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*citationNode)
		refs := n.refs
		if refs == nil { // not numbered by Convert: show the keys as unknown
			refs = make([]CiteRef, len(n.keys))
			for i, k := range n.keys {
				refs[i] = CiteRef{Key: k}
			}
		}
		var buf [256]byte
		_, _ = w.Write(AppendCiteHTML(buf[:0], refs))
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlockEscaped shows a raw HTML block's source as a paragraph of
// text.
func (r *nodeRenderer) renderHTMLBlockEscaped(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	var b []byte
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		b = append(b, s.Value(src)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(src)...)
	}
	b = bytes.TrimRight(b, "\n")
	_, _ = w.WriteString("<p>")
	_, _ = w.Write(util.EscapeHTML(b))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// renderRawHTMLEscaped shows inline HTML as text.
func (r *nodeRenderer) renderRawHTMLEscaped(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.RawHTML)
		for i := 0; i < n.Segments.Len(); i++ {
			s := n.Segments.At(i)
			_, _ = w.Write(util.EscapeHTML(s.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

// textWriter is goldmark's HTML text writer with a fast path: text with no
// byte that it would escape, resolve or unescape (NUL, '"', '&', '<', '>'
// and, for Write, '\') is copied as it is. That is most text nodes, and the
// writer's byte-by-byte escaping was a tenth of a page's conversion.
type textWriter struct{ html.Writer }

// textSpecial marks the bytes the default writer's Write treats specially;
// rawSpecial those of its RawWrite.
var textSpecial, rawSpecial = func() (t, r [256]bool) {
	for _, c := range []byte("\x00\"&<>") {
		t[c], r[c] = true, true
	}
	t['\\'] = true
	return t, r
}()

func (w textWriter) Write(out util.BufWriter, src []byte) {
	if plainText(src, &textSpecial) {
		_, _ = out.Write(src)
	} else {
		w.Writer.Write(out, src)
	}
}

func (w textWriter) RawWrite(out util.BufWriter, src []byte) {
	if plainText(src, &rawSpecial) {
		_, _ = out.Write(src)
	} else {
		w.Writer.RawWrite(out, src)
	}
}

// plainText reports whether src has no byte marked in special.
func plainText(src []byte, special *[256]bool) bool {
	for _, c := range src {
		if special[c] {
			return false
		}
	}
	return true
}
