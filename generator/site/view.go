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
type Page struct {
	*sourcePage // promoted: layouts read .Title, not .Page.Title
	rc          *renderCtx
}

// sourcePage names the embedded source page so that it stays unexported.
type sourcePage = content.Page

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
	site  *Site
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
		v = &Page{sourcePage: p, rc: rc}
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
	if v.sourcePage != rc.self {
		if rc.reads == nil {
			rc.reads = map[dep]bool{}
		}
		rc.reads[dep{pageID(v.sourcePage), field}] = true
	}
}

// body returns what the markdown stage made of the page, recording the
// read of field.
func (v *Page) body(field string) *rendered {
	v.read(field)
	if r := v.rc.b.recs.get(v.sourcePage); r != nil {
		return r
	}
	return &rendered{}
}

// Body is the page's Markdown source with the front matter lines blanked
// out (for tools; layouts show .Content); nil for a generated page or one
// whose file cannot be read again.
func (v *Page) Body() []byte {
	v.read("Body")
	body, err := content.ReadBody(v.rc.b.opts.FS, v.rc.b.site, v.sourcePage)
	if err != nil {
		return nil
	}
	return body
}

// Hash is a hash of the page's source file ("" for a generated page).
func (v *Page) Hash() string {
	v.read("Hash")
	return content.BodyOf(v.rc.b.site, v.sourcePage).Hash
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
func (v *Page) Section() *Page { return v.rc.view(v.sourcePage.Section) }

// Pages lists the pages of a section, home, taxonomy or term page.
func (v *Page) Pages() []*Page { return v.rc.list(v.sourcePage.Pages) }

// Prev is the previous page of its section, in site order.
func (v *Page) Prev() *Page { return v.rc.view(v.sourcePage.Prev) }

// Next is the next page of its section, in site order.
func (v *Page) Next() *Page { return v.rc.view(v.sourcePage.Next) }

// Breadcrumbs lists the section pages above this page, home first.
func (v *Page) Breadcrumbs() []*Page { return v.rc.list(v.sourcePage.Breadcrumbs) }

// Site is the site the page belongs to.
func (v *Page) Site() *Site {
	rc := v.rc
	if rc.site == nil {
		rc.site = &Site{sourceSite: v.sourcePage.Site, rc: rc}
	}
	return rc.site
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
type Site struct {
	*sourceSite
	rc   *renderCtx
	menu []*MenuItem // made by Menu
}

type sourceSite = content.Site

// All lists every page of the site's language, generated ones included,
// by URL (on a site of one language, every page).
func (s *Site) All() []*Page { return s.rc.list(content.LanguagePages(s.sourceSite)) }

// Pages lists the regular pages, in site order.
func (s *Site) Pages() []*Page { return s.rc.list(s.sourceSite.Pages) }

// Sections lists the section pages, by URL.
func (s *Site) Sections() []*Page { return s.rc.list(s.sourceSite.Sections) }

// Tags lists the term pages, by name.
func (s *Site) Tags() []*Page { return s.rc.list(s.sourceSite.Tags) }

// Home is the home page.
func (s *Site) Home() *Page { return s.rc.view(s.sourceSite.Home) }

// NotFound is the 404 page.
func (s *Site) NotFound() *Page { return s.rc.view(s.sourceSite.NotFound) }

// ByPath finds a page by its content-relative source path.
func (s *Site) ByPath() map[string]*Page { return s.byKey(s.sourceSite.ByPath) }

// ByURL finds a page by its URL.
func (s *Site) ByURL() map[string]*Page { return s.byKey(s.sourceSite.ByURL) }

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
		s.menu = make([]*MenuItem, len(s.sourceSite.Menu))
		for i, m := range s.sourceSite.Menu {
			s.menu[i] = &MenuItem{sourceMenuItem: m, rc: s.rc}
		}
	}
	return s.menu
}

// MenuItem is one menu item as layouts see it.
type MenuItem struct {
	*sourceMenuItem
	rc *renderCtx
}

type sourceMenuItem = content.MenuItem

// Page is the page the item points to.
func (m *MenuItem) Page() *Page { return m.rc.view(m.sourceMenuItem.Page) }

// CorrectionsPage is the page listing every correction, or nil.
func (s *Site) CorrectionsPage() *Page { return s.rc.view(s.sourceSite.CorrectionsPage) }
