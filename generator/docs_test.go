package main

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// These tests keep docs/reference.md in step with the code: whatever the
// generator reads or offers must be named, in backticks, in the section of
// the reference that documents it.

const referencePath = "docs/reference.md"

// refDoc is a Markdown file split into its "## " sections and their "### "
// subsections, by heading text.
type refDoc struct {
	sections map[string]string
	subs     map[string]map[string]string
}

func readRefDoc(t *testing.T, path string) refDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := refDoc{sections: map[string]string{}, subs: map[string]map[string]string{}}
	var sec, sub string
	fence := false
	for line := range strings.SplitSeq(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
		}
		switch {
		case !fence && strings.HasPrefix(line, "## "):
			sec, sub = strings.TrimSpace(line[3:]), ""
			d.subs[sec] = map[string]string{}
			continue
		case !fence && strings.HasPrefix(line, "### ") && sec != "":
			sub = strings.TrimSpace(line[4:])
			continue
		}
		if sec == "" {
			continue
		}
		d.sections[sec] += line + "\n"
		if sub != "" {
			d.subs[sec][sub] += line + "\n"
		}
	}
	return d
}

func (d refDoc) section(t *testing.T, name string) string {
	t.Helper()
	s, ok := d.sections[name]
	if !ok {
		t.Fatalf("%s has no section %q", referencePath, "## "+name)
	}
	return s
}

func (d refDoc) subsection(t *testing.T, sec, name string) string {
	t.Helper()
	d.section(t, sec)
	s, ok := d.subs[sec][name]
	if !ok {
		t.Fatalf("%s has no subsection %q under %q", referencePath, "### "+name, "## "+sec)
	}
	return s
}

// requireDocumented reports every name not written as `prefix+name` in text.
func requireDocumented(t *testing.T, where, text, prefix string, names []string) {
	t.Helper()
	for _, n := range names {
		if !strings.Contains(text, "`"+prefix+n+"`") {
			t.Errorf("%s: section %q does not document `%s%s`", referencePath, where, prefix, n)
		}
	}
}

func TestReferenceDocumentsEveryFrontMatterField(t *testing.T) {
	d := readRefDoc(t, referencePath)
	requireDocumented(t, "Front matter", d.section(t, "Front matter"), "", content.KnownFields)
}

func TestReferenceDocumentsEverySiteSetting(t *testing.T) {
	d := readRefDoc(t, referencePath)
	requireDocumented(t, "Site settings", d.section(t, "Site settings"), "", content.SettingsFields)
}

func TestFuncNamesListsExactlyTheTemplateFunctions(t *testing.T) {
	var keys []string
	for k := range layout.Funcs(&layout.Env{}) {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	names := slices.Sorted(slices.Values(layout.FuncNames))
	if !slices.Equal(keys, names) {
		t.Errorf("layout.FuncNames and the keys of layout.Funcs differ:\nFuncNames: %q\nFuncs:     %q", names, keys)
	}
	if len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("layout.FuncNames has duplicates: %q", names)
	}
}

func TestReferenceDocumentsEveryTemplateFunction(t *testing.T) {
	d := readRefDoc(t, referencePath)
	requireDocumented(t, "Template functions", d.section(t, "Template functions"), "", layout.FuncNames)
}

// templateReachable lists the exported fields (embedded structs' fields
// included, with the embedded field itself) and the exported methods of
// *T, which is what a template can reach from a value of type *T.
func templateReachable(typ reflect.Type) []string {
	var names []string
	var fields func(reflect.Type)
	fields = func(typ reflect.Type) {
		for f := range typ.Fields() {
			if f.Anonymous && f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
				fields(f.Type.Elem()) // an embedded source page: its fields are promoted
				if f.IsExported() {
					names = append(names, f.Name)
				}
				continue
			}
			if !f.IsExported() {
				continue
			}
			names = append(names, f.Name)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				fields(f.Type)
			}
		}
	}
	fields(typ)
	ptr := reflect.PointerTo(typ)
	for m := range ptr.Methods() {
		if m.Name != "MarshalJSON" { // for jsonld, not for reading
			names = append(names, m.Name)
		}
	}
	return names
}

