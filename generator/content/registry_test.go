package content

import (
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// TestRegistriesReportTheSameShapeProblems runs the shape checks both
// registries share (sources.yaml and authors.yaml) through each parser.
func TestRegistriesReportTheSameShapeProblems(t *testing.T) {
	parsers := map[string]func([]byte) (int, diag.List){
		"source": func(raw []byte) (int, diag.List) { s, ds := parseSources(raw); return len(s), ds },
		"author": func(raw []byte) (int, diag.List) { a, ds := parseAuthors(raw); return len(a), ds },
	}
	paths := map[string]string{"source": sourcesPath, "author": authorsPath}
	for what, parse := range parsers {
		entry := func(key string) string {
			if what == "source" {
				return "- key: " + key + "\n  outlet: O\n  title: T\n"
			}
			return "- key: " + key + "\n  name: N\n"
		}
		for _, c := range []struct {
			name, yaml string
			kept       int
			want       []string // diagnostics, "PATH" for the registry's path
		}{
			{"empty file", "", 0, nil},
			{"empty map", "{}\n", 0, nil},
			{"a map, not a list", "key: a\n", 0, []string{"PATH:1:1: the " + what + " list must be a YAML list of entries (- key: …)"}},
			{"an item that is not a map", entry("a") + "- just text\n", 1, []string{"PATH:", ": each " + what + " must be a map with key"}},
			{"no key", entry("a") + "- title: x\n", 1, []string{"PATH:", ": " + what + " has no key"}},
			{"a key used twice", entry("a") + entry("a"), 1, []string{"PATH:", ": " + what + ` key "a" is used twice (first on line 1)`}},
			{"a field that is not text", entry("a") + "  url: [x]\n", 1, []string{"PATH:", `: ` + what + ` field "url" must be text`}},
		} {
			t.Run(what+"/"+c.name, func(t *testing.T) {
				kept, ds := parse([]byte(c.yaml))
				got := ds.Error()
				if kept != c.kept {
					t.Errorf("kept %d entries, want %d (diagnostics: %s)", kept, c.kept, got)
				}
				if len(c.want) == 0 && len(ds) > 0 {
					t.Errorf("unexpected diagnostics:\n%s", got)
				}
				for _, w := range c.want {
					if w = strings.ReplaceAll(w, "PATH", paths[what]); !strings.Contains(got, w) {
						t.Errorf("diagnostics lack %q:\n%s", w, got)
					}
				}
			})
		}
	}
}

// TestAuthorKeysAreReadAlikeInSettingsAndFrontMatter: the authors setting
// and the authors field accept one key or a list, trim keys, and report
// an item that is not a key at its line.
func TestAuthorKeysAreReadAlikeInSettingsAndFrontMatter(t *testing.T) {
	s, ds := parseSettings([]byte("title: T\nauthors: [' editors ', {x: 1}]\n"), "", nil)
	if len(s.defaultAuthors) != 1 || s.defaultAuthors[0].Key != "editors" || s.defaultAuthors[0].Pos != (Pos{2, 11}) {
		t.Errorf("settings authors = %+v", s.defaultAuthors)
	}
	if got := ds.Error(); !strings.Contains(got, `content/site.yaml:2:24: field "authors" must be a list of author keys from content/data/authors.yaml`) {
		t.Errorf("settings diagnostics:\n%s", got)
	}
	s, ds = parseSettings([]byte("title: T\nauthors: editors\n"), "", nil)
	if len(ds) != 0 || len(s.defaultAuthors) != 1 || s.defaultAuthors[0].Key != "editors" {
		t.Errorf("one key: %+v %v", s.defaultAuthors, ds)
	}
}
