package i18n

import (
	"testing"
	"testing/fstest"
)

// FuzzLoadAndTranslate: any strings file loads without a panic, and every
// key it yields translates, with and without a count.
func FuzzLoadAndTranslate(f *testing.F) {
	for _, s := range []string{
		"a: b\n", "sources:\n  one: \"{count} x\"\n  other: \"{count} xs\"\n", "a:\n  b:\n    c: d\n",
		"date:\n  day: \"2 de January de 2006\"\n", "a: [1]\n", "a: &x {one: y, other: z}\nb: *x\n", "- x\n", "a: {one: x}\n",
	} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		fsys := fstest.MapFS{"layouts/i18n/es.yaml": {Data: []byte(text)}}
		c, _ := Load(fsys, []Language{{Code: "en"}, {Code: "es", Locale: "es-US"}}, nil)
		for _, k := range c.Keys("es") {
			if _, err := c.Translate("es", k); err != nil {
				t.Errorf("%q: %v", k, err)
			}
			if _, err := c.Translate("es", k, n); err != nil {
				t.Errorf("%q %d: %v", k, n, err)
			}
		}
	})
}
