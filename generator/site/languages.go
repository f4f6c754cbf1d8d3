package site

import (
	"slices"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

// siteOf is the view of the site of page p's language: its data, its
// sources (notes translated), its pages. Pages without one belong to s.
func siteOf(s *content.Site, p *content.Page) *content.Site {
	if p.Site != nil {
		return p.Site
	}
	return s
}

// siteOfLanguage is language l's view of site s.
func siteOfLanguage(s *content.Site, l *content.Language) *content.Site {
	if ls := content.SiteOf(l); ls != nil {
		return ls
	}
	return s
}

// Original is the default-language page this page translates (front
// matter translation_of), or nil.
func (v *Page) Original() *Page { return v.rc.view(v.src.Original) }

// Translations lists the same page in the site's other languages, in the
// order of the languages setting (each with its .Language and .URL).
func (v *Page) Translations() []*Page { return v.rc.list(v.src.Translations) }

// IsTranslated reports whether the page exists in another language.
func (v *Page) IsTranslated() bool { return len(v.src.Translations) > 0 }

// LanguageLink is one entry of a language switcher: the page in one of
// the site's languages, or that language's home when it has none.
type LanguageLink struct {
	Language *content.Language
	Page     *Page  // the page in that language, or the language's home
	URL      string // root-relative URL of Page
	Fallback bool   // the page has no version in that language: Page is its home
	Current  bool   // the language of the page being rendered
}

// LanguageLinks lists every language of the site, in the order of the
// languages setting, with the same page in it or, when there is none,
// the language's home (Fallback). It is empty on a site of one language.
func (v *Page) LanguageLinks() []LanguageLink {
	p := v.src
	s := siteOf(v.rc.b.site, p)
	if len(s.Languages) < 2 {
		return nil
	}
	out := make([]LanguageLink, 0, len(s.Languages))
	for _, l := range s.Languages {
		t, fallback := content.TranslationIn(p, l), false
		if t == nil {
			t, fallback = siteOfLanguage(s, l).Home, true
		}
		out = append(out, LanguageLink{Language: l, Page: v.rc.view(t), URL: t.URL, Fallback: fallback, Current: l == p.Language})
	}
	return out
}

// Alternate is one <link rel="alternate" hreflang> of a page.
type Alternate struct {
	Hreflang  string // a language code, or x-default
	Page      *Page
	URL       string // root-relative
	Permalink string // absolute (needs base_url), else ""
}

// Alternates lists the hreflang links of a page that exists in more than
// one language: every version, the page itself included, in the order of
// the languages setting, then x-default for the default language's
// version. It is empty for a page without translations.
func (v *Page) Alternates() []Alternate {
	as := alternates(v.src)
	out := make([]Alternate, len(as))
	for i, a := range as {
		out[i] = Alternate{Hreflang: a.lang, Page: v.rc.view(a.page), URL: a.page.URL, Permalink: a.page.Permalink}
	}
	return out
}

// alternate is one hreflang alternate of a page.
type alternate struct {
	lang string
	page *content.Page
}

// alternates lists the versions of p in every language, p included, in
// the order of the languages setting, then x-default for the default
// language's; nil for a page without translations.
func alternates(p *content.Page) []alternate {
	if len(p.Translations) == 0 {
		return nil
	}
	members := append([]*content.Page{p}, p.Translations...)
	slices.SortFunc(members, func(a, b *content.Page) int { return a.Language.Weight - b.Language.Weight })
	out := make([]alternate, 0, len(members)+1)
	for _, m := range members {
		out = append(out, alternate{m.Language.Code, m})
	}
	if d := members[0]; d.Language.Default {
		out = append(out, alternate{"x-default", d})
	}
	return out
}

// EveryPage lists every page of every language, generated ones included,
// by URL (.All lists those of the page's language).
func (s *Site) EveryPage() []*Page { return s.rc.list(s.src.All) }
