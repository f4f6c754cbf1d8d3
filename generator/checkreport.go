package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// Kinds of problems, for check's summary and --only.
var problemKinds = []string{"links", "images", "citations", "front-matter", "shortcodes", "headings", "translations", "layouts", "data", "settings", "other"}

// problemKind sorts a diagnostic into one of problemKinds by where it is
// and how its message starts.
func problemKind(d diag.Diagnostic) string {
	m := d.Msg
	has := func(prefixes ...string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(m, p) {
				return true
			}
		}
		return false
	}
	switch {
	case has("link ", "empty link"):
		return "links"
	case strings.Contains(m, "since this translation") || has("this translation does not record", "translation_hash", "translation_of"):
		return "translations"
	case has("image", "alt text"):
		return "images"
	case has("unknown source", "this page says needs_citations", "data_citations") || d.Path == "content/data/sources.yaml":
		return "citations"
	case strings.Contains(m, "shortcode syntax"):
		return "shortcodes"
	case has("heading"):
		return "headings"
	case strings.HasPrefix(d.Path, "layouts/"):
		return "layouts"
	case d.Path == "content/site.yaml":
		return "settings"
	case strings.HasPrefix(d.Path, "content/data/"):
		return "data"
	case has("field ", "front matter", "missing front matter", "missing title", "unknown front matter field", "invalid YAML", "invalid TOML", "invalid JSON", "JSON front matter", "TOML front matter", "alias ", "review_by", "no description", "tag ", "category "):
		return "front-matter"
	}
	return "other"
}

// onlyFilter keeps the problems --only names: a kind, or errors or
// warnings.
func onlyFilter(ds diag.List, only string) diag.List {
	if only == "" {
		return ds
	}
	var out diag.List
	for _, d := range ds {
		switch {
		case only == "errors" && d.Severity == diag.Error,
			only == "warnings" && d.Severity == diag.Warning,
			only == problemKind(d):
			out = append(out, d)
		}
	}
	return out
}

// onlyValues are the values --only accepts.
func onlyValues() []string { return append([]string{"errors", "warnings"}, problemKinds...) }

// printSummary prints how many problems of each kind there are and the
// ten files with the most: what to fix first when there are many.
func (e *env) printSummary(ds diag.List) {
	if len(ds) < 10 {
		return
	}
	kinds := map[string]int{}
	type fileCount struct {
		path           string
		errs, warnings int
	}
	files := map[string]*fileCount{}
	for _, d := range ds {
		kinds[problemKind(d)]++
		fc := files[d.Path]
		if fc == nil {
			fc = &fileCount{path: d.Path}
			files[d.Path] = fc
		}
		if d.Severity == diag.Warning {
			fc.warnings++
		} else {
			fc.errs++
		}
	}
	var parts []string
	for _, k := range problemKinds {
		if kinds[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, kinds[k]))
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return count(parts[i]) > count(parts[j]) })
	fmt.Fprintf(e.stderr, "\nBy kind: %s\n", strings.Join(parts, ", "))
	list := make([]*fileCount, 0, len(files))
	for _, fc := range files {
		list = append(list, fc)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.errs+a.warnings != b.errs+b.warnings {
			return a.errs+a.warnings > b.errs+b.warnings
		}
		return a.path < b.path
	})
	fmt.Fprintln(e.stderr, "Files with the most problems:")
	for i, fc := range list {
		if i == 10 {
			fmt.Fprintf(e.stderr, "  … and %s\n", plural(len(list)-10, "more file"))
			break
		}
		fmt.Fprintf(e.stderr, "  %-40s %s, %s\n", fc.path, plural(fc.errs, "error"), plural(fc.warnings, "warning"))
	}
	fmt.Fprintln(e.stderr, "Use --only KIND (such as --only links) to see one kind at a time.")
}

// count reads the number at the end of "kind N".
func count(s string) int {
	var n int
	fmt.Sscanf(s[strings.LastIndexByte(s, ' ')+1:], "%d", &n)
	return n
}

// jsonProblem is one problem in check --format json.
type jsonProblem struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Kind     string `json:"kind"`
	Message  string `json:"message"`
}

// jsonReport is check --format json's output.
type jsonReport struct {
	Passed   bool          `json:"passed"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Problems []jsonProblem `json:"problems"`
	// Untranslated maps each language code but the default's to the
	// pages of the default language it has no translation of.
	Untranslated map[string][]string `json:"untranslated,omitempty"`
}

func writeJSONReport(w io.Writer, ds diag.List, passed bool, untranslated []site.Untranslated) error {
	r := jsonReport{Passed: passed, Problems: []jsonProblem{}}
	for _, l := range untranslated {
		if r.Untranslated == nil {
			r.Untranslated = map[string][]string{}
		}
		r.Untranslated[l.Code] = append([]string{}, l.Paths...)
	}
	for _, d := range ds {
		if d.Severity == diag.Warning {
			r.Warnings++
		} else {
			r.Errors++
		}
		r.Problems = append(r.Problems, jsonProblem{Path: d.Path, Line: max(d.Line, 1), Col: max(d.Col, 1), Severity: d.Severity.String(), Kind: problemKind(d), Message: d.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
