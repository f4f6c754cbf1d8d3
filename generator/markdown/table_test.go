package markdown

import (
	"strings"
	"testing"
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
