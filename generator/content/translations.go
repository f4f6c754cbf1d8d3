package content

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// languageSite makes language l's view of the site from the default
// language's settings (s, not yet assembled beyond the default language):
// its title, description, params, menu and data, with no pages yet.
func (s *Site) languageSite(l *Language) *Site {
	ls := &Site{}
	*ls = *s
	ls.Title, ls.Description, ls.Language, ls.Params = l.Title, l.Description, l.Code, l.Params
	if l.CorrectionsTitle != "" {
		ls.CorrectionsTitle = l.CorrectionsTitle
	}
	ls.Menu = nil
	if l.hasMenu {
		ls.Menu = l.menu
	} else {
		for _, m := range s.Languages[0].site.Menu {
			ls.Menu = append(ls.Menu, &MenuItem{Title: m.Title, path: m.path, pos: m.pos, translate: true})
		}
	}
	ls.Data = make(map[string]any, len(s.Data))
	ls.DataCites = make(map[string][]KeyRef, len(s.DataCites))
	for k, v := range s.Data {
		ls.Data[k] = v
	}
	for k, v := range s.DataCites {
		ls.DataCites[k] = v
	}
	for k, v := range s.langData[l.Code] {
		ls.Data[k] = v
	}
	for k, v := range s.langDataCites[l.Code] {
		ls.DataCites[k] = v
	}
	ls.Sources, ls.SourceByKey = nil, make(map[string]*Source, len(s.Sources))
	for _, src := range s.Sources {
		c := *src
		if n, ok := src.Notes[l.Code]; ok {
			c.Note = n
		}
		c.TitleLang = otherLanguage(src.Language, s.Languages[0].Code, l.Code)
		ls.Sources = append(ls.Sources, &c)
		ls.SourceByKey[c.Key] = &c
	}
	ls.All, ls.Pages, ls.Sections, ls.Home, ls.NotFound = nil, nil, nil, nil, nil
	ls.Tags, ls.Taxonomies, ls.TaxonomyPages = nil, nil, nil
	ls.Corrections, ls.CorrectionsPage, ls.langAll = nil, nil, nil
	ls.LastUpdated = time.Time{}
	return ls
}

// shareWithLanguages gives every language's view what the whole site
// found after the languages were assembled: every page and the copied
// files (each language has its own byline, from resolveAuthors).
func (s *Site) shareWithLanguages() {
	for _, l := range s.Languages[1:] {
		ls := l.site
		ls.All, ls.Files = s.All, s.Files // the byline is the language's (resolveAuthors)
	}
}

// LanguagePages lists every page of the language s is the view of,
// generated ones included, by URL.
func LanguagePages(s *Site) []*Page {
	if s.langAll == nil {
		return s.All
	}
	return s.langAll
}

