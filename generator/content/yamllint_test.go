package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// TestSuspiciousYAMLIsWarnedAtItsPosition loads a site whose front
// matter, settings and data files repeat keys, use merge keys and give a
// data name twice; each is a warning at path:line:col.
func TestSuspiciousYAMLIsWarnedAtItsPosition(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: A\nlanguages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\ntitle: B\n")},
		"content/a.md": {Data: []byte("---\ntitle: One\ndescription: d\ntitle: Two\n" +
			"params:\n  box: &b {x: 1}\n  copy:\n    <<: *b\n    y: 2\n    y: 3\n---\nText.\n")},
		"content/data/timeline.yaml":    {Data: []byte("- date: 2024-01-01\n  title: a\n  date: 2024-01-02\n")},
		"content/data/timeline.yml":     {Data: []byte("- title: b\n")},
		"content/data/timeline.es.yaml": {Data: []byte("- title: c\n")},           // a language's version, not a clash
		"content/data/same.yaml":        {Data: []byte("a: {k: 1}\nb: {k: 1}\n")}, // one key per map: fine
	}
	_, ds := Load(fsys, Options{})
	var got []string
	for _, d := range ds {
		if d.Severity != diag.Warning || strings.Contains(d.Msg, "no description") || strings.Contains(d.Msg, "unknown front matter") {
			continue
		}
		got = append(got, d.Error())
	}
	want := []string{
		`content/site.yaml:5:1: key "title" is written twice in one place (also on line 1); only the last value is used: remove one of them`,
		`content/data/timeline.yaml:3:3: key "date" is written twice in one place (also on line 1); only the last value is used: remove one of them`,
		`content/data/timeline.yaml:1:1: content/data/timeline.yml has the same name, and layouts see only that one: this file is not used; merge the two files or rename one`,
		`content/a.md:4:1: key "title" is written twice in one place (also on line 2); only the last value is used: remove one of them`,
		`content/a.md:8:5: merge keys (<<: *name) are not applied here: the fields of the named entry are not copied in; write them out in full`,
		`content/a.md:10:5: key "y" is written twice in one place (also on line 9); only the last value is used: remove one of them`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ds.HasErrors() {
		t.Errorf("errors: %v", ds.Errors())
	}
}

func TestUnsafeHTMLMustBeABoolean(t *testing.T) {
	for _, c := range []struct {
		yaml string
		want bool
		err  string
	}{
		{"unsafe_html: true\n", true, ""},
		{"unsafe_html: false\n", false, ""},
		{"unsafe_html: \"yes\"\n", false, `content/site.yaml:1:14: field "unsafe_html" must be true or false, without quotes`},
		{"unsafe_html: 'true'\n", false, `content/site.yaml:1:14: field "unsafe_html" must be true or false, without quotes`},
		{"unsafe_html: yes\n", false, `content/site.yaml:1:14: field "unsafe_html" must be true or false, without quotes`},
		{"unsafe_html: [true]\n", false, `content/site.yaml:1:14: field "unsafe_html" must be true or false, without quotes`},
	} {
		s, ds := parseSettings([]byte("title: T\n"+c.yaml), "", nil)
		got := ""
		if ds.HasErrors() {
			got = ds.Errors().Error()
		}
		want := strings.Replace(c.err, ":1:", ":2:", 1)
		if got != want || s.UnsafeHTML != c.want {
			t.Errorf("%q: unsafe %v, errors %q; want %v, %q", c.yaml, s.UnsafeHTML, got, c.want, want)
		}
	}
}

func TestCalloutPairMustBeABoolean(t *testing.T) {
	_, ds := parseSettings([]byte("title: T\ncallouts:\n  kaiser: {label: Kaiser says, pair: \"yes\"}\n"), "", nil)
	want := `content/site.yaml:3:38: the pair of callout kind "kaiser" must be true or false, without quotes`
	if got := ds.Errors().Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	s, ds := parseSettings([]byte("title: T\ncallouts:\n  kaiser: {label: Kaiser says, pair: true}\n"), "", nil)
	if ds.HasErrors() || len(s.Callouts) == 0 || !s.Callouts[len(s.Callouts)-1].Pair {
		t.Errorf("pair: true: %v %+v", ds, s.Callouts)
	}
}
