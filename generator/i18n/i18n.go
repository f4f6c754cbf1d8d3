// Package i18n holds a site's interface strings in each of its languages
// and writes dates and numbers as each language writes them.
//
// Interface strings live in layouts/i18n/<code>.yaml, one file per
// language code of the site (en.yaml, es.yaml). A file maps keys to texts;
// nested maps make dotted keys, so
//
//	nav:
//	  home: Inicio          # the key nav.home
//	sources:                # plural forms: the key sources
//	  one: "{count} fuente"
//	  other: "{count} fuentes"
//
// A map whose keys are all CLDR plural categories (zero, one, two, few,
// many, other) and include other is one text with plural forms: the form
// is chosen by the language's CLDR plural rules for the count
// (golang.org/x/text/feature/plural), and other is used when the chosen
// form is missing. In a text, {count} is the count written as the
// language writes numbers ("2,000"), and {name} the value of name when the
// layout passes a dict.
//
// A key missing in one language falls back to the default language's
// text. Keys the generator itself writes (callout labels, the table of
// contents heading, ...) have built-in English texts used when no file
// gives one; see Text.
//
// Two keys are formats, not texts: date.day and date.month are Go time
// layouts ("2 de January de 2006"), or "ap" for Associated Press style
// ("Oct. 12, 2023", "March 2026"). English defaults to ap, Spanish to
// "2 de January de 2006" and "January de 2006". Month and day names come
// from github.com/goodsign/monday; numbers from golang.org/x/text/message.
package i18n

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Dir is the folder of the interface string files, relative to the site
// root.
const Dir = "layouts/i18n"

// Language names a language of the site for Load.
type Language struct {
	Code   string // the site's code for it: en, es (the file is <Code>.yaml)
	Locale string // BCP 47 tag for numbers, dates and plural rules (es-US); "" means Code
	// DateStyle is the setting date_style: ap, long, or a Go time layout
	// of a full date; "" is the language's default (ap for English, long
	// for others).
	DateStyle string
}

// Catalog is the interface strings of every language of a site. A nil
// Catalog is a site with English only and no strings files.
type Catalog struct {
	def    string
	langs  map[string]*lang
	order  []string // language codes, the default first
	digest string
}

type lang struct {
	code    string
	path    string // layouts/i18n/<code>.yaml, or "" when there is none
	tag     language.Tag
	entries map[string]*Entry
	format  formatter
}

// Entry is one text of a strings file.
type Entry struct {
	Key       string
	Text      string                 // the text, or the other form
	Forms     map[plural.Form]string // plural forms; nil for a plain text
	Line, Col int                    // where the key is written
}

