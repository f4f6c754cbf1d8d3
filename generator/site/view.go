package site

import (
	"cmp"
	"encoding/json"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// Page is a page as layouts see it: the source page's fields (front
// matter, URL, kind; package content) joined with what the markdown stage
// made of its body (content, TOC, summary, word count, citations).
//
// A Page belongs to one render. Every page a layout reaches from it (.Prev,
// .Next, .Section, .Pages, .Breadcrumbs, .Site.Pages, ...) is a Page of the
// same render, and reading a body field of a page other than the one being
// rendered is recorded. The Builder re-renders a page when a field it read
// changed, whatever function or path the layout took to read it: what a
// render depends on is observed, not predicted. A source page reached some
// other way (a menu item's .Page, a source's .CitedBy) has no body fields,
// so a layout cannot read one without the read being recorded.
//
// The source page's fields are copied into the Page rather than promoted
// from an embedded *content.Page: text/template finds a promoted field
// with reflect's breadth-first FieldByNameFunc, four times the cost of a
// direct field, on every evaluation of .Title (5 % of the explainer's
// build). TestPageShowsEverySourceField keeps the copy complete.
type Page struct {
	Path           string
	Kind           string
	Title          string
	Description    string
	Date           time.Time
	Updated        time.Time
	Draft          bool
	Weight         int
	Slug           string
	Layout         string
	Aliases        []string
	Tags           []string
	NeedsCitations bool
	ReviewBy       time.Time
	DataCitations  string
	ShowTOC        bool
	Taxonomy       string
	Params         map[string]any
	URL            string
	OutPath        string
	MetaHash       string
	FieldPos       map[string]content.Pos
	UnknownFields  []string
	ParamCites     []content.KeyRef
	Corrections    []*content.Correction
	PublishAt      time.Time
	Expires        time.Time
	TranslationOf  string
	Permalink      string
	Authors        []*content.Author
	Language       *content.Language
	// Image, ImageAlt, Section, Pages, Prev, Next, Breadcrumbs, Site,
	// Original and Translations are methods: they return views.

	src *content.Page
	rc  *renderCtx
}

// newPage returns a view of p in render rc.
func newPage(p *content.Page, rc *renderCtx) *Page {
	return &Page{
		Path: p.Path, Kind: p.Kind, Title: p.Title, Description: p.Description,
		Date: p.Date, Updated: p.Updated, Draft: p.Draft, Weight: p.Weight,
		Slug: p.Slug, Layout: p.Layout, Aliases: p.Aliases, Tags: p.Tags,
		NeedsCitations: p.NeedsCitations, ReviewBy: p.ReviewBy,
		DataCitations: p.DataCitations, ShowTOC: p.ShowTOC, Taxonomy: p.Taxonomy,
		Params: p.Params, URL: p.URL, OutPath: p.OutPath, MetaHash: p.MetaHash,
		FieldPos: p.FieldPos, UnknownFields: p.UnknownFields, ParamCites: p.ParamCites,
		Corrections: p.Corrections, PublishAt: p.PublishAt, Expires: p.Expires,
		TranslationOf: p.TranslationOf, Permalink: p.Permalink, Authors: p.Authors,
		Language: p.Language,
		src:      p, rc: rc,
	}
}

// IsHome reports whether the page is the home page.
func (v *Page) IsHome() bool { return v.src.IsHome() }

// IsSection reports whether the page lists other pages (home, section,
// taxonomy and term pages).
func (v *Page) IsSection() bool { return v.src.IsSection() }

// IsPage reports whether the page is a regular page.
func (v *Page) IsPage() bool { return v.src.IsPage() }

// Dir is the content-relative folder that relative links in the page start
// from: the folder holding its source file.
func (v *Page) Dir() string { return v.src.Dir() }

// BundleDir is the content-relative folder of the page's bundle, or "".
func (v *Page) BundleDir() string { return v.src.BundleDir() }

// TermsOf lists the terms the page lists in taxonomy name.
func (v *Page) TermsOf(name string) []string { return v.src.TermsOf(name) }

// dep is one body field a render read of another page.
type dep struct {
	page  string // the page's source path, or its URL for a generated page
	field string
}

// renderCtx is one page's render: the views made so far and what they read.
type renderCtx struct {
	b     *build
	self  *content.Page
	views map[*content.Page]*Page
	sites map[*content.Site]*Site // the view of each language's site
	reads map[dep]bool
}

func newRenderCtx(b *build, self *content.Page) *renderCtx {
	return &renderCtx{b: b, self: self, views: map[*content.Page]*Page{}}
}

// view returns the render's one view of p (nil for nil), so that eq
// compares pages as layouts expect.
func (rc *renderCtx) view(p *content.Page) *Page {
	if p == nil {
		return nil
	}
	v := rc.views[p]
	if v == nil {
		v = newPage(p, rc)
		rc.views[p] = v
	}
	return v
}

func (rc *renderCtx) list(ps []*content.Page) []*Page {
	if ps == nil {
		return nil
	}
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = rc.view(p)
	}
	return out
}

