package site

import (
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

// Page finds a page by its URL as .URL writes it ("/about/") or by its
// content path ("about.md"), in the site's language: the page itself when
// it is of that language, else its translation; nil when there is none.
// It costs one map lookup, where a range over .Site.Pages and their
// .Translations costs a template step per page on every page that does it.
func (s *Site) Page(ref string) *Page {
	root := s.rc.b.site
	p := root.ByURL[ref]
	if p == nil {
		p = root.ByPath[strings.TrimPrefix(ref, "content/")]
	}
	if p == nil {
		return nil
	}
	if l := root.LanguageByCode(s.Language); l != nil {
		p = content.TranslationIn(p, l)
	}
	return s.rc.view(p) // reads of its body are recorded like any other
}

// MenuItem finds the first entry of the menu that points to the URL
// ("/settlement/"), or nil.
func (s *Site) MenuItem(url string) *MenuItem {
	for _, m := range s.Menu() {
		if m.URL == url {
			return m
		}
	}
	return nil
}
