package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
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
			i := 0
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				if i < len(heads) && heads[i] != "" {
					c.SetAttributeString("data-label", []byte(heads[i]))
				}
				i++
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
		w := &tableWrap{label: label}
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
