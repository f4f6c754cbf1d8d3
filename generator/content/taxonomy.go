package content

import (
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"go.yaml.in/yaml/v3"
)

// DefaultTaxonomies are the taxonomies of a site whose settings name none,
// as in Hugo: a page's tags and categories fields.
var DefaultTaxonomies = []string{"tags", "categories"}

// readTaxonomies reads Zola's taxonomies table (taxonomies = { tags =
// ["a"], categories = ["b"] }): each entry counts as a field of its own, at
// its own position.
func (p *Page) readTaxonomies(v *yaml.Node, ds *diag.List) {
	const off = 1
	if v.Kind != yaml.MappingNode {
		*ds = append(*ds, fieldError(p.Path, v, off, "field \"taxonomies\" must be a table of lists, such as tags = [\"strike\"]"))
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, list := v.Content[i], v.Content[i+1]
		var terms []any
		items := list.Content
		if list.Kind == yaml.ScalarNode {
			items = []*yaml.Node{list}
		} else if list.Kind != yaml.SequenceNode {
			*ds = append(*ds, fieldError(p.Path, list, off, "taxonomy %q must be a list of terms", k.Value))
			continue
		}
		for _, n := range items {
			switch {
			case n.Kind != yaml.ScalarNode:
				*ds = append(*ds, fieldError(p.Path, n, off, "taxonomy %q must be a list of terms", k.Value))
			case len(Urlize(n.Value)) > maxSegment:
				*ds = append(*ds, fieldError(p.Path, n, off, "term is longer than %d bytes", maxSegment))
			default:
				terms = append(terms, n.Value)
			}
		}
		if _, ok := p.FieldPos[k.Value]; ok {
			continue // the page's own field of that name wins
		}
		p.FieldPos[k.Value] = Pos{k.Line + off, k.Column}
		p.Params[k.Value] = terms
		if k.Value == "tags" {
			for _, t := range terms {
				p.Tags = append(p.Tags, t.(string))
			}
		}
	}
}

// TermsOf returns the terms page p lists in taxonomy name: the front matter
// field of that name, one text or a list of texts.
func (p *Page) TermsOf(name string) []string {
	if name == "tags" {
		return p.Tags
	}
	switch v := p.Params[name].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, t := range v {
			if s, ok := t.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// addTaxonomies makes the list page of every taxonomy that has terms
// (/tags/) and a page for each of its terms (/tags/strike/).
func (s *Site) addTaxonomies(l *Language) {
	s.Tags, s.TaxonomyPages = nil, nil
	s.Taxonomies = map[string][]*Page{}
	slugOf := Urlize
	if !l.Default {
		slugOf = func(t string) string {
			if f := FoldSlug(t); f != "" {
				return f
			}
			return Urlize(t) // no ASCII letter at all: as in the default language
		}
	}
	for _, name := range s.Settings.Taxonomies {
		slugName := Urlize(name)
		if !l.Default {
			slugName = l.Dir + "/" + slugName
		}
		byName := map[string]*Page{}
		for _, p := range s.Pages {
			for _, t := range p.TermsOf(name) {
				slug := slugOf(t)
				if slug == "" {
					continue
				}
				term := byName[slug]
				if term == nil {
					term = &Page{Kind: KindTerm, Title: t, Taxonomy: name, URL: "/" + slugName + "/" + slug + "/", Params: map[string]any{}}
					term.OutPath = strings.TrimPrefix(term.URL, "/") + "index.html"
					byName[slug] = term
				}
				term.Pages = append(term.Pages, p)
			}
		}
		if len(byName) == 0 {
			continue
		}
		tax := &Page{Kind: KindTaxonomy, Title: humanize(name), Taxonomy: name, URL: "/" + slugName + "/", OutPath: slugName + "/index.html", Section: s.Home, Params: map[string]any{}}
		var terms []*Page
		for _, slug := range sortedKeys(byName) {
			term := byName[slug]
			term.Section = tax
			SortPages(term.Pages)
			for _, p := range term.Pages {
				if p.Updated.After(term.Updated) {
					term.Updated = p.Updated
				}
			}
			term.Date = term.Updated
			terms = append(terms, term)
		}
		tax.Pages = terms
		s.Taxonomies[name] = terms
		s.TaxonomyPages = append(s.TaxonomyPages, tax)
		if name == "tags" {
			s.Tags = terms
		}
	}
}
