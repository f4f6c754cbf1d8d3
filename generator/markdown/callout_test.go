package markdown

import (
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

var testCallouts = []content.CalloutKind{
	{Name: "note", Label: "Note"},
	{Name: "tip", Label: "Tip"},
	{Name: "unknown", Label: "What we don't know"},
	{Name: "kaiser-says", Label: "Kaiser says", Pair: true},
	{Name: "union-says", Label: "The union says", Pair: true},
}

func TestCalloutsRenderAsAsidesWithLabels(t *testing.T) {
	c := New(Options{Callouts: testCallouts})
	for _, tc := range []struct{ name, src, want string }{
		{"github kind", "> [!NOTE]\n> Hello *there*.\n", "<aside class=\"callout callout-note\">\n<p class=\"callout-label\">Note</p>\n<p>Hello <em>there</em>.</p>\n</aside>\n"},
		{"any case", "> [!note]\n> Hi.\n", "<aside class=\"callout callout-note\">\n<p class=\"callout-label\">Note</p>\n<p>Hi.</p>\n</aside>\n"},
		{"site kind label escaped", "> [!UNKNOWN]\n> Hi.\n", "<aside class=\"callout callout-unknown\">\n<p class=\"callout-label\">What we don't know</p>\n<p>Hi.</p>\n</aside>\n"},
		{"marker alone", "> [!TIP]\n", "<aside class=\"callout callout-tip\">\n<p class=\"callout-label\">Tip</p>\n</aside>\n"},
		{"marker then blocks", "> [!TIP]\n>\n> One.\n>\n> - two\n", "<aside class=\"callout callout-tip\">\n<p class=\"callout-label\">Tip</p>\n<p>One.</p>\n<ul>\n<li>two</li>\n</ul>\n</aside>\n"},
		{"pair side by side", "> [!KAISER-SAYS]\n> K.\n\n> [!UNION-SAYS]\n> U.\n", "<div class=\"callout-pair\">\n<aside class=\"callout callout-kaiser-says\">\n<p class=\"callout-label\">Kaiser says</p>\n<p>K.</p>\n</aside>\n<aside class=\"callout callout-union-says\">\n<p class=\"callout-label\">The union says</p>\n<p>U.</p>\n</aside>\n</div>\n"},
		{"lone pair kind", "> [!KAISER-SAYS]\n> K.\n", "<aside class=\"callout callout-kaiser-says\">\n<p class=\"callout-label\">Kaiser says</p>\n<p>K.</p>\n</aside>\n"},
		{"text on the marker line", "> [!TIP] Hi.\n", "<blockquote>\n<p>[!TIP] Hi.</p>\n</blockquote>\n"},
		{"plain quote", "> Hi [!NOTE]\n", "<blockquote>\n<p>Hi [!NOTE]</p>\n</blockquote>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Convert([]byte(tc.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.HTML) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", res.HTML, tc.want)
			}
			if len(res.Problems) > 0 {
				t.Errorf("problems: %v", res.Problems)
			}
		})
	}
}

func TestUnknownCalloutKindIsAProblemWithASuggestion(t *testing.T) {
	c := New(Options{Callouts: testCallouts})
	res, err := c.Convert([]byte("Text.\n\n> [!NOET]\n> Hi.\n\n- > [!Kaiser]\n  > K.\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 2 {
		t.Fatalf("problems: %v", res.Problems)
	}
	p := res.Problems[0]
	if p.Line != 3 || p.Col != 3 || !strings.Contains(p.Msg, `unknown callout kind "NOET" (did you mean "NOTE"?)`) || !strings.Contains(p.Msg, "NOTE, TIP, UNKNOWN, KAISER-SAYS, UNION-SAYS") {
		t.Errorf("problem: %+v", p)
	}
	if p := res.Problems[1]; p.Line != 6 || p.Col != 5 {
		t.Errorf("problem in a list item: %+v", p)
	}
}

func TestCalloutsInInlineMarkdownIgnoreUnknownKinds(t *testing.T) {
	c := New(Options{Callouts: testCallouts})
	if got := string(c.Inline([]byte("> [!NOPE]\n> Hi.\n"))); !strings.Contains(got, "<blockquote>") || !strings.Contains(got, "[!NOPE]") {
		t.Errorf("Inline: %s", got)
	}
	if got := string(c.Inline([]byte("> [!NOTE]\n> Hi.\n"))); !strings.Contains(got, `<aside class="callout callout-note">`) {
		t.Errorf("Inline: %s", got)
	}
}

func TestWithoutCalloutKindsAlertsStayBlockQuotes(t *testing.T) {
	res, _ := New(Options{}).Convert([]byte("> [!NOTE]\n> Hi.\n"), nil)
	if !strings.HasPrefix(string(res.HTML), "<blockquote>") || len(res.Problems) > 0 {
		t.Errorf("got %s %v", res.HTML, res.Problems)
	}
}

// TestGeneratorWordsComeFromThePageLanguage: callout labels, the table
// region's label and citation links' labels are asked of PageContext.Text,
// with the built-in English as the fallback.
func TestGeneratorWordsComeFromThePageLanguage(t *testing.T) {
	es := map[string]string{
		"callout.unknown": "Lo que no sabemos",
		"table.label":     "Tabla",
		"cite.source":     "Fuente {number}",
	}
	pc := &PageContext{Text: func(key, english string) string {
		if s, ok := es[key]; ok {
			return s
		}
		return english
	}}
	c := New(Options{Callouts: testCallouts})
	res, err := c.Convert([]byte("> [!UNKNOWN]\n> Hi [@a].\n\n> [!NOTE]\n> N.\n\n| Año |\n|---|\n| 2024 |\n"), pc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<p class="callout-label">Lo que no sabemos</p>`,
		`<p class="callout-label">Note</p>`,
		`aria-label="Fuente 1">1</a>`,
		`aria-label="Tabla: Año"`,
	} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("no %s in\n%s", want, res.HTML)
		}
	}
}
