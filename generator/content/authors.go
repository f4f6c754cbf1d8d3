package content

import (
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
}

const authorsPath = "content/data/authors.yaml"

// authorFields are the fields of an authors.yaml entry.
var authorFields = []string{"key", "name", "role", "url", "bio", "type"}

// parseAuthors reads the author registry.
func parseAuthors(raw []byte) ([]*Author, diag.List) {
	return authorsOf(parseYAMLFile(authorsPath, raw))
}

// authorsOf reads the author registry from its parsed YAML (nil when it
// could not be parsed) and the problems found parsing it.
func authorsOf(root *yaml.Node, ds diag.List) ([]*Author, diag.List) {
	entries, ds := registryEntriesOf(authorsPath, root, ds, "author", "key, name and role")
	var out []*Author
	keys := registryKeys{path: authorsPath, what: "author"}
	for _, item := range entries {
		key, pos, fields := registryFields(authorsPath, "author", item, &ds)
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
				if val != "" && !strings.HasPrefix(val, "https://") && !strings.HasPrefix(val, "http://") && !strings.HasPrefix(val, "/") {
					ds = append(ds, fieldError(authorsPath, v, 0, "author url must start with https://, http:// or / (a page of this site)"))
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
	for _, p := range s.All {
		p.Authors = nil
		for _, r := range p.authorRefs {
			if a := lookup(p.Path, r); a != nil {
				p.Authors = append(p.Authors, a)
			}
		}
		if len(p.authorRefs) == 0 {
			p.Authors = byline
		}
	}
	s.Byline = byline
}
