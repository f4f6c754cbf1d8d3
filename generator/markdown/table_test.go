package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

func TestTablesAreWrappedInALabelledRegion(t *testing.T) {
	src := "| Issue | The *union* says |\n|---|---|\n| Pay | More [@a] |\n| Time | Less |\n\ntext\n\n| Issue | The *union* says |\n|---|---|\n| x | y |\n"
	r := convert(t, New(Options{}), src, nil)
	html := string(r.HTML)
	for _, want := range []string{
		"<div class=\"table-wrap\" role=\"region\" aria-label=\"Table: Issue, The union says\" tabindex=\"0\">\n<table>",
		"</table>\n</div>\n<p>text</p>",
		`aria-label="Table: Issue, The union says (2)"`,
		`<td data-label="Issue">Pay</td>`,
		`<td data-label="The union says">More <sup class="cite">`,
		`<th>Issue</th>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	if n := strings.Count(html, `<div class="table-wrap"`); n != 2 {
		t.Errorf("%d table boxes, want 2:\n%s", n, html)
	}
}

func TestTableLabelIsShortAndEscaped(t *testing.T) {
	long := strings.Repeat("é", 80)
	src := "| A & B | " + long + " |\n|---|---|\n| 1 | 2 |\n"
	html := string(convert(t, New(Options{}), src, nil).HTML)
	i := strings.Index(html, `aria-label="`)
	j := strings.Index(html[i+12:], `"`)
	label := html[i+12 : i+12+j]
	if !strings.HasPrefix(label, "Table: A &amp; B, ééé") || !strings.HasSuffix(label, "é…") {
		t.Errorf("label = %q", label)
	}
	if len(label) > maxTableLabel+40 {
		t.Errorf("label is %d bytes long", len(label))
	}
}

// Body cells carry their column's heading, escaped, before the alignment
// style, as when goldmark wrote both as attributes; heading cells, cells
// past the headings and tables outside a page (Inline) carry none.
func TestTableCellsAsGoldmarkWritesThem(t *testing.T) {
	src := "| A & B | Right | Center | |\n|:--|--:|:-:|---|\n| 1 | 2 | 3 | 4 |\n| x |\n| a | b | c | d | e |\n"
	html := string(convert(t, New(Options{}), src, nil).HTML)
	for _, want := range []string{
		"<thead>\n<tr>\n<th style=\"text-align:left\">A &amp; B</th>\n<th style=\"text-align:right\">Right</th>\n<th style=\"text-align:center\">Center</th>\n<th></th>\n</tr>\n</thead>",
		"<tr>\n<td data-label=\"A &amp; B\" style=\"text-align:left\">1</td>\n<td data-label=\"Right\" style=\"text-align:right\">2</td>\n<td data-label=\"Center\" style=\"text-align:center\">3</td>\n<td>4</td>\n</tr>",
		"<tr>\n<td data-label=\"A &amp; B\" style=\"text-align:left\">x</td>\n<td data-label=\"Right\"></td>\n<td data-label=\"Center\"></td>\n<td></td>\n</tr>",
		"<td data-label=\"Center\" style=\"text-align:center\">c</td>\n<td>d</td>\n</tr>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	inline := string(New(Options{}).Inline([]byte(src)))
	if strings.Contains(inline, "data-label") || !strings.Contains(inline, `<td style="text-align:right">2</td>`) {
		t.Errorf("Inline table:\n%s", inline)
	}
}

// A cell someone gave attributes is written by goldmark's own renderer.
func TestTableCellWithAttributes(t *testing.T) {
	c := New(Options{})
	md := c.variant(0)
	src := []byte("| A |\n|--:|\n| 1 |\n")
	doc := md.Parser().Parse(text.NewReader(src))
	var cell ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && cell == nil && n.Kind() == east.KindTableCell && n.Parent().Kind() != east.KindTableHeader {
			cell = n
		}
		return ast.WalkContinue, nil
	})
	cell.SetAttributeString("class", []byte("x"))
	var out []byte
	if err := c.render(md, src, doc, 100, func(b []byte) error { out = append(out, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := `<td class="x" style="text-align:right">1</td>`; !strings.Contains(string(out), want) {
		t.Errorf("HTML lacks %q:\n%s", want, out)
	}
}
