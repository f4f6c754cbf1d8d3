package highlight

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

func TestStylesheetIsDeterministic(t *testing.T) {
	a, b := Stylesheet(), Stylesheet()
	if !bytes.Equal(a, b) {
		t.Fatal("two calls gave different CSS")
	}
}

var (
	ruleRE  = regexp.MustCompile(`(?m)^\s*(\.chroma[^{]*)\{([^}]*)\}`)
	colorRE = regexp.MustCompile(`(?:^|;)\s*color: (#[0-9a-f]{6})`)
	bgRE    = regexp.MustCompile(`background-color: (#[0-9a-f]{6}|transparent)`)
)

type rule struct{ selector, fg, bg string }

// themes splits the stylesheet into its light and dark rules.
func themes(t *testing.T) (light, dark []rule) {
	t.Helper()
	css := string(Stylesheet())
	i := strings.Index(css, "@media (prefers-color-scheme: dark) {")
	if i < 0 {
		t.Fatalf("no dark media query in:\n%s", css)
	}
	parse := func(s string) []rule {
		var out []rule
		for _, m := range ruleRE.FindAllStringSubmatch(s, -1) {
			r := rule{selector: strings.TrimSpace(m[1])}
			if c := colorRE.FindStringSubmatch(m[2]); c != nil {
				r.fg = c[1]
			}
			if c := bgRE.FindStringSubmatch(m[2]); c != nil {
				r.bg = c[1]
			}
			out = append(out, r)
		}
		return out
	}
	return parse(css[:i]), parse(css[i:])
}

func TestStylesheetMeetsWCAGContrast(t *testing.T) {
	light, dark := themes(t)
	for name, rules := range map[string][]rule{"light": light, "dark": dark} {
		if len(rules) < 20 || rules[0].selector != ".chroma" {
			t.Fatalf("%s theme: unexpected rules %v", name, rules)
		}
		base := rules[0].bg
		for _, r := range rules {
			if r.selector == ".chroma .w" { // whitespace: nothing visible
				continue
			}
			if r.fg == "" {
				t.Errorf("%s %s: no colour", name, r.selector)
				continue
			}
			bg := base
			if r.bg != "" && r.bg != "transparent" {
				bg = r.bg
			}
			fg, bgc := chroma.ParseColour(r.fg), chroma.ParseColour(bg)
			if c := contrast(fg, bgc); c < 4.5 {
				t.Errorf("%s %s: %s on %s has contrast %.2f, want >= 4.5", name, r.selector, r.fg, bg, c)
			}
		}
	}
}

func TestStylesheetDarkThemeOverridesEveryLightRule(t *testing.T) {
	light, dark := themes(t)
	inDark := map[string]bool{}
	for _, r := range dark {
		inDark[r.selector] = true
	}
	for _, r := range light {
		if !inDark[r.selector] {
			t.Errorf("light rule %q has no dark counterpart, so its colour leaks into dark mode", r.selector)
		}
	}
}

func TestStylesheetCoversEmittedClasses(t *testing.T) {
	css := string(Stylesheet())
	out := string(New(nil).Block("go", []byte(goSample)))
	for _, cls := range []string{"kd", "c1", "s", "nf"} {
		if !strings.Contains(out, `class="`+cls+`"`) {
			t.Fatalf("sample lacks class %q; pick another", cls)
		}
		if !strings.Contains(css, ".chroma ."+cls+" {") {
			t.Errorf("stylesheet has no rule for .%s", cls)
		}
	}
}

func TestContrast(t *testing.T) {
	black, white := chroma.NewColour(0, 0, 0), chroma.NewColour(255, 255, 255)
	if c := contrast(black, white); c < 20.99 || c > 21.01 {
		t.Errorf("contrast(black, white) = %v, want 21", c)
	}
	if c := contrast(white, white); c != 1 {
		t.Errorf("contrast(white, white) = %v, want 1", c)
	}
	// #767676 on white is the well-known 4.54:1 AA boundary.
	if c := contrast(chroma.MustParseColour("#767676"), white); c < 4.53 || c > 4.55 {
		t.Errorf("contrast(#767676, white) = %v, want 4.54", c)
	}
}

func TestAccessibleRaisesLowContrastColours(t *testing.T) {
	s := chroma.MustNewStyle("low", chroma.StyleEntries{
		chroma.Background:  "#333333 bg:#ffffff",
		chroma.Comment:     "#cccccc",
		chroma.NameBuiltin: "#999999 bg:#eeeeee",
		chroma.Keyword:     "#0000ff",
	})
	fixed := accessible(s, chroma.Colour(0))
	for _, tt := range checkedTypes() {
		e := fixed.Get(tt)
		if c := contrast(e.Colour, background(fixed, e)); c < 4.5 {
			t.Errorf("%v: %s on %s has contrast %.2f", tt, e.Colour, background(fixed, e), c)
		}
	}
	if got := fixed.Get(chroma.Keyword).Colour; got != chroma.MustParseColour("#0000ff") {
		t.Errorf("a passing colour was changed to %s", got)
	}
}

func TestEmbeddedStylesMatchChroma(t *testing.T) {
	for _, name := range []string{lightStyleName, darkStyleName} {
		got, want := embeddedStyle(name), styles.Get(name)
		if want.Name != name {
			t.Fatalf("chroma has no style %q", name)
		}
		for tt := range chroma.StandardTypes {
			if g, w := got.Get(tt), want.Get(tt); g != w {
				t.Errorf("%s: %v = %v in styles/%s.xml, %v in chroma: copy the file from chroma again", name, tt, g, name, w)
			}
		}
	}
}
