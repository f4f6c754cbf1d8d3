package content

import (
	"fmt"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Author is one entry of the author registry, content/data/authors.yaml:
// a person or a desk that signs pages.
type Author struct {
	Key  string // "" for the fallback made from the site's author setting
	Name string
	Role string // e.g. "Reporter", "The editors"
	URL  string // a page about the author, absolute or on this site; may be empty
	Bio  string // one or two sentences, inline Markdown
	// Organization is set for a desk or a team rather than a person
	// (type: organization).
	Organization bool
	Pos          Pos
	// Translations are the name, role, bio and url in the site's other
	// languages, by language code (fields names, roles, bios, urls). Pages
	// of that language show the author with them.
	Translations map[string]AuthorText
	transPos     map[string]Pos // where each language's first field is written
}

// AuthorText is what an author's byline says in one language; an empty
// field keeps the default language's.
type AuthorText struct{ Name, Role, Bio, URL string }

// in returns the author as pages in language code show it: a copy with the
// translated fields, or a itself when it has no translation there.
func (a *Author) in(code string) *Author {
	t, ok := a.Translations[code]
	if !ok {
		return a
	}
	c := *a
	if t.Name != "" {
		c.Name = t.Name
	}
	if t.Role != "" {
		c.Role = t.Role
	}
	if t.Bio != "" {
		c.Bio = t.Bio
	}
	if t.URL != "" {
		c.URL = t.URL
	}
	return &c
}

const authorsPath = "content/data/authors.yaml"

// authorFields are the fields of an authors.yaml entry.
var authorFields = []string{"key", "name", "role", "url", "bio", "type", "names", "roles", "bios", "urls"}

// parseAuthors reads the author registry.
func parseAuthors(raw []byte) ([]*Author, diag.List) {
	return authorsOf(parseYAMLFile(authorsPath, raw, nil))
}

// authorsOf reads the author registry from its parsed YAML (nil when it
// could not be parsed) and the problems found parsing it.
func authorsOf(root *yaml.Node, ds diag.List) ([]*Author, diag.List) {
	entries, ds := registryEntriesOf(authorsPath, root, ds, "author", "key, name and role")
	var out []*Author
	keys := registryKeys{path: authorsPath, what: "author"}
	for _, item := range entries {
		key, pos, fields := registryFields(authorsPath, "author", item, &ds, "names", "roles", "bios", "urls")
		a := &Author{Key: key, Pos: pos}
		for _, f := range fields {
			k, v, val := f.k, f.v, f.text
			switch k.Value {
			case "name":
				a.Name = val
			case "role":
				a.Role = val
			case "bio":
				a.Bio = val
			case "type":
				switch strings.ToLower(val) {
				case "person", "":
				case "organization", "organisation":
					a.Organization = true
				default:
					ds = append(ds, fieldError(authorsPath, v, 0, "author type must be person or organization"))
				}
			case "url":
				a.URL = val
				checkAuthorURL(v, val, &ds)
			case "names", "roles", "bios", "urls":
				byLang, where := parseByLanguage(authorsPath, "author", k.Value, v, &ds)
				for _, code := range sortedKeys(byLang) {
					if a.Translations == nil {
						a.Translations, a.transPos = map[string]AuthorText{}, map[string]Pos{}
					}
					t := a.Translations[code]
					switch text := byLang[code]; k.Value {
					case "names":
						t.Name = text
					case "roles":
						t.Role = text
					case "bios":
						t.Bio = text
					case "urls":
						t.URL = text
						checkAuthorURL(where[code].node, text, &ds)
					}
					a.Translations[code] = t
					if _, ok := a.transPos[code]; !ok {
						a.transPos[code] = where[code].Pos
					}
				}
			default:
				ds.Warn(authorsPath, k.Line, k.Column, "unknown author field %q%s", k.Value, didYouMean(k.Value, authorFields))
			}
		}
		if a.Key != "" && a.Name == "" {
			ds.Add(authorsPath, a.Pos.Line, a.Pos.Col, "author %q needs a name", a.Key)
		}
		if keys.keep(&ds, item, a.Key, a.Pos) {
			out = append(out, a)
		}
	}
	return out, ds
}

// checkAuthorURL reports an author url that is neither a web address nor
// a page of this site.
func checkAuthorURL(v *yaml.Node, val string, ds *diag.List) {
	if val != "" && !strings.HasPrefix(val, "https://") && !strings.HasPrefix(val, "http://") && !strings.HasPrefix(val, "/") {
		*ds = append(*ds, fieldError(authorsPath, v, 0, "author url must start with https://, http:// or / (a page of this site)"))
	}
}

// resolveAuthors gives every page its byline: the authors its front
// matter names, else the site's `authors` setting, else one author named
// by the site's `author` setting (none when that is empty too).
func (s *Site) resolveAuthors(ds *diag.List) {
	lookup := func(path string, r KeyRef) *Author {
		if a := s.AuthorByKey[r.Key]; a != nil {
			return a
		}
		if len(s.AuthorByKey) == 0 {
			ds.Add(path, r.Pos.Line, r.Pos.Col, "unknown author %q: there is no %s (list the authors there, each with a key and a name)", r.Key, authorsPath)
		} else {
			ds.Add(path, r.Pos.Line, r.Pos.Col, "unknown author %q%s: authors are listed in %s", r.Key, DidYouMean(r.Key, sortedKeys(s.AuthorByKey), max(1, min(3, len(r.Key)/3))), authorsPath)
		}
		return nil
	}
	var byline []*Author
	for _, r := range s.defaultAuthors {
		if a := lookup(settingsPath, r); a != nil {
			byline = append(byline, a)
		}
	}
	if len(byline) == 0 && s.Author != "" {
		byline = []*Author{{Name: s.Author, Organization: true}}
	}
	// Each other language's copies of the authors it translates, and its
	// byline: pages of a language share them, as the default language's
	// share the originals.
	copies := map[*Language]map[*Author]*Author{}
	bylines := map[*Language][]*Author{nil: byline}
	for _, l := range s.Languages {
		if l.Default {
			bylines[l] = byline
			continue
		}
		m := map[*Author]*Author{}
		for _, a := range s.Authors {
			if c := a.in(l.Code); c != a {
				m[a] = c
			}
		}
		copies[l] = m
		for _, a := range byline {
			bylines[l] = append(bylines[l], translated(m, a))
		}
		l.site.Byline = bylines[l]
	}
	for _, p := range s.All {
		p.Authors = nil
		for _, r := range p.authorRefs {
			if a := lookup(p.Path, r); a != nil {
				p.Authors = append(p.Authors, translated(copies[p.Language], a))
			}
		}
		if len(p.authorRefs) == 0 {
			p.Authors = bylines[p.Language]
		}
	}
	s.Byline = byline
}

// translated returns author a as a language shows it, given that language's
// copies of the authors it translates (nil for the default language).
func translated(copies map[*Author]*Author, a *Author) *Author {
	if c := copies[a]; c != nil {
		return c
	}
	return a
}

// checkAuthorLanguages warns about author translations in a language the
// site does not have.
func (s *Site) checkAuthorLanguages(ds *diag.List) {
	for _, a := range s.Authors {
		s.warnForeignCodes(ds, authorsPath, a.transPos, fmt.Sprintf("author %q has a translation in", a.Key), "the name, role, bio and url fields are the default language's")
	}
}