// linkTranslations links each translation to its original (front matter
// translation_of) and gives every page of a group its Translations;
// paths are the keys of s.ByPath, sorted. The
// home, 404 and taxonomy list pages of the languages are translations of
// each other unless a page says otherwise.
func (s *Site) linkTranslations(paths []string, ds *diag.List) {
	for _, p := range s.All {
		p.Original, p.Translations = nil, nil
	}
	if !s.Multilingual() {
		return
	}
	def := s.Languages[0]
	var originals []string // content paths of default-language pages, made for the first message
	candidates := func() []string {
		if originals == nil {
			for _, rel := range paths {
				if p := s.ByPath[rel]; p.Language == def {
					originals = append(originals, rel)
				}
			}
		}
		return originals
	}
	groups := map[*Page]map[*Language]*Page{}
	add := func(orig, tr *Page) {
		if groups[orig] == nil {
			groups[orig] = map[*Language]*Page{}
		}
		groups[orig][tr.Language] = tr
		tr.Original = orig
	}
	for _, rel := range paths {
		p := s.ByPath[rel]
		if p.TranslationOf == "" {
			continue
		}
		pos := p.translationPos
		if p.Language == def {
			ds.Add(p.Path, pos.Line, pos.Col, "translation_of is for translations, but %s is a page of the default language (%s): a translation into another language goes under content/<code>/, such as content/%s/%s", p.Path, def.Code, s.Languages[1].Code, rel)
			continue
		}
		orig := s.ByPath[p.TranslationOf]
		switch {
		case orig == nil && (s.drafts[p.TranslationOf] || s.withheld[p.TranslationOf] != nil):
			continue // the original is not published yet: the translation stands alone
		case orig == nil && DroppedPage(s, p.TranslationOf):
			continue // the original has an error, reported at it
		case orig == nil:
			ds.Add(p.Path, pos.Line, pos.Col, "translation_of: content/%s does not exist%s (write the original's path inside content/, such as settlement.md)", p.TranslationOf, DidYouMean(p.TranslationOf, candidates(), max(2, len(p.TranslationOf)/4)))
			continue
		case orig.Language != def:
			hint := ""
			if orig.TranslationOf != "" {
				hint = fmt.Sprintf(" (%s translates %s)", p.TranslationOf, orig.TranslationOf)
			}
			ds.Add(p.Path, pos.Line, pos.Col, "translation_of: content/%s is a page in %s, not in the default language (%s): name the original in the default language%s", p.TranslationOf, orig.Language.Code, def.Code, hint)
			continue
		}
		if prev := groups[orig][p.Language]; prev != nil {
			ds.Add(p.Path, pos.Line, pos.Col, "content/%s is already translated into %s by %s: a page has at most one translation per language (remove translation_of from one of them)", p.TranslationOf, p.Language.Code, prev.Path)
			continue
		}
		add(orig, p)
	}
	// Pages every language has (not the 404 pages: a switcher there
	// leads to the language's home), and generated sections.
	for _, l := range s.Languages[1:] {
		ls := l.site
		pair := func(orig, tr *Page) {
			if orig == nil || tr == nil || tr.Original != nil || tr.TranslationOf != "" || groups[orig][l] != nil {
				return
			}
			add(orig, tr)
		}
		pair(s.Home, ls.Home)
		pair(s.CorrectionsPage, ls.CorrectionsPage)
		// A generated section (a folder without _index.md) is the
		// translation of the default language's section of that folder.
		bySectionDir := map[string]*Page{}
		for _, sec := range s.Sections {
			bySectionDir[sec.sectionDir] = sec
		}
		for _, sec := range ls.Sections {
			if sec.Path == "" {
				pair(bySectionDir[strings.TrimPrefix(sec.sectionDir, l.Dir+"/")], sec)
			}
		}
		for _, tax := range ls.TaxonomyPages {
			for _, orig := range s.TaxonomyPages {
				if orig.Taxonomy == tax.Taxonomy {
					pair(orig, tax)
				}
			}
		}
	}
	for orig, trs := range groups {
		members := []*Page{orig}
		for _, tr := range trs {
			members = append(members, tr)
		}
		sort.Slice(members, func(i, j int) bool { return members[i].Language.Weight < members[j].Language.Weight })
		for _, m := range members {
			for _, o := range members {
				if o != m {
					m.Translations = append(m.Translations, o)
				}
			}
		}
	}
}

// Untranslated lists the pages of the default language with a source
// file that have no translation into language l written in a file (a
// generated home page does not count), in path order.
func Untranslated(s *Site, l *Language) []*Page {
	var out []*Page
	if l == nil || l.Default {
		return nil
	}
	for _, rel := range sortedKeys(s.ByPath) {
		p := s.ByPath[rel]
		if p.Language != s.Languages[0] {
			continue
		}
		found := false
		for _, t := range p.Translations {
			if t.Language == l && t.Path != "" { // not a generated page
				found = true
				break
			}
		}
		if !found {
			out = append(out, p)
		}
	}
	return out
}

// TranslationIn returns p's version in language l: p itself, one of its
// translations, or nil.
func TranslationIn(p *Page, l *Language) *Page {
	if p.Language == l {
		return p
	}
	for _, t := range p.Translations {
		if t.Language == l {
			return t
		}
	}
	return nil
}
