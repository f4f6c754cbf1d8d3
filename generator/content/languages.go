package content

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/langtag"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Language is one language of the site: an entry of the setting
// languages, or, on a site without it, the one language of the setting
// language. The first language is the default: its pages are at the root
// of the site; each other language's pages come from content/<code>/ and
// are published under /<code>/.
type Language struct {
	Code        string // the language tag as written: en, es, pt-BR
	Name        string // the language's name in itself, shown by switchers: "Español"
	Title       string // the site title in this language
	Description string // the site description in this language
	// DateStyle is the language's date style (setting date_style), for
	// the date functions; "" when not set.
	DateStyle string
	// Locale is the BCP 47 tag its numbers, dates and plural forms follow
	// (setting locale, such as es-US); "" means Code.
	Locale string
	// CorrectionsTitle is the title of the language's generated
	// corrections page.
	CorrectionsTitle string
	Params           map[string]any // the site's params with the language's own params merged in
	Default          bool           // the first language, published at the root
	URL              string         // root-relative URL of the language's home: "/" or "/es/"
	Dir              string         // content-relative folder of its pages: "" or "es"
	Weight           int            // position in the languages setting, from 0
	menu             []*MenuItem
	hasMenu          bool
	site             *Site // the language's view of the site
}

// languageFields are the keys an entry of the languages setting may hold.
var languageFields = []string{"code", "name", "title", "description", "menu", "date_style", "locale", "corrections_title", "params"}

// parseLanguages reads the setting languages: a list of {code, name,
// title, description, menu, date_style, corrections_title, params}.
func parseLanguages(v *yaml.Node, ds *diag.List) []*Language {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		*ds = append(*ds, fieldError(settingsPath, v, 0, "field \"languages\" must be a list of languages, each with a code and a name, such as - {code: en, name: English}"))
		return nil
	}
	var out []*Language
	seen := map[string]bool{}
	for i, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			*ds = append(*ds, fieldError(settingsPath, item, 0, "each language must be fields such as code: es and name: Español"))
			continue
		}
		l := &Language{Weight: len(out), Default: i == 0}
		var codeNode *yaml.Node
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := item.Content[j], item.Content[j+1]
			text := func() string {
				if val.Kind != yaml.ScalarNode || val.Tag == "!!null" {
					*ds = append(*ds, fieldError(settingsPath, val, 0, "language field %q must be text", k.Value))
					return ""
				}
				return strings.TrimSpace(val.Value)
			}
			switch k.Value {
			case "code":
				l.Code, codeNode = text(), val
			case "name":
				l.Name = text()
			case "title":
				l.Title = text()
			case "description":
				l.Description = text()
			case "date_style":
				l.DateStyle = text()
				if st := l.DateStyle; st != "ap" && st != "long" && !strings.Contains(st, "2006") {
					*ds = append(*ds, fieldError(settingsPath, val, 0, "date_style %q: write ap (Associated Press: Oct. 12, 2023), long (the language's long dates: 12 de octubre de 2023), or a Go date layout with the year as 2006, the month as January and the day as 2", st))
					l.DateStyle = ""
				}
			case "locale":
				l.Locale = text()
				if _, err := language.Parse(l.Locale); err != nil || l.Locale == "" {
					*ds = append(*ds, fieldError(settingsPath, val, 0, "locale %q is not a language tag: write one such as es-US (Spanish as written in the United States)", l.Locale))
					l.Locale = ""
				}
			case "corrections_title":
				l.CorrectionsTitle = text()
			case "menu":
				l.menu, l.hasMenu = parseMenu(val, ds), true
			case "params":
				if m, ok := decodeNode(val).(map[string]any); ok {
					l.Params = m
				} else if val.Tag != "!!null" {
					*ds = append(*ds, fieldError(settingsPath, val, 0, "language field \"params\" must be a map of fields"))
				}
			default:
				ds.Warn(settingsPath, k.Line, k.Column, "unknown language field %q%s", k.Value, didYouMean(k.Value, languageFields))
			}
		}
		if codeNode == nil {
			*ds = append(*ds, fieldError(settingsPath, item, 0, "this language has no code: add one such as code: es"))
			continue
		}
		if msg := checkLanguageCode(l.Code); msg != "" {
			*ds = append(*ds, fieldError(settingsPath, codeNode, 0, "language code %q %s", l.Code, msg))
			continue
		}
		if seen[strings.ToLower(l.Code)] {
			*ds = append(*ds, fieldError(settingsPath, codeNode, 0, "language %q is listed twice", l.Code))
			continue
		}
		seen[strings.ToLower(l.Code)] = true
		if l.Name == "" {
			*ds = append(*ds, fieldError(settingsPath, item, 0, "language %q has no name: add the name the language switcher shows, such as name: Español", l.Code))
			l.Name = l.Code
		}
		if !l.Default {
			l.Dir, l.URL = l.Code, "/"+l.Code+"/"
		} else {
			l.URL = "/"
		}
		out = append(out, l)
	}
	return out
}

// checkLanguageCode validates the code of one of the site's languages: a
// language tag (package langtag), which is also a folder name under
// content/ and a URL segment.
func checkLanguageCode(code string) string {
	if msg := langtag.Check(code); msg != "" {
		return msg
	}
	switch code {
	case "data", "tags", "categories", "assets":
		return "names a folder the site already uses"
	}
	return ""
}

