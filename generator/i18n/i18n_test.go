package i18n

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
)

func testCatalog(t *testing.T, files map[string]string, langs ...Language) *Catalog {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["layouts/i18n/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	c, ds := Load(fsys, langs, nil)
	if len(ds) > 0 {
		t.Fatalf("Load: %v", ds)
	}
	return c
}

func TestTranslateChoosesPluralFormsByLanguage(t *testing.T) {
	c := testCatalog(t, map[string]string{
		"en.yaml": "sources:\n  one: \"{count} source\"\n  other: \"{count} sources\"\nnav:\n  home: Home\nonly_en: English only\n",
		"es.yaml": "sources:\n  one: \"{count} fuente\"\n  other: \"{count} fuentes\"\nnav:\n  home: Inicio\n",
	}, Language{Code: "en"}, Language{Code: "es", Locale: "es-US"})
	for _, tc := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"en", "sources", []any{1}, "1 source"},
		{"en", "sources", []any{2000}, "2,000 sources"},
		{"es", "sources", []any{1}, "1 fuente"},
		{"es", "sources", []any{0}, "0 fuentes"},
		{"es", "sources", []any{2000}, "2,000 fuentes"},
		{"en", "sources", []any{1.5}, "1.5 sources"},
		{"es", "nav.home", nil, "Inicio"},
		{"es", "only_en", nil, "English only"},
		{"es", "sources", []any{map[string]any{"count": 3}}, "3 fuentes"},
		{"es", "sources", nil, "{count} fuentes"},
	} {
		got, err := c.Translate(tc.lang, tc.key, tc.args...)
		if err != nil || got != tc.want {
			t.Errorf("Translate(%s, %s, %v) = %q, %v; want %q", tc.lang, tc.key, tc.args, got, err, tc.want)
		}
	}
	if _, err := c.Translate("es", "nowhere"); err == nil || !strings.Contains(err.Error(), "layouts/i18n/en.yaml") {
		t.Errorf("a key no file has: %v", err)
	}
	if got := c.MissingIn("only_en"); len(got) != 1 || got[0] != "es" {
		t.Errorf("MissingIn(only_en) = %v", got)
	}
}

func TestFillNamedPlaceholders(t *testing.T) {
	c := testCatalog(t, map[string]string{"en.yaml": "by: \"by {name} ({count})\"\n"})
	got, err := c.Translate("en", "by", map[string]any{"name": "Ana", "count": 1234})
	if err != nil || got != "by Ana (1,234)" {
		t.Errorf("got %q, %v", got, err)
	}
	if got := fill("{a} {b} {", map[string]string{"a": "x"}); got != "x {b} {" {
		t.Errorf("fill = %q", got)
	}
}

func TestDatesFollowTheLanguage(t *testing.T) {
	c := testCatalog(t, nil, Language{Code: "en"}, Language{Code: "es", Locale: "es-US"})
	nov := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	oct := time.Date(2023, 10, 12, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{c.Date("en", oct), "Oct. 12, 2023"},
		{c.Date("en", nov), "Nov. 30, 2026"},
		{c.Date("en", time.Date(2024, 9, 3, 0, 0, 0, 0, time.UTC)), "Sept. 3, 2024"},
		{c.Month("en", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)), "March 2026"},
		{c.Date("es", nov), "30 de noviembre de 2026"},
		{c.Month("es", oct), "octubre de 2023"},
		{c.Format("es", "Jan 2006", oct), "oct 2023"},
		{c.Number("es", 2000), "2,000"},
		{c.Number("en", 12345.25), "12,345.25"},
		{c.Date("en", time.Time{}), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	es := testCatalog(t, nil, Language{Code: "en"}, Language{Code: "es"})
	if got := es.Number("es", 2000000); got != "2.000.000" {
		t.Errorf("Spain's Spanish (locale es): %q", got)
	}
}

func TestDateLayoutFromStringsFile(t *testing.T) {
	c := testCatalog(t, map[string]string{"es.yaml": "date:\n  day: \"2 January 2006\"\n  month: ap\n"},
		Language{Code: "en"}, Language{Code: "es"})
	if got := c.Date("es", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)); got != "30 noviembre 2026" {
		t.Errorf("date.day: %q", got)
	}
}