// Load reads layouts/i18n/<code>.yaml for each language; the first
// language is the default. A missing file is no error: that language has
// no strings of its own. Problems are reported at path:line:col; a file
// for a code that is not a language of the site is a warning. The parsed
// files are taken from store when it has them (nil: none).
func Load(fsys fs.FS, langs []Language, store yamlnode.Store) (*Catalog, diag.List) {
	var ds diag.List
	if len(langs) == 0 {
		langs = []Language{{Code: "en"}}
	}
	c := &Catalog{def: langs[0].Code, langs: map[string]*lang{}}
	h := sha256.New()
	for _, l := range langs {
		if _, dup := c.langs[l.Code]; dup {
			continue
		}
		loc := l.Locale
		if loc == "" {
			loc = l.Code
		}
		tag, err := language.Parse(loc)
		if err != nil {
			tag = language.Und
		}
		lg := &lang{code: l.Code, tag: tag, entries: map[string]*Entry{}}
		c.langs[l.Code] = lg
		c.order = append(c.order, l.Code)
		p := Dir + "/" + l.Code + ".yaml"
		src, err := fs.ReadFile(fsys, p)
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00", l.Code, loc, len(src))
		h.Write(src)
		if err == nil {
			lg.path = p
			ds = append(ds, parseFile(p, src, lg.entries, store)...)
		} else if !isNotExist(err) {
			ds.Add(p, 0, 0, "cannot read: %v", err)
		}
		lg.format, err = newFormatter(tag, l.DateStyle, lg.entries)
		if err != nil && !strings.HasPrefix(err.Error(), "date_style") { // content reports date_style

			e := lg.entries["date.day"]
			if e == nil || !strings.Contains(err.Error(), "date.day") {
				e = lg.entries["date.month"]
			}
			ds.Add(p, e.Line, e.Col, "%v", err)
		}
	}
	c.digest = hex.EncodeToString(h.Sum(nil))
	ents, _ := fs.ReadDir(fsys, Dir)
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		code, ok := strings.CutSuffix(name, ".yaml")
		if !ok {
			code, ok = strings.CutSuffix(name, ".yml")
		}
		switch {
		case !ok:
			ds = append(ds, diag.Diagnostic{Path: Dir + "/" + name, Severity: diag.Warning,
				Msg: "not read: interface string files are named <language code>.yaml, such as es.yaml"})
		case c.langs[code] == nil || path.Ext(name) == ".yml":
			msg := fmt.Sprintf("not read: %s is not a language of the site (languages: in content/site.yaml lists %s)", code, strings.Join(c.order, ", "))
			if c.langs[code] != nil {
				msg = fmt.Sprintf("not read: name it %s.yaml", code)
			}
			ds = append(ds, diag.Diagnostic{Path: Dir + "/" + name, Severity: diag.Warning, Msg: msg})
		}
	}
	return c, ds
}

func isNotExist(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "not exist") || strings.Contains(err.Error(), "no such file"))
}

// Default is the default language's code.
func (c *Catalog) Default() string {
	if c == nil {
		return "en"
	}
	return c.def
}

// Languages lists the language codes, the default first.
func (c *Catalog) Languages() []string {
	if c == nil {
		return []string{"en"}
	}
	return c.order
}

// Digest changes when any strings file or language changes.
func (c *Catalog) Digest() string {
	if c == nil {
		return ""
	}
	return c.digest
}

// File is the strings file of a language, as a site-relative path
// (layouts/i18n/es.yaml), whether or not it exists.
func (c *Catalog) File(code string) string { return Dir + "/" + code + ".yaml" }

func (c *Catalog) lang(code string) *lang {
	if c == nil {
		return nil
	}
	if l := c.langs[code]; l != nil {
		return l
	}
	return c.langs[c.def]
}

// Entry returns the entry of key in language code itself (no fallback), or
// nil.
func (c *Catalog) Entry(code, key string) *Entry {
	if c == nil || c.langs[code] == nil {
		return nil
	}
	return c.langs[code].entries[key]
}

// MissingIn lists the languages whose file has no text for key, in the
// order of the site's languages.
func (c *Catalog) MissingIn(key string) []string {
	var out []string
	for _, code := range c.Languages() {
		if c.Entry(code, key) == nil {
			out = append(out, code)
		}
	}
	return out
}

