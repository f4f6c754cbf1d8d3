package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ImageAttrs describe how a page places an image, for
// [PageContext.Image].
type ImageAttrs struct {
	Alt   string // plain text
	Title string // the title attribute; empty for figures, whose title is the caption
	Eager bool   // the first image of the page: loaded at once, not lazily
}

// kindFigure is the AST node kind of figures (see kindCitation).
var kindFigure = ast.NewNodeKind("Figure")

// figureNode is a paragraph holding one image and nothing else but an
// optional credit.
type figureNode struct {
	ast.BaseBlock
	caption []byte // the image's title, as written (unescaped)
	credit  string
}

func (n *figureNode) Kind() ast.NodeKind { return kindFigure }

func (n *figureNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Caption": string(n.caption), "Credit": n.credit}, nil)
}

// imgHTMLAttr is a private Image attribute holding the markup
// PageContext.Image wrote for it. It is never rendered as an attribute.
const imgHTMLAttr = "kp-img-html"

// figureTransformer turns paragraphs that hold an image alone into
// figures.
type figureTransformer struct{}

// Transform implements parser.ASTTransformer.
func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Paragraph:
			if entering {
				if _, ok := n.FirstChild().(*ast.Image); ok {
					paras = append(paras, n)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		img := p.FirstChild().(*ast.Image)
		credit, ok := figureCredit(p, img, src)
		if !ok {
			continue
		}
		for c := img.NextSibling(); c != nil; {
			next := c.NextSibling()
			p.RemoveChild(p, c)
			c = next
		}
		f := &figureNode{caption: img.Title, credit: credit}
		img.Title = nil
		f.SetLines(p.Lines())
		parent := p.Parent()
		parent.ReplaceChild(parent, p, f)
		f.AppendChild(f, img)
	}
}

// figureCredit reports whether paragraph p holds image img alone, with
// only a credit after it: ` {credit="Photo: …"}`, whose text it returns.
func figureCredit(p *ast.Paragraph, img *ast.Image, src []byte) (string, bool) {
	if img.NextSibling() == nil {
		return "", true
	}
	// Everything after the image must be text (the typographer makes
	// Strings of the quotes), written as {credit="…"} at the end of the
	// paragraph.
	for c := img.NextSibling(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
		case *ast.String:
		default:
			_ = c
			return "", false
		}
	}
	var raw []byte
	for i := 0; i < p.Lines().Len(); i++ {
		seg := p.Lines().At(i)
		raw = append(raw, seg.Value(src)...)
	}
	raw = bytes.TrimRight(raw, " \t\n")
	const open = `{credit="`
	i := bytes.LastIndex(raw, []byte(open))
	if i < 0 || !bytes.HasSuffix(raw, []byte(`"}`)) || i+len(open) > len(raw)-2 {
		return "", false
	}
	credit := raw[i+len(open) : len(raw)-2]
	if bytes.ContainsAny(credit, "\"\n") || !bytes.HasSuffix(bytes.TrimRight(raw[:i], " \t\n"), []byte(")")) {
		return "", false
	}
	// The text after the image must be exactly the credit: the image
	// ends where the credit's opening brace starts (after spaces).
	if first, ok := img.NextSibling().(*ast.Text); ok {
		seg := first.Segment
		lead := bytes.TrimLeft(seg.Value(src), " \t\n")
		if len(lead) > 0 && lead[0] != '{' {
			return "", false
		}
	}
	return strings.TrimSpace(string(credit)), true
}

func (r *nodeRenderer) renderFigure(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*figureNode)
	if entering {
		_, _ = w.WriteString("<figure>\n")
		return ast.WalkContinue, nil
	}
	caption := util.UnescapePunctuations(n.caption)
	caption = util.ResolveNumericReferences(caption)
	caption = util.ResolveEntityNames(caption)
	caption = bytes.TrimSpace(caption)
	if len(caption) > 0 || n.credit != "" {
		_, _ = w.WriteString("\n<figcaption>")
		if len(caption) > 0 {
			// A caption that only repeats the alt text is shown but not
			// read out a second time.
			if sameText(caption, n) {
				_, _ = w.WriteString(`<span aria-hidden="true">`)
				_, _ = w.Write(util.EscapeHTML(caption))
				_, _ = w.WriteString(`</span>`)
			} else {
				_, _ = w.Write(util.EscapeHTML(caption))
			}
		}
		if n.credit != "" {
			if len(caption) > 0 {
				_ = w.WriteByte(' ')
			}
			_, _ = w.WriteString(`<span class="figure-credit">`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.credit)))
			_, _ = w.WriteString(`</span>`)
		}
		_, _ = w.WriteString("</figcaption>")
	}
	_, _ = w.WriteString("\n</figure>\n")
	return ast.WalkContinue, nil
}

// altAttr is a private Image attribute holding its plain alt text, set by
// Convert.
const altAttr = "kp-alt"

// sameText reports whether a caption says the same as the figure's alt
// text, ignoring case, spaces and final punctuation.
func sameText(caption []byte, n *figureNode) bool {
	img, _ := n.FirstChild().(*ast.Image)
	if img == nil {
		return false
	}
	v, ok := img.AttributeString(altAttr)
	alt, _ := v.([]byte)
	if !ok {
		return false
	}
	norm := func(b []byte) string {
		return strings.ToLower(strings.Join(strings.Fields(strings.TrimRight(string(b), ".!? ")), " "))
	}
	return norm(caption) == norm(alt)
}

// renderImage writes the markup PageContext.Image gave an image, or an
// <img> like goldmark's with lazy loading and asynchronous decoding.
func (r *nodeRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	if v, ok := n.AttributeString(imgHTMLAttr); ok {
		b, _ := v.([]byte)
		_, _ = w.Write(b)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	dest := util.URLEscape(n.Destination, true)
	if r.unsafe || !html.IsDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
	_, _ = w.WriteString(`" alt="`)
	if v, ok := n.AttributeString(altAttr); ok {
		b, _ := v.([]byte)
		_, _ = w.Write(util.EscapeHTML(b))
	} else {
		_, _ = w.Write(util.EscapeHTML(appendPlain(nil, n, src)))
	}
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(util.ResolveEntityNames(util.UnescapePunctuations(n.Title))))
		_ = w.WriteByte('"')
	}
	if _, eager := n.AttributeString(eagerAttr); !eager {
		_, _ = w.WriteString(` loading="lazy"`)
	}
	_, _ = w.WriteString(` decoding="async">`)
	return ast.WalkSkipChildren, nil
}

// eagerAttr is a private Image attribute marking the page's first image.
const eagerAttr = "kp-eager"

// image calls the Image hook for img, the page's first image when first.
func (p *page) image(img *ast.Image, dest string, first bool) {
	alt := appendPlain(nil, img, p.src)
	img.SetAttributeString(altAttr, alt)
	if first {
		img.SetAttributeString(eagerAttr, true)
	}
	if p.pc.Image == nil {
		return
	}
	a := ImageAttrs{Alt: string(alt), Eager: first}
	if img.Title != nil {
		a.Title = string(util.ResolveEntityNames(util.UnescapePunctuations(img.Title)))
	}
	out, err := p.pc.Image(dest, a)
	if err != nil {
		p.problem(linkOffset(img, p.src), err.Error())
		return
	}
	if out != nil {
		img.SetAttributeString(imgHTMLAttr, out)
	}
}
