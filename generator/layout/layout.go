// Package layout loads the html/template layouts of a site from layouts/ and
// renders pages with them.
//
// layouts/base.html and every file under layouts/partials/ are parsed once
// into a shared set; each other .html file (a kind template such as
// page.html, or a named layout such as timeline.html) is parsed on its own
// and added to that set with its definitions renamed for it, so that each
// file sees what it would see in a copy of the shared set of its own (see
// combine), while one set, escaped once, serves them all. A kind template
// made only of {{define}} blocks (besides white
// space and HTML comments, which html/template drops) fills the blocks of
// base.html, and rendering executes base.html; any other template renders
// on its own. A layout set that would make blank pages is an error: an
// empty base.html, or blocks for a base.html that does not exist. So is a
// {{template}} call of a template no layout defines, at the call. Partials are called by file name:
// {{ template "partials/nav.html" . }}.
//
// Lookup order for a page: the layout named by its front matter
// (layout: timeline → layouts/timeline.html), then the kind template of its
// section (layouts/<section>/<kind>.html), then the default for its kind:
// home.html, section.html, page.html, taxonomy.html, term.html, 404.html,
// where home, taxonomy and term fall back to section.html and 404 to
// page.html.
//
// Files under layouts/assets/ are not templates: see Assets.
package layout

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

const root = "layouts"

// Set is the parsed layouts of one build. It is safe for concurrent use.
type Set struct {
	templates map[string]*template.Template // by layouts-relative file name
	entry     map[string]string             // file name → template to execute
	fills     map[string]bool               // file name → it only fills the blocks of base.html
	shared    *template.Template            // the set every page template runs in
	// byLang holds, per language other than the default, a copy of
	// templates whose language functions (T, apdate, ...) write that
	// language.
	byLang map[string]map[string]*template.Template
	src    map[string]string // layouts-relative file name → text
	// Digest is a hash of every layout file: when it changes, every page
	// must be rendered again.
	Digest string

	attrOnce  sync.Once             // FindAttr parses the files once
	attrSites map[string][]attrSite // by file name, in file order
}

// Load parses every template under layouts/ with the given functions. When
// prev is not nil and the files are unchanged since it was loaded, Load
// returns prev without parsing again.
func Load(fsys fs.FS, funcs template.FuncMap, prev *Set) (*Set, diag.List) {
	return LoadLangs(fsys, funcs, nil, prev)
}

// LoadLangs is Load for a site in several languages: langFuncs maps each
// language code other than the default to the functions that write that
// language (see LangFuncs), and ExecuteLang renders with them.
func LoadLangs(fsys fs.FS, funcs template.FuncMap, langFuncs map[string]template.FuncMap, prev *Set) (*Set, diag.List) {
	var ds diag.List
	s := &Set{templates: map[string]*template.Template{}, entry: map[string]string{}}
	files := map[string]string{}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ds.Add(p, 0, 0, "cannot read: %v", err)
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if d.Type()&fs.ModeSymlink != 0 {
			ds.Add(p, 0, 0, "symbolic links are not followed in layouts/; copy the file instead")
			return nil
		}
		if d.IsDir() {
			if rel == "assets" || (rel != "" && strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(p) != ".html" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			ds.Add(p, 0, 0, "cannot read: %v", err)
			return nil
		}
		files[rel] = string(b)
		return nil
	})
	if err != nil {
		ds.Add(root, 0, 0, "cannot read the layouts folder: %v", err)
		return s, ds
	}
	shared := template.New("").Funcs(funcs)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	digest := sha256.New()
	for _, n := range names {
		digest.Write([]byte(n + "\x00" + files[n] + "\x00"))
	}
	for _, code := range sortedKeys(langFuncs) {
		digest.Write([]byte("lang\x00" + code + "\x00"))
	}
	s.Digest = hex.EncodeToString(digest.Sum(nil))
	if prev != nil && prev.Digest == s.Digest {
		return prev, nil
	}
	s.src = files
	_, hasBase := files["base.html"]
	kinds := map[string]*parse.Tree{}
	for _, n := range names {
		if n == "base.html" || strings.HasPrefix(n, "partials/") {
			if _, err := shared.New(n).Parse(files[n]); err != nil {
				ds = append(ds, parseDiag(err))
			}
		}
	}
	if ds.HasErrors() {
		return s, ds
	}
	var parsed []kindTrees
	fillsBase := map[string]bool{}
	for _, n := range names {
		if n == "base.html" || strings.HasPrefix(n, "partials/") {
			continue
		}
		kt, err := template.New(n).Funcs(funcs).Parse(files[n])
		if err != nil {
			ds = append(ds, parseDiag(err))
			continue
		}
		k := kindTrees{name: n, trees: map[string]*parse.Tree{}}
		for _, t := range kt.Templates() {
			if t.Tree == nil {
				continue
			}
			// An empty {{ define }} does not replace a template of the
			// same name, as when the file is parsed on top of the others.
			if t.Name() != n && parse.IsEmptyTree(t.Tree.Root) && shared.Lookup(t.Name()) != nil {
				continue
			}
			k.trees[t.Name()] = t.Tree
		}
		parsed = append(parsed, k)
		kinds[n] = kt.Tree
		fillsBase[n] = hasBase && onlyDefines(kt.Tree)
	}
	entry, err := combine(shared, parsed, fillsBase)
	if err != nil {
		ds.Add(root, 0, 0, "%v", err)
		return s, ds
	}
	s.fills, s.shared = fillsBase, shared
	for _, k := range parsed {
		s.templates[k.name] = shared
		s.entry[k.name] = entry[k.name]
	}
	ds = append(ds, s.checkBlank(shared, kinds)...)
	ds = append(ds, s.checkCalls()...)
	ds = append(ds, s.cloneLangs(langFuncs)...)
	return s, ds
}