// finishLanguages fills the languages after the settings are read: the
// one language of a site without the languages setting, the default
// language's title, description and menu as the site's.
func (s *Settings) finishLanguages() {
	if len(s.Languages) == 0 {
		code := s.Language
		if code == "" {
			code = "en"
		}
		s.Languages = []*Language{{Code: code, Name: code, Default: true, URL: "/"}}
	}
	d := s.Languages[0]
	s.Language = d.Code
	if d.Title != "" {
		s.Title = d.Title
	}
	if d.Description != "" {
		s.Description = d.Description
	}
	if d.hasMenu {
		s.Menu = d.menu
	}
	if d.CorrectionsTitle != "" {
		s.CorrectionsTitle = d.CorrectionsTitle
	}
	for _, l := range s.Languages {
		if l.Title == "" {
			l.Title = s.Title
		}
		if l.Description == "" {
			l.Description = s.Description
		}
		params := make(map[string]any, len(s.Params)+len(l.Params))
		for k, v := range s.Params {
			params[k] = v
		}
		for k, v := range l.Params {
			params[k] = v
		}
		l.Params = params
	}
	s.Params = s.Languages[0].Params
}

// Multilingual reports whether the site has more than one language.
func (s *Site) Multilingual() bool { return len(s.Languages) > 1 }

// languageOf returns the language of a content-relative path: the
// language whose folder holds it, else the default.
func (s *Site) languageOf(rel string) *Language {
	for _, l := range s.Languages[1:] {
		if strings.HasPrefix(rel, l.Dir+"/") {
			return l
		}
	}
	return s.Languages[0]
}

// LanguageByCode returns the site's language of that code, or nil.
func (s *Site) LanguageByCode(code string) *Language {
	for _, l := range s.Languages {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// SiteOf returns language l's view of the site: its title, menu, data,
// pages, sections, home and 404 page.
func SiteOf(l *Language) *Site { return l.site }

// FoldSlug turns a name into an ASCII URL segment that stays readable:
// accents are folded (Cronología → cronologia, año → ano), letters are
// lowered, spaces and punctuation become single hyphens, and characters
// without an ASCII form are dropped. It returns "" when nothing is left.
func FoldSlug(s string) string {
	folded := s
	if !isASCII(s) { // most names are: skip the Unicode tables
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if f, _, err := transform.String(t, s); err == nil {
			folded = f
		}
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(folded) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r < 0x80:
			dash = true
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldSegment is the URL segment of a file or folder name of a
// non-default language: folded to ASCII, or the name itself when nothing
// of it is ASCII.
func foldSegment(name string) string {
	if f := FoldSlug(name); f != "" {
		return f
	}
	return name
}

// languageData splits the name of a data file of another language,
// timeline.es, into timeline and es; ok is false for a data file of the
// default language (or of a code that is not one of the site's).
func (s *Site) languageData(name string) (base, code string, ok bool) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || len(s.Languages) < 2 {
		return "", "", false
	}
	for _, l := range s.Languages[1:] {
		if name[i+1:] == l.Code {
			return name[:i], l.Code, true
		}
	}
	return "", "", false
}

// parseNotes reads a source's notes: its note translated, by language
// code ({es: "…"}).
func parseNotes(v *yaml.Node, ds *diag.List) (map[string]string, map[string]Pos) {
	notes, where := parseByLanguage(sourcesPath, "source", "notes", v, ds)
	pos := make(map[string]Pos, len(where))
	for code, w := range where {
		pos[code] = w.Pos
	}
	return notes, pos
}

// checkNoteLanguages warns about source notes in a language the site
// does not have.
func (s *Site) checkNoteLanguages(ds *diag.List) {
	for _, src := range s.Sources {
		s.warnForeignCodes(ds, sourcesPath, src.notesPos, fmt.Sprintf("source %q has a note in", src.Key), "the note field is the default language's")
	}
}

// warnForeignCodes warns, at each code of at, about the codes that are
// not one of the site's other languages: "SUBJECT "code", which is not
// one of the site's other languages (…); CONSEQUENCE".
func (s *Site) warnForeignCodes(ds *diag.List, path string, at map[string]Pos, subject, consequence string) {
	for _, code := range sortedKeys(at) {
		if l := s.LanguageByCode(code); l == nil || l.Default {
			pos := at[code]
			ds.Warn(path, pos.Line, pos.Col, "%s %q, which is not one of the site's other languages (%s); %s", subject, code, strings.Join(otherCodes(s), ", "), consequence)
		}
	}
}

// otherCodes lists the codes of the site's languages besides the default.
func otherCodes(s *Site) []string {
	codes := make([]string, 0, len(s.Languages))
	for _, l := range s.Languages[1:] {
		codes = append(codes, l.Code)
	}
	return codes
}

// langText is one language's text of a by-language field, and where its
// code is written.
type langText struct {
	Pos
	node *yaml.Node // the text's node
}

// parseByLanguage reads a field of a registry entry (what: "author")
// that gives a text by language code, such as names: {es: "…"}.
func parseByLanguage(path, what, field string, v *yaml.Node, ds *diag.List) (map[string]string, map[string]langText) {
	if v.Kind != yaml.MappingNode {
		if v.Tag != "!!null" {
			*ds = append(*ds, fieldError(path, v, 0, "%s field %q must be a text by language code, such as %s: {es: \"…\"}", what, field, field))
		}
		return nil, nil
	}
	texts, where := map[string]string{}, map[string]langText{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, n := v.Content[i], v.Content[i+1]
		if n.Kind != yaml.ScalarNode {
			*ds = append(*ds, fieldError(path, n, 0, "the %s text of %s must be text", k.Value, field))
			continue
		}
		texts[k.Value], where[k.Value] = strings.TrimSpace(n.Value), langText{Pos{k.Line, k.Column}, n}
	}
	return texts, where
}
