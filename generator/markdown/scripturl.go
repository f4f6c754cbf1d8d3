package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// dropScriptURL removes a link or image destination that runs code when
// followed (javascript:, vbscript:, file:, data: other than the image
// types): the address goldmark's renderer would leave empty in safe mode.
// It reports the removal as a warning at the link and returns true; with
// UnsafeHTML it keeps every address and returns false. The check is made
// on the address as the renderer writes it, character references
// (&#106;avascript:) resolved.
func (p *page) dropScriptURL(n ast.Node, dest string, image bool) bool {
	if p.unsafe || !html.IsDangerousURL(util.URLEscape([]byte(dest), true)) {
		return false
	}
	what, instead := "link to", "link to a page or a web address instead"
	if image {
		what, instead = "image", "use an image file instead"
	}
	p.problems = append(p.problems, problem{off: linkOffset(n, p.src), warning: true, msg: what + " " + dest +
		" removed: addresses that run code (javascript:, vbscript:, data:text/html, file:) are not published; " + instead +
		" (unsafe_html: true in content/site.yaml allows them, for trusted writers only)"})
	switch n := n.(type) {
	case *ast.Link:
		n.Destination = nil
	case *ast.Image:
		n.SetAttributeString(imgHTMLAttr, []byte{}) // no <img> at all
	case *ast.AutoLink:
		n.SetAttributeString(hrefAttr, []byte{})
	}
	return true
}