// deps returns what the render read of other pages, sorted.
func (rc *renderCtx) deps() []dep {
	out := make([]dep, 0, len(rc.reads))
	for d := range rc.reads {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b dep) int {
		return cmp.Or(strings.Compare(a.page, b.page), strings.Compare(a.field, b.field))
	})
	return out
}

// pageID names a page in a dep.
func pageID(p *content.Page) string {
	if p.Path != "" {
		return p.Path
	}
	return "@" + p.URL
}

// read records the read of field when the page is not the one being
// rendered.
func (v *Page) read(field string) {
	rc := v.rc
	if v.src != rc.self {
		if rc.reads == nil {
			rc.reads = map[dep]bool{}
		}
		rc.reads[dep{pageID(v.src), field}] = true
	}
}

// body returns what the markdown stage made of the page, recording the
// read of field.
func (v *Page) body(field string) *rendered {
	v.read(field)
	if r := v.rc.b.recs.get(v.src); r != nil {
		return r
	}
	return &rendered{}
}

// Body is the page's Markdown source with the front matter lines blanked
// out (for tools; layouts show .Content); nil for a generated page or one
// whose file cannot be read again.
func (v *Page) Body() []byte {
	v.read("Body")
	body, err := content.ReadBody(v.rc.b.opts.FS, v.rc.b.site, v.src)
	if err != nil {
		return nil
	}
	return body
}

// Hash is a hash of the page's source file ("" for a generated page).
func (v *Page) Hash() string {
	v.read("Hash")
	return content.BodyOf(v.rc.b.site, v.src).Hash
}

// Content is the page's Markdown body as HTML.
func (v *Page) Content() template.HTML { return v.body("Content").html() }

// TOC lists every heading of the page, in order.
func (v *Page) TOC() []markdown.Heading { return v.body("TOC").toc }

// Summary is the page's description, else the plain text of its first
// paragraph.
func (v *Page) Summary() string { return v.body("Summary").summary }

// WordCount counts the words of prose in the page.
func (v *Page) WordCount() int { return v.body("WordCount").words }

// ReadingMinutes is WordCount / 230, rounded, at least 1.
func (v *Page) ReadingMinutes() int { return v.body("ReadingMinutes").minutes }

// HasCode reports whether the content holds a code block.
func (v *Page) HasCode() bool { return v.body("HasCode").hasCode }

// IDs holds every id in the page's content.
func (v *Page) IDs() map[string]bool { return v.body("IDs").ids }

// Citations lists the sources the page cites, numbered in order of first
// citation.
func (v *Page) Citations() []*content.Citation { return v.body("Citations").citations }

// Citation returns the page's citation of key, or nil.
func (v *Page) Citation(key string) *content.Citation {
	return citationOf(v.body("Citations").citations, key)
}

// SourcePath is the page's source file, or a description of a generated
// page, for messages.
func (v *Page) SourcePath() string {
	if v.Path == "" {
		return "the generated page " + v.URL
	}
	return v.Path
}

