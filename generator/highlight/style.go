package highlight

import (
	"bytes"
	"embed"
	"math"
	"slices"

	"github.com/alecthomas/chroma/v2"
)

// styleFiles are the two chroma styles the stylesheet is made from, copied
// from chroma (see styles/README.md): importing chroma's styles package
// would parse all of its styles at every start of the program.
//
//go:embed styles/github.xml styles/github-dark.xml
var styleFiles embed.FS

// Styles behind the stylesheet. Both come from GitHub's Primer palette; any
// token colour that falls short of WCAG AA (4.5:1 against the background it
// is drawn on) is pushed towards the text colour until it passes.
const (
	lightStyleName = "github"
	darkStyleName  = "github-dark"

	// minContrast is the target ratio, a little above 4.5 so rounding in
	// the hex output cannot drop a colour below the AA threshold.
	minContrast = 4.6
)

// lightText is the body text colour of the light style, which chroma's
// "github" leaves unset (so it would inherit whatever the page uses).
var lightText = chroma.NewColour(0x1f, 0x23, 0x28)

// Stylesheet returns the CSS for the classes Block emits: the light theme, then
// the dark theme inside @media (prefers-color-scheme: dark). Every rule sets
// each property that either theme uses, so no light colour leaks into the
// dark theme. The output is deterministic.
func Stylesheet() []byte {
	light, dark := lightStyle(), darkStyle()
	var types []chroma.TokenType
	for _, tt := range sortedTypes() {
		if chroma.StandardTypes[tt] != "" && (!isPlain(light, tt) || !isPlain(dark, tt)) {
			types = append(types, tt)
		}
	}
	var b bytes.Buffer
	b.WriteString("/* Code highlighting: chroma styles \"" + lightStyleName + "\" and \"" + darkStyleName +
		"\", colours raised to WCAG AA contrast. Generated; do not edit. */\n")
	writeTheme(&b, "", light, dark, types)
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	writeTheme(&b, "  ", dark, light, types)
	b.WriteString("}\n")
	return b.Bytes()
}

