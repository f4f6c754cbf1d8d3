package markdown

import (
	"strings"
	"testing"
)

// A generated heading id comes after the heading's other attributes.
func TestGeneratedHeadingIDAfterAttributes(t *testing.T) {
	src := "## Wide one {.wide}\n\n## Plain\n\n## Plain\n\n## Fixed {#fx .c}\n"
	html := string(convert(t, New(Options{}), src, nil).HTML)
	for _, want := range []string{
		`<h2 class="wide" id="wide-one">Wide one <a class="anchor" href="#wide-one" aria-hidden="true" tabindex="-1">#</a></h2>`,
		`<h2 id="plain">Plain <a class="anchor" href="#plain"`,
		`<h2 id="plain-1">Plain <a class="anchor" href="#plain-1"`,
		`<h2 id="fx" class="c">Fixed <a class="anchor" href="#fx"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
}