var refLayoutTypes = []struct {
	sub string
	typ reflect.Type
}{
	{"Page", reflect.TypeFor[site.Page]()},
	{"Site", reflect.TypeFor[site.Site]()},
	{"Source", reflect.TypeFor[content.Source]()},
	{"Citation", reflect.TypeFor[content.Citation]()},
	{"MenuItem", reflect.TypeFor[site.MenuItem]()},
	{"Heading", reflect.TypeFor[markdown.Heading]()},
	{"Correction", reflect.TypeFor[content.Correction]()},
	{"Author", reflect.TypeFor[content.Author]()},
	{"Language", reflect.TypeFor[content.Language]()},
	{"LanguageLink", reflect.TypeFor[site.LanguageLink]()},
	{"Alternate", reflect.TypeFor[site.Alternate]()},
}

func TestReferenceDocumentsEveryLayoutVariable(t *testing.T) {
	d := readRefDoc(t, referencePath)
	for _, lt := range refLayoutTypes {
		text := d.subsection(t, "Layout variables", lt.sub)
		requireDocumented(t, "Layout variables / "+lt.sub, text, ".", templateReachable(lt.typ))
	}
}

// refRowName matches the first name of a table row such as "| `.Title` | …".
var refRowName = regexp.MustCompile("(?m)^\\| `\\.([A-Za-z]+)`")

func TestReferenceLayoutVariablesExist(t *testing.T) {
	d := readRefDoc(t, referencePath)
	for _, lt := range refLayoutTypes {
		have := templateReachable(lt.typ)
		for _, m := range refRowName.FindAllStringSubmatch(d.subsection(t, "Layout variables", lt.sub), -1) {
			if !slices.Contains(have, m[1]) {
				t.Errorf("%s: Layout variables / %s documents `.%s`, which %s does not have", referencePath, lt.sub, m[1], lt.typ)
			}
		}
	}
}

// refUsageFlag matches an option line of the flag package's usage output.
var refUsageFlag = regexp.MustCompile(`(?m)^  --([a-z][a-z-]*)`)

func TestReferenceDocumentsEveryCommandAndOption(t *testing.T) {
	d := readRefDoc(t, referencePath)
	cli := d.section(t, "Command line")
	requireDocumented(t, "Command line", cli, "", commandNames())
	for _, cmd := range []string{"build", "serve", "check", "new", "import"} {
		r := runCLI(cmd, "--help")
		flags := refUsageFlag.FindAllStringSubmatch(r.stderr+r.stdout, -1)
		if len(flags) == 0 {
			t.Fatalf("%s --help lists no options:\n%s", cmd, r)
		}
		for _, f := range flags {
			if !strings.Contains(cli, "`--"+f[1]) {
				t.Errorf("%s: section \"Command line\" does not document option `--%s` of %s", referencePath, f[1], cmd)
			}
		}
	}
}

// docsLink matches a relative link to a Markdown file: [text](file.md#anchor).
var docsLink = regexp.MustCompile(`\]\(([a-z][a-z0-9-]*\.md)?(#[a-z0-9-]+)?\)`)

// docsAnchor makes the anchor GitHub gives a heading.
func docsAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func TestDocsLinksPointToExistingFilesAndHeadings(t *testing.T) {
	files, err := filepath.Glob("docs/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs: %v", err)
	}
	anchors := map[string]map[string]bool{}
	texts := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		texts[name] = string(b)
		anchors[name] = map[string]bool{}
		fence := false
		for line := range strings.SplitSeq(string(b), "\n") {
			if strings.HasPrefix(line, "```") {
				fence = !fence
			}
			if !fence && strings.HasPrefix(line, "#") {
				anchors[name][docsAnchor(strings.TrimLeft(line, "# "))] = true
			}
		}
	}
	for name, text := range texts {
		for _, m := range docsLink.FindAllStringSubmatch(proseOnly(text), -1) {
			target, anchor := m[1], strings.TrimPrefix(m[2], "#")
			if target == "" {
				target = name
			}
			if target == name && anchor == "" {
				continue
			}
			a, ok := anchors[target]
			if !ok {
				t.Errorf("docs/%s links to %s, which is not in docs/", name, m[0])
				continue
			}
			if anchor != "" && !a[anchor] {
				t.Errorf("docs/%s links to %s: docs/%s has no heading #%s", name, m[0], target, anchor)
			}
		}
	}
}

// codeSpan matches inline code, where links are examples, not links.
var codeSpan = regexp.MustCompile("`[^`\n]*`")

// proseOnly drops fenced code blocks and inline code from Markdown text.
func proseOnly(text string) string {
	var b strings.Builder
	fence := false
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
			continue
		}
		if !fence {
			b.WriteString(codeSpan.ReplaceAllString(line, ""))
			b.WriteByte('\n')
		}
	}
	return b.String()
}