// writeTheme writes the rules of style s; other is the opposite theme, whose
// properties s must reset.
func writeTheme(b *bytes.Buffer, indent string, s, other *chroma.Style, types []chroma.TokenType) {
	base := s.Get(chroma.Background)
	b.WriteString(indent + ".chroma { color: " + base.Colour.String() + "; background-color: " +
		base.Background.String() + "; tab-size: 4; overflow-x: auto; }\n")
	otherBase := other.Get(chroma.Background)
	for _, tt := range types {
		e, o := s.Get(tt), other.Get(tt)
		b.WriteString(indent + ".chroma ." + chroma.StandardTypes[tt] + " { color: " + e.Colour.String() + ";")
		if e.Background != base.Background || o.Background != otherBase.Background {
			bg := "transparent"
			if e.Background != base.Background {
				bg = e.Background.String()
			}
			b.WriteString(" background-color: " + bg + ";")
		}
		if e.Bold == chroma.Yes || o.Bold == chroma.Yes {
			b.WriteString(" font-weight: " + pick(e.Bold == chroma.Yes, "bold", "normal") + ";")
		}
		if e.Italic == chroma.Yes || o.Italic == chroma.Yes {
			b.WriteString(" font-style: " + pick(e.Italic == chroma.Yes, "italic", "normal") + ";")
		}
		if e.Underline == chroma.Yes || o.Underline == chroma.Yes {
			b.WriteString(" text-decoration: " + pick(e.Underline == chroma.Yes, "underline", "none") + ";")
		}
		b.WriteString(" }\n")
	}
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// isPlain reports whether tokens of type tt look like ordinary text in s.
func isPlain(s *chroma.Style, tt chroma.TokenType) bool {
	base, e := s.Get(chroma.Background), s.Get(tt)
	return e.Colour == base.Colour && e.Background == base.Background &&
		e.Bold != chroma.Yes && e.Italic != chroma.Yes && e.Underline != chroma.Yes
}

func lightStyle() *chroma.Style {
	return accessible(embeddedStyle(lightStyleName), lightText)
}

func darkStyle() *chroma.Style {
	return accessible(embeddedStyle(darkStyleName), chroma.Colour(0))
}

// embeddedStyle parses one of styleFiles. They are part of the program,
// so an error is a programming error.
func embeddedStyle(name string) *chroma.Style {
	f, err := styleFiles.Open("styles/" + name + ".xml")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	return chroma.MustNewXMLStyle(f)
}

// accessible returns a copy of s in which every token colour reaches
// minContrast against its background. text, when set, becomes the default
// text colour.
func accessible(s *chroma.Style, text chroma.Colour) *chroma.Style {
	b := s.Builder()
	bgEntry := s.Get(chroma.Background)
	if text.IsSet() {
		bgEntry.Colour = text
		b.AddEntry(chroma.Background, bgEntry)
	}
	target := bgEntry.Colour
	if !target.IsSet() {
		target = pickExtreme(bgEntry.Background)
	}
	// Entries inherit from their category, so fixing one type can change
	// others: repeat until a pass fixes nothing (two passes in practice).
	for range 8 {
		out, err := b.Build()
		if err != nil {
			return s
		}
		fixed := false
		for _, tt := range checkedTypes() {
			e := out.Get(tt)
			if !e.Colour.IsSet() || contrast(e.Colour, background(out, e)) >= minContrast {
				continue
			}
			e.Colour = fixContrast(e.Colour, background(out, e), target)
			b.AddEntry(tt, e)
			fixed = true
		}
		if !fixed {
			return out
		}
	}
	return s
}

// background is the colour entry e is drawn on in style s.
func background(s *chroma.Style, e chroma.StyleEntry) chroma.Colour {
	if e.Background.IsSet() {
		return e.Background
	}
	return s.Get(chroma.Background).Background
}

// checkedTypes lists the token types whose colours appear in highlighted text,
// in a stable order: real tokens (non-negative types) except whitespace, whose
// glyphs are invisible, plus Background, whose colour is the default text.
func checkedTypes() []chroma.TokenType {
	out := []chroma.TokenType{chroma.Background}
	for _, tt := range sortedTypes() {
		if tt != chroma.TextWhitespace {
			out = append(out, tt)
		}
	}
	return out
}

// sortedTypes returns the token types that can appear in lexer output (the
// non-negative standard types, plus Error) in ascending order.
func sortedTypes() []chroma.TokenType {
	var out []chroma.TokenType
	for tt := range chroma.StandardTypes {
		if tt >= 0 || tt == chroma.Error {
			out = append(out, tt)
		}
	}
	slices.Sort(out)
	return out
}

// fixContrast mixes fg towards target in small steps until it reaches
// minContrast against bg; if even target cannot, it returns black or white.
func fixContrast(fg, bg, target chroma.Colour) chroma.Colour {
	if contrast(target, bg) < minContrast {
		target = pickExtreme(bg)
	}
	for step := 1; step <= 50; step++ {
		c := mix(fg, target, float64(step)/50)
		if contrast(c, bg) >= minContrast {
			return c
		}
	}
	return pickExtreme(bg)
}

// pickExtreme returns black or white, whichever contrasts more with bg.
func pickExtreme(bg chroma.Colour) chroma.Colour {
	black, white := chroma.NewColour(0, 0, 0), chroma.NewColour(255, 255, 255)
	if contrast(black, bg) >= contrast(white, bg) {
		return black
	}
	return white
}

func mix(a, b chroma.Colour, t float64) chroma.Colour {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return chroma.NewColour(m(a.Red(), b.Red()), m(a.Green(), b.Green()), m(a.Blue(), b.Blue()))
}

// contrast is the WCAG 2 contrast ratio between two colours (1 to 21).
func contrast(a, b chroma.Colour) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG 2 relative luminance of c.
func luminance(c chroma.Colour) float64 {
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.Red()) + 0.7152*ch(c.Green()) + 0.0722*ch(c.Blue())
}