func citationOf(cs []*content.Citation, key string) *content.Citation {
	for _, c := range cs {
		if c.Source.Key == key {
			return c
		}
	}
	return nil
}

// Section is the section page that lists this page.
func (v *Page) Section() *Page { return v.rc.view(v.src.Section) }

// Pages lists the pages of a section, home, taxonomy or term page.
func (v *Page) Pages() []*Page { return v.rc.list(v.src.Pages) }

// Prev is the previous page of its section, in site order.
func (v *Page) Prev() *Page { return v.rc.view(v.src.Prev) }

// Next is the next page of its section, in site order.
func (v *Page) Next() *Page { return v.rc.view(v.src.Next) }

// Breadcrumbs lists the section pages above this page, home first.
func (v *Page) Breadcrumbs() []*Page { return v.rc.list(v.src.Breadcrumbs) }

// Site is the site the page belongs to: the view of its language's site
// (a Spanish page's .Site.Title is the Spanish title, whichever page is
// being rendered).
func (v *Page) Site() *Site {
	rc := v.rc
	s := rc.sites[v.src.Site]
	if s == nil {
		if rc.sites == nil {
			rc.sites = map[*content.Site]*Site{}
		}
		s = newSite(v.src.Site, rc)
		rc.sites[v.src.Site] = s
	}
	return s
}

// MarshalJSON writes the page's main fields, so that jsonld can describe
// a page. Body fields are read (and recorded) like any other read.
func (v *Page) MarshalJSON() ([]byte, error) {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	return json.Marshal(struct {
		Title          string         `json:"title"`
		Description    string         `json:"description,omitempty"`
		URL            string         `json:"url"`
		Permalink      string         `json:"permalink,omitempty"`
		Kind           string         `json:"kind"`
		Date           string         `json:"date,omitempty"`
		Updated        string         `json:"updated,omitempty"`
		Tags           []string       `json:"tags,omitempty"`
		Params         map[string]any `json:"params,omitempty"`
		Summary        string         `json:"summary,omitempty"`
		WordCount      int            `json:"word_count"`
		ReadingMinutes int            `json:"reading_minutes"`
		HasCode        bool           `json:"has_code"`
		Content        template.HTML  `json:"content"`
	}{
		v.Title, v.Description, v.URL, v.Permalink, v.Kind, date(v.Date), date(v.Updated), v.Tags, v.Params,
		v.Summary(), v.WordCount(), v.ReadingMinutes(), v.HasCode(), v.Content(),
	})
}

// Site is the site as layouts see it: settings, data and sources as
// loaded, and every list of pages as Pages of the current render.
//
// Like Page's, its fields are copies of the source site's (and of its
// settings'), not promoted ones, so that text/template finds each with a
// direct lookup; TestSiteShowsEverySourceField keeps the copy complete.
type Site struct {
	Settings content.Settings
	// The settings' fields (Menu is a method)
	Title            string
	Description      string
	Language         string
	BaseURL          string
	Author           string
	UnsafeHTML       bool
	PageFields       []string
	Params           map[string]any
	Callouts         []content.CalloutKind
	EmbedHosts       []string
	ImageWidths      []int
	CorrectionsTitle string
	ExternalPrefixes []string
	Image, ImageAlt  string
	Timezone         *time.Location
	UpdatedFromGit   bool
	Languages        []*content.Language
	// The site's fields (All, Pages, Sections, Home, NotFound, Tags,
	// ByPath, ByURL and CorrectionsPage are methods: they return views)
	Data          map[string]any
	DataCites     map[string][]content.KeyRef
	Sources       []*content.Source
	SourceByKey   map[string]*content.Source
	Taxonomies    map[string][]*content.Page
	TaxonomyPages []*content.Page
	Files         []content.File
	LastUpdated   time.Time
	Corrections   []*content.Correction
	Authors       []*content.Author
	AuthorByKey   map[string]*content.Author
	Byline        []*content.Author
	Waiting       []*content.Withheld
	Expired       []*content.Withheld
	NextChange    time.Time
	Digest        string

	src  *content.Site
	rc   *renderCtx
	menu []*MenuItem // made by Menu
}