// Keys lists the keys of a language's file, sorted.
func (c *Catalog) Keys(code string) []string {
	if c == nil || c.langs[code] == nil {
		return nil
	}
	out := make([]string, 0, len(c.langs[code].entries))
	for k := range c.langs[code].entries {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lookup finds key in the language, else in the default language.
func (c *Catalog) lookup(code, key string) *Entry {
	if e := c.Entry(code, key); e != nil {
		return e
	}
	return c.Entry(c.Default(), key)
}

// Text returns the text of a key the generator writes into pages, in
// language code: its file's text, else the default language's, else def
// (the built-in English).
func (c *Catalog) Text(code, key, def string) string {
	if e := c.lookup(code, key); e != nil {
		return e.Text
	}
	return def
}

// Translate returns the text of key in language code for a layout's T:
// with no argument the text; with a number the plural form for that count
// with {count} filled in; with a map (a dict) its values fill {name}
// placeholders, and its "count" chooses the plural form. A key no file
// has is an error.
func (c *Catalog) Translate(code, key string, args ...any) (string, error) {
	e := c.lookup(code, key)
	if e == nil {
		return "", fmt.Errorf("no text for %q in %s", key, c.File(c.Default()))
	}
	if len(args) == 0 {
		return e.Text, nil
	}
	if len(args) > 1 {
		return "", fmt.Errorf("key %q: give one count or one dict after the key, not %d values", key, len(args))
	}
	l := c.lang(code)
	vars := map[string]string{}
	var count any
	switch a := args[0].(type) {
	case map[string]any:
		for k, v := range a {
			vars[k] = fmt.Sprint(v)
		}
		count = a["count"]
	default:
		count = a
	}
	text := e.Text
	if count != nil {
		op, err := operands(count)
		if err != nil {
			return "", fmt.Errorf("key %q: %w", key, err)
		}
		vars["count"] = l.format.number(count)
		if e.Forms != nil {
			form := plural.Cardinal.MatchPlural(l.tag, op.i, op.v, op.w, op.f, op.t)
			if t, ok := e.Forms[form]; ok {
				text = t
			}
		}
	}
	return fill(text, vars), nil
}

// fill replaces {name} by vars[name]; other braces are left alone.
func fill(text string, vars map[string]string) string {
	if !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		if v, ok := vars[text[i+1:i+j]]; ok {
			b.WriteString(text[:i])
			b.WriteString(v)
		} else {
			b.WriteString(text[:i+j+1])
		}
		text = text[i+j+1:]
	}
	b.WriteString(text)
	return b.String()
}

var categories = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}

// parseFile reads a strings file into entries.
func parseFile(p string, src []byte, entries map[string]*Entry, store yamlnode.Store) diag.List {
	var ds diag.List
	doc, err := yamlnode.Unmarshal(src, store)
	if err != nil {
		return append(ds, yamlDiag(p, err))
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		ds.Add(p, root.Line, root.Column, "a strings file maps keys to texts, such as  nav_home: Inicio")
		return ds
	}
	var walk func(prefix string, m *yaml.Node)
	walk = func(prefix string, m *yaml.Node) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			key := prefix + k.Value
			if v.Kind == yaml.AliasNode {
				v = v.Alias
			}
			switch v.Kind {
			case yaml.ScalarNode:
				entries[key] = &Entry{Key: key, Text: v.Value, Line: k.Line, Col: k.Column}
			case yaml.MappingNode:
				if forms, ok, msg := pluralForms(v); ok {
					entries[key] = &Entry{Key: key, Text: forms[plural.Other], Forms: forms, Line: k.Line, Col: k.Column}
				} else if msg != "" {
					ds.Add(p, k.Line, k.Column, "%s: %s", key, msg)
				} else {
					walk(key+".", v)
				}
			default:
				ds.Add(p, v.Line, v.Column, "%s: a text, or plural forms (one: … other: …), not a list", key)
			}
		}
	}
	walk("", root)
	return ds
}

// pluralForms reads a map of plural categories. ok is false for a map
// that is a group of keys; msg explains a map of plural categories that
// lacks other.
func pluralForms(m *yaml.Node) (forms map[plural.Form]string, ok bool, msg string) {
	forms = map[plural.Form]string{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		f, known := categories[m.Content[i].Value]
		if !known || m.Content[i+1].Kind != yaml.ScalarNode {
			return nil, false, ""
		}
		forms[f] = m.Content[i+1].Value
	}
	if _, has := forms[plural.Other]; !has {
		return nil, false, "plural forms need an other: form (used for every count no other form covers)"
	}
	return forms, true, ""
}

// yamlDiag places a YAML syntax error.
func yamlDiag(p string, err error) diag.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if _, e := fmt.Sscanf(rest[:i], "%d", &line); e == nil {
				msg = rest[i+2:]
			}
		}
	}
	return diag.Diagnostic{Path: p, Line: line, Col: 1, Msg: "invalid YAML: " + msg}
}
