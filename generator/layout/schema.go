package layout

import (
	"errors"

	"maps"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

// Structured data: the schema.org JSON-LD objects of a page, built as
// plain maps so that layouts can change them with merge and set, and
// written by jsonld with encoding/json (keys in sorted order, so output is
// stable).
//
//   - the home page: a WebSite;
//   - a regular page written in content/: a NewsArticle with headline,
//     description, datePublished, dateModified, author (each of its
//     byline), publisher (the site), image, citation (each source it
//     cites), mainEntityOfPage and url;
//   - every page but the home and 404 pages: a BreadcrumbList from the home
//     page down to the page itself.
//
// Addresses in structured data must be absolute: without a base URL the
// url, image and BreadcrumbList parts are left out.

// SchemaPage is what structured data shows of a page: its source page
// and what the build made of it.
type SchemaPage struct {
	Page      *content.Page
	Summary   string              // the description, else the first paragraph's text
	Image     string              // the share image: the page's, else the site's
	Citations []*content.Citation // the sources the page cites
}

// Schema returns the JSON-LD objects of a page.
func Schema(sp SchemaPage, base string) []map[string]any {
	p := sp.Page
	if p == nil || p.Site == nil {
		return nil
	}
	s := p.Site
	var out []map[string]any
	switch {
	case p.IsHome():
		ws := obj("WebSite", "name", s.Title, "description", s.Description, "inLanguage", s.Language, "publisher", publisher(s, base))
		if base != "" {
			ws["url"] = base
		}
		ws["@context"] = "https://schema.org"
		out = append(out, ws)
	case p.Kind == content.KindPage && p.Path != "":
		out = append(out, newsArticle(sp, base))
	}
	if bl := breadcrumbs(p, base); bl != nil {
		out = append(out, bl)
	}
	return out
}

// obj makes a schema.org object of the given type from key, value pairs,
// leaving out empty text values.
func obj(typ string, kv ...any) map[string]any {
	m := map[string]any{"@type": typ}
	for i := 0; i+1 < len(kv); i += 2 {
		if s, ok := kv[i+1].(string); ok && s == "" {
			continue
		}
		if kv[i+1] == nil {
			continue
		}
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func publisher(s *content.Site, base string) map[string]any {
	pub := obj("Organization", "name", s.Title)
	if base != "" {
		pub["url"] = base
	}
	return pub
}

func newsArticle(sp SchemaPage, base string) map[string]any {
	p := sp.Page
	s := p.Site
	desc := p.Description
	if desc == "" {
		desc = sp.Summary
	}
	a := obj("NewsArticle", "headline", p.Title, "description", desc, "inLanguage", s.Language, "publisher", publisher(s, base))
	a["@context"] = "https://schema.org"
	published, modified := p.Date, p.Updated
	if published.IsZero() {
		published = modified
	}
	if modified.IsZero() || modified.Before(published) {
		modified = published
	}
	if !published.IsZero() {
		a["datePublished"] = ISODate(published)
		a["dateModified"] = ISODate(modified)
	}
	var authors []any
	for _, au := range p.Authors {
		typ := "Person"
		if au.Organization {
			typ = "Organization"
		}
		m := obj(typ, "name", au.Name)
		if u := AbsURL(base, au.URL); au.URL != "" && (base != "" || isAbs(au.URL)) {
			m["url"] = u
		}
		if typ == "Person" && au.Role != "" {
			m["jobTitle"] = au.Role
		}
		authors = append(authors, m)
	}
	if len(authors) == 0 {
		authors = append(authors, obj("Organization", "name", s.Title))
	}
	a["author"] = authors
	if img := AbsURL(base, sp.Image); sp.Image != "" && isAbs(img) {
		a["image"] = []any{img}
	}
	if p.Permalink != "" {
		a["url"] = p.Permalink
		a["mainEntityOfPage"] = obj("WebPage", "@id", p.Permalink)
	}
	var cites []any
	for _, c := range sp.Citations {
		src := c.Source
		cw := obj("CreativeWork", "name", src.Title, "url", src.URL)
		if src.Outlet != "" {
			cw["publisher"] = obj("Organization", "name", src.Outlet)
		}
		if src.Author != "" {
			cw["author"] = obj("Person", "name", src.Author)
		}
		if !src.Date.IsZero() {
			cw["datePublished"] = sourceDate(src)
		}
		cites = append(cites, cw)
	}
	if len(cites) > 0 {
		a["citation"] = cites
	}
	return a
}

// sourceDate writes a source's date as precisely as it is known:
// 2023-10-12, 2023-10 or 2023.
func sourceDate(src *content.Source) string {
	t := src.Date
	switch {
	case src.DateText == t.Format("2006"):
		return t.Format("2006")
	case src.DateText == content.APMonth(t):
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}

func breadcrumbs(p *content.Page, base string) map[string]any {
	if base == "" || p.IsHome() || p.Kind == content.Kind404 || p.Permalink == "" {
		return nil
	}
	var items []any
	for i, q := range append(append([]*content.Page(nil), p.Breadcrumbs...), p) {
		name := q.Title
		if q.IsHome() {
			name = p.Site.Title
		}
		items = append(items, obj("ListItem", "position", i+1, "name", name, "item", AbsURL(base, q.URL)))
	}
	bl := obj("BreadcrumbList", "itemListElement", items)
	bl["@context"] = "https://schema.org"
	return bl
}

func isAbs(u string) bool {
	return len(u) > 8 && (u[:8] == "https://" || u[:7] == "http://")
}

// merge returns a new map holding the entries of every map given, later
// ones winning.
func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

// set returns a copy of m with key set to value (m itself is unchanged).
func set(m map[string]any, key string, value any) (map[string]any, error) {
	if key == "" {
		return nil, errors.New("set: empty key")
	}
	out := make(map[string]any, len(m)+1)
	maps.Copy(out, m)
	out[key] = value
	return out, nil
}
