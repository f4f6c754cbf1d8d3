package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// kindTableWrap is the AST node kind of the box around a table.
var kindTableWrap = ast.NewNodeKind("TableWrap")

// tableWrap is the box a table is rendered in, so that a table too wide for
// a phone scrolls inside it instead of pushing the page sideways:
//
//	<div class="table-wrap" role="region" aria-label="Table: Issue, The union says, Kaiser says" tabindex="0">
//	<table>…</table>
//	</div>
//
// The box is a labelled region that takes keyboard focus, so keyboard users
// can scroll it and screen reader users hear what it holds. Each body cell
// also carries its column's heading in data-label, so a stylesheet may show
// the rows as stacked cards on narrow screens.
type tableWrap struct {
	ast.BaseBlock
	label string
	heads []string // the columns' headings, for the body cells' data-label
	// The last body cell rendered and its column, so that the renderer
	// finds each cell's column without counting its row again.
	lastCell ast.Node
	lastCol  int
}

func (n *tableWrap) Kind() ast.NodeKind { return kindTableWrap }

func (n *tableWrap) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Label": n.label}, nil)
}

// maxTableLabel caps the length, in bytes, of a table box's label made from
// its headings.
const maxTableLabel = 100

// wrapTables puts each table found while walking the page into a tableWrap
// and labels its cells. It runs after the walk, which must not see the tree
// change under it.
func (p *page) wrapTables() {
	labels := map[string]int{}
	for _, t := range p.tables {
		var heads []string
		label := p.text("table.label")
		for row := t.FirstChild(); row != nil; row = row.NextSibling() {
			if row.Kind() == east.KindTableHeader {
				sep := ": "
				for c := row.FirstChild(); c != nil; c = c.NextSibling() {
					h := p.plainText(c)
					heads = append(heads, h)
					if h != "" && len(label) < maxTableLabel {
						label += sep + h
						sep = ", "
					}
				}
				continue
			}
		}
		if len(label) > maxTableLabel {
			label = truncateText(label, maxTableLabel) + "…"
		}
		// Two regions on a page must not share a name.
		labels[label]++
		if n := labels[label]; n > 1 {
			label += " (" + strconv.Itoa(n) + ")"
		}
		w := &tableWrap{label: label, heads: heads}
		parent := t.Parent()
		parent.ReplaceChild(parent, t, w)
		w.AppendChild(w, t)
	}
}

// truncateText cuts s to at most n bytes without splitting a character.
func truncateText(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func (r *nodeRenderer) renderTableWrap(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="table-wrap" role="region" aria-label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(node.(*tableWrap).label)))
		_, _ = w.WriteString("\" tabindex=\"0\">\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

// renderTableCell renders a table cell as goldmark's table renderer does,
// with the data-label of a body cell's column (see tableWrap) written
// from its wrap instead of set as an attribute on every cell, which cost
// goldmark a 400-byte attribute list per cell.
func (r *nodeRenderer) renderTableCell(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	header := n.Parent() != nil && n.Parent().Kind() == east.KindTableHeader
	if n.Attributes() != nil {
		// Attributes set by someone else: goldmark's renderer, which
		// writes them in their order.
		return r.tableCell(w, src, node, entering)
	}
	if !entering {
		if header {
			_, _ = w.WriteString("</th>\n")
		} else {
			_, _ = w.WriteString("</td>\n")
		}
		return ast.WalkContinue, nil
	}
	if header {
		_, _ = w.WriteString("<th")
	} else {
		_, _ = w.WriteString("<td")
		if label := cellLabel(n); label != "" {
			_, _ = w.WriteString(` data-label="`)
			_, _ = w.Write(util.EscapeHTML([]byte(label)))
			_ = w.WriteByte('"')
		}
	}
	if n.Alignment != east.AlignNone {
		_, _ = w.WriteString(` style="text-align:`)
		_, _ = w.WriteString(n.Alignment.String())
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// cellLabel is the heading of a body cell's column, when its table is in
// a tableWrap: "" otherwise.
func cellLabel(cell ast.Node) string {
	row := cell.Parent()
	if row == nil || row.Parent() == nil || row.Parent().Parent() == nil {
		return ""
	}
	w, ok := row.Parent().Parent().(*tableWrap)
	if !ok {
		return ""
	}
	col := 0
	if prev := cell.PreviousSibling(); prev != nil && prev == w.lastCell {
		col = w.lastCol + 1
	} else {
		for c := row.FirstChild(); c != nil && c != cell; c = c.NextSibling() {
			col++
		}
	}
	w.lastCell, w.lastCol = cell, col
	if col < len(w.heads) {
		return w.heads[col]
	}
	return ""
}

// goldmarkTableCell returns goldmark's own table cell renderer.
func goldmarkTableCell() renderer.NodeRendererFunc {
	var f renderer.NodeRendererFunc
	extension.NewTableHTMLRenderer().RegisterFuncs(registerFunc(func(k ast.NodeKind, fn renderer.NodeRendererFunc) {
		if k == east.KindTableCell {
			f = fn
		}
	}))
	return f
}

// registerFunc is a renderer.NodeRendererFuncRegisterer.
type registerFunc func(ast.NodeKind, renderer.NodeRendererFunc)

func (r registerFunc) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { r(k, f) }

// kindTableCell is goldmark's table cell kind, which the renderer
// registers.
var kindTableCell = east.KindTableCell