func TestBadStringsFilesAreReportedWhereTheyAre(t *testing.T) {
	for _, tc := range []struct{ file, text, want string }{
		{"en.yaml", "a: [1, 2]\n", "layouts/i18n/en.yaml:1:4: error: a: a text, or plural forms"},
		{"en.yaml", "a:\n  one: x\n", "layouts/i18n/en.yaml:1:1: error: a: plural forms need an other"},
		{"en.yaml", "a: b: c\n", "layouts/i18n/en.yaml:1:1: error: invalid YAML"},
		{"en.yaml", "- a\n", "layouts/i18n/en.yaml:1:1: error: a strings file maps keys"},
		{"en.yaml", "date:\n  day: \"%d %B\"\n", "layouts/i18n/en.yaml:2:3: error: date.day: write a Go date layout"},
		{"fr.yaml", "a: b\n", "layouts/i18n/fr.yaml:1:1: warning: not read: fr is not a language of the site"},
		{"en.yml", "a: b\n", "layouts/i18n/en.yml:1:1: warning: not read: name it en.yaml"},
	} {
		fsys := fstest.MapFS{"layouts/i18n/" + tc.file: &fstest.MapFile{Data: []byte(tc.text)}}
		_, ds := Load(fsys, []Language{{Code: "en"}}, nil)
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), tc.want) {
			t.Errorf("%s %q: got %v, want %s…", tc.file, tc.text, ds, tc.want)
		}
	}
}

func TestTextFallsBackToDefaultThenBuiltIn(t *testing.T) {
	c := testCatalog(t, map[string]string{"en.yaml": "toc: Contents\n", "es.yaml": "callout.unknown: Lo que no sabemos\n"},
		Language{Code: "en"}, Language{Code: "es"})
	if got := c.Text("es", "callout.unknown", "What we don't know"); got != "Lo que no sabemos" {
		t.Error(got)
	}
	if got := c.Text("es", "toc", "On this page"); got != "Contents" {
		t.Error(got)
	}
	if got := c.Text("es", "x", "built in"); got != "built in" {
		t.Error(got)
	}
	var nilc *Catalog
	if got := nilc.Text("en", "x", "built in"); got != "built in" || nilc.Date("en", time.Date(2024, 5, 8, 0, 0, 0, 0, time.UTC)) != "May 8, 2024" {
		t.Error("nil catalog")
	}
}

// TestStoreGivesWhatParsingGives loads this repository's strings files
// without a YAML store, then twice with one, and compares the catalogs:
// the second load with the store parses nothing.
func TestStoreGivesWhatParsingGives(t *testing.T) {
	fsys := os.DirFS("../..")
	langs := []Language{{Code: "en"}, {Code: "es", Locale: "es-US"}}
	want, wds := Load(fsys, langs, nil)
	st := &yamlnode.MemStore{}
	Load(fsys, langs, st)
	if st.Puts != len(langs) {
		t.Fatalf("the first load stored %d documents, want %d", st.Puts, len(langs))
	}
	got, gds := Load(fsys, langs, st)
	if st.Puts != len(langs) || st.Gets != len(langs) {
		t.Errorf("the second load parsed %d files and took %d from the store, want 0 and %d", st.Puts-len(langs), st.Gets, len(langs))
	}
	if !reflect.DeepEqual(gds, wds) {
		t.Errorf("problems with the store:\n%v\nwithout:\n%v", gds, wds)
	}
	if len(want.langs["es"].entries) < 20 {
		t.Fatalf("the Spanish strings have %d entries: not this repository's layouts/i18n", len(want.langs["es"].entries))
	}
	for code, wl := range want.langs {
		if !reflect.DeepEqual(got.langs[code].entries, wl.entries) {
			t.Errorf("%s: the strings loaded with the store differ from those loaded without", code)
		}
	}
	if got.Digest() != want.Digest() {
		t.Errorf("digest %s with the store, %s without", got.Digest(), want.Digest())
	}
}