// onlyDefines reports whether a template's own body is blank (white space
// and HTML comments), meaning the file only defines blocks for the base
// layout.
func onlyDefines(t *parse.Tree) bool {
	if t == nil || t.Root == nil {
		return true
	}
	for _, n := range t.Root.Nodes {
		tn, ok := n.(*parse.TextNode)
		if !ok || !blankText(string(tn.Text)) {
			return false
		}
	}
	return true
}

// blankText reports whether text outside any {{define}} writes nothing:
// white space and HTML comments, which html/template drops.
func blankText(s string) bool {
	for {
		s = strings.TrimSpace(s)
		if !strings.HasPrefix(s, "<!--") {
			return s == ""
		}
		end := strings.Index(s[4:], "-->")
		if end < 0 {
			return false
		}
		s = s[4+end+3:]
	}
}

// Has reports whether layouts/<name> exists.
func (s *Set) Has(name string) bool { _, ok := s.templates[name]; return ok }

// Names lists the layouts-relative file names of the page templates.
func (s *Set) Names() []string {
	out := make([]string, 0, len(s.templates))
	for n := range s.templates {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var fallbacks = map[string][]string{
	content.KindHome:     {"home.html", "section.html"},
	content.KindSection:  {"section.html"},
	content.KindPage:     {"page.html"},
	content.KindTaxonomy: {"taxonomy.html", "section.html"},
	content.KindTerm:     {"term.html", "section.html"},
	content.Kind404:      {"404.html", "page.html"},
}

// Lookup finds the template file for a page, following the lookup order.
func (s *Set) Lookup(p *content.Page) (string, error) {
	if p.Layout != "" {
		n := strings.TrimSuffix(p.Layout, ".html") + ".html"
		if s.Has(n) {
			return n, nil
		}
		return "", fmt.Errorf("unknown layout %q: there is no layouts/%s", p.Layout, n)
	}
	for _, sec := range sectionNames(p) {
		if n := sec + "/" + p.Kind + ".html"; s.Has(n) {
			return n, nil
		}
	}
	for _, n := range fallbacks[p.Kind] {
		if s.Has(n) {
			return n, nil
		}
	}
	return "", fmt.Errorf("no layout for %s pages: create layouts/%s", p.Kind, fallbacks[p.Kind][0])
}

// sectionNames are the folders of layouts/ whose <kind>.html may lay out
// p: its section's (the first URL segment of the section, inside the
// page's language: faq for /es/faq/x/), then, for a translation, its
// original's.
func sectionNames(p *content.Page) []string {
	var out []string
	if sec := sectionName(p); sec != "" {
		out = append(out, sec)
	}
	orig := p.Original
	if orig == nil && p.Kind == content.KindPage && p.Section != nil {
		orig = p.Section.Original
	}
	if orig != nil {
		if sec := sectionName(orig); sec != "" && (len(out) == 0 || out[0] != sec) {
			out = append(out, sec)
		}
	}
	return out
}

func sectionName(p *content.Page) string {
	u := p.URL
	if p.Kind == content.KindPage && p.Section != nil {
		u = p.Section.URL
	}
	if l := p.Language; l != nil && !l.Default {
		u = strings.TrimPrefix(u, l.URL)
	}
	u = strings.Trim(u, "/")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	return u
}

// Execute renders page p with the template file name into w; the
// template's dot is data, the page as layouts see it. A template error is
// returned as a diag.Diagnostic at the template's file:line:col, naming
// the page being rendered.
func (s *Set) Execute(w io.Writer, name string, p *content.Page, data any) error {
	return s.ExecuteLang(w, name, "", p, data)
}

// ExecuteLang is Execute for a page in language code ("" or the default
// language: the functions Load was given).
func (s *Set) ExecuteLang(w io.Writer, name, code string, p *content.Page, data any) error {
	t := s.templates[name]
	if lt := s.byLang[code][name]; lt != nil {
		t = lt
	}
	if t == nil {
		return fmt.Errorf("no layout %q", name)
	}
	if err := t.ExecuteTemplate(w, s.entry[name], data); err != nil {
		d := s.execDiag(err)
		src := p.Path
		if src == "" {
			src = "the generated page " + p.URL
		}
		d.Msg += " (while rendering " + src + ")"
		return d
	}
	return nil
}

// ExecutePartial runs the template name (a partial, such as
// "partials/source-entry.html") on its own with data as its dot, in
// language code, for partialCached.
func (s *Set) ExecutePartial(w io.Writer, code, name string, data any) error {
	t := s.shared // every page template runs in this set
	if lt := s.byLang[code]; lt != nil {
		for _, c := range lt {
			t = c // the language's copy of it
			break
		}
	}
	if t == nil || t.Lookup(name) == nil {
		return fmt.Errorf("partialCached: %s", missingTemplate(name))
	}
	if err := t.ExecuteTemplate(w, name, data); err != nil {
		return s.execDiag(err)
	}
	return nil
}

// nodeDiag returns the position of a parsed template node, in the file
// that holds it (a block of base.html may be defined in page.html).
func (s *Set) nodeDiag(n parse.Node) (diag.Diagnostic, bool) {
	loc, _ := (&parse.Tree{}).ErrorContext(n) // "file:line:byte column from 0"
	i := strings.LastIndexByte(loc, ':')
	j := strings.LastIndexByte(loc[:max(i, 0)], ':')
	if i < 0 || j < 0 {
		return diag.Diagnostic{}, false
	}
	file := loc[:j]
	src, ok := s.src[file]
	if !ok {
		return diag.Diagnostic{}, false
	}
	l, c := diag.Position([]byte(src), int(n.Position()))
	return diag.Diagnostic{Path: root + "/" + file, Line: l, Col: c}, true
}

var tmplPosRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`) })

// parseDiag converts a template parse error to a diagnostic.
func parseDiag(err error) diag.Diagnostic {
	return toDiag(err.Error())
}

func (s *Set) execDiag(err error) diag.Diagnostic {
	// An error of html/template's escaper names the node it met.
	var he *template.Error
	if errors.As(err, &he) && he.Node != nil {
		if d, ok := s.nodeDiag(he.Node); ok {
			d.Msg = he.Description
			return d
		}
	}
	var ee texttemplate.ExecError
	if errors.As(err, &ee) {
		return toDiag(ee.Err.Error())
	}
	return toDiag(err.Error())
}

func toDiag(msg string) diag.Diagnostic {
	m := tmplPosRE().FindStringSubmatch(msg)
	if m == nil {
		return diag.Diagnostic{Path: root, Msg: strings.TrimPrefix(msg, "template: ")}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	text := m[4]
	// "executing "x" at <.Foo>: can't evaluate…" → keep the useful part.
	if i := strings.Index(text, ">: "); strings.HasPrefix(text, "executing ") && i > 0 {
		text = text[strings.Index(text, " at ")+4:i+1] + ": " + text[i+3:]
	}
	return diag.Diagnostic{Path: root + "/" + m[1], Line: line, Col: col, Msg: text}
}