// newSite returns a view of s in render rc.
func newSite(s *content.Site, rc *renderCtx) *Site {
	st := &s.Settings
	return &Site{
		Settings: *st,
		Title:    st.Title, Description: st.Description, Language: st.Language,
		BaseURL: st.BaseURL, Author: st.Author, UnsafeHTML: st.UnsafeHTML,
		PageFields: st.PageFields, Params: st.Params, Callouts: st.Callouts,
		EmbedHosts: st.EmbedHosts, ImageWidths: st.ImageWidths,
		CorrectionsTitle: st.CorrectionsTitle, ExternalPrefixes: st.ExternalPrefixes,
		Image: st.Image, ImageAlt: st.ImageAlt, Timezone: st.Timezone,
		UpdatedFromGit: st.UpdatedFromGit, Languages: st.Languages,
		Data: s.Data, DataCites: s.DataCites, Sources: s.Sources, SourceByKey: s.SourceByKey,
		Taxonomies: s.Taxonomies, TaxonomyPages: s.TaxonomyPages, Files: s.Files,
		LastUpdated: s.LastUpdated, Corrections: s.Corrections, Authors: s.Authors,
		AuthorByKey: s.AuthorByKey, Byline: s.Byline, Waiting: s.Waiting,
		Expired: s.Expired, NextChange: s.NextChange, Digest: s.Digest,
		src: s, rc: rc,
	}
}

// Multilingual reports whether the site has more than one language.
func (s *Site) Multilingual() bool { return s.src.Multilingual() }

// LanguageByCode returns the site's language of that code, or nil.
func (s *Site) LanguageByCode(code string) *content.Language { return s.src.LanguageByCode(code) }

// All lists every page of the site's language, generated ones included,
// by URL (on a site of one language, every page).
func (s *Site) All() []*Page { return s.rc.list(content.LanguagePages(s.src)) }

// Pages lists the regular pages, in site order.
func (s *Site) Pages() []*Page { return s.rc.list(s.src.Pages) }

// Sections lists the section pages, by URL.
func (s *Site) Sections() []*Page { return s.rc.list(s.src.Sections) }

// Tags lists the term pages, by name.
func (s *Site) Tags() []*Page { return s.rc.list(s.src.Tags) }

// Home is the home page.
func (s *Site) Home() *Page { return s.rc.view(s.src.Home) }

// NotFound is the 404 page.
func (s *Site) NotFound() *Page { return s.rc.view(s.src.NotFound) }

// ByPath finds a page by its content-relative source path.
func (s *Site) ByPath() map[string]*Page { return s.byKey(s.src.ByPath) }

// ByURL finds a page by its URL.
func (s *Site) ByURL() map[string]*Page { return s.byKey(s.src.ByURL) }

func (s *Site) byKey(m map[string]*content.Page) map[string]*Page {
	out := make(map[string]*Page, len(m))
	for k, p := range m {
		out[k] = s.rc.view(p)
	}
	return out
}

// Menu lists the site's menu items, each pointing to a Page of the render.
// The list is made once per render: layouts read it on every page, often
// several times.
func (s *Site) Menu() []*MenuItem {
	if s.menu == nil {
		s.menu = make([]*MenuItem, len(s.src.Menu))
		for i, m := range s.src.Menu {
			s.menu[i] = &MenuItem{Title: m.Title, URL: m.URL, src: m, rc: s.rc}
		}
	}
	return s.menu
}

// MenuItem is one menu item as layouts see it.
//
// Its fields are copies, not promoted ones (see Page).
type MenuItem struct {
	Title string
	URL   string // root-relative URL of Page

	src *content.MenuItem
	rc  *renderCtx
}

// Page is the page the item points to.
func (m *MenuItem) Page() *Page { return m.rc.view(m.src.Page) }

// CorrectionsPage is the page listing every correction, or nil.
func (s *Site) CorrectionsPage() *Page { return s.rc.view(s.src.CorrectionsPage) }
