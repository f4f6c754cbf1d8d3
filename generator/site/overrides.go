package site

import (
	"bytes"
	htmltemplate "html/template"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// Outputs a site can override: layouts/robots.txt (text/template),
// layouts/sitemap.xml and layouts/atom.xml (html/template, whose HTML
// escaping is valid XML) replace the built-in ones when present. A file
// content/robots.txt is copied as it is and wins over both.

// outputTemplates are the parsed override templates of a build, by name.
type outputTemplates struct {
	robots  *texttemplate.Template
	sitemap *htmltemplate.Template
	atom    *htmltemplate.Template
}

// loadOutputTemplates parses the override templates that exist.
func loadOutputTemplates(fsys fs.FS, funcs htmltemplate.FuncMap) (outputTemplates, diag.List) {
	read := func(name string) (string, bool) {
		data, err := fs.ReadFile(fsys, "layouts/"+name)
		if err != nil {
			return "", false
		}
		return string(data), true
	}
	var ds diag.List
	bad := func(name string, err error) {
		ds = append(ds, outputTemplateError(name, err))
	}
	var t outputTemplates
	if src, ok := read("robots.txt"); ok {
		tt, err := texttemplate.New("robots.txt").Funcs(texttemplate.FuncMap(funcs)).Parse(src)
		if err != nil {
			bad("robots.txt", err)
		}
		t.robots = tt
	}
	for _, name := range []string{"sitemap.xml", "atom.xml"} {
		src, ok := read(name)
		if !ok {
			continue
		}
		ht, err := htmltemplate.New(name).Funcs(funcs).Parse(src)
		if err != nil {
			bad(name, err)
			continue
		}
		if name == "sitemap.xml" {
			t.sitemap = ht
		} else {
			t.atom = ht
		}
	}
	return t, ds
}

// Feed is the dot of layouts/atom.xml: one feed of the site.
type Feed struct {
	Page    *Page     // the page whose feed it is: the home page or a section
	Entries []*Page   // its regular pages, most recently updated first (at most FeedLimit)
	Updated time.Time // the newest entry's updated time
	URL     string    // the feed's own absolute address
	Site    *Site
}

// execOutput runs an override template with the render context of page p
// and writes the result to rel.
func (b *build) execOutput(name string, exec func(rc *renderCtx, buf *bytes.Buffer) error, p *content.Page) ([]byte, bool) {
	var buf bytes.Buffer
	rc := newRenderCtx(b, p)
	if err := exec(rc, &buf); err != nil {
		b.diags = append(b.diags, outputTemplateError(name, err))
		return nil, false
	}
	return buf.Bytes(), true
}

// sitemapOutput is sitemap.xml: the site's override, else the built-in.
func (b *build) sitemapOutput() ([]byte, bool) {
	if b.outTmpl.sitemap == nil {
		return sitemap(b.site), true
	}
	return b.execOutput("sitemap.xml", func(rc *renderCtx, buf *bytes.Buffer) error {
		return b.outTmpl.sitemap.Execute(buf, rc.view(b.site.Home))
	}, b.site.Home)
}

// robotsOutput is robots.txt: the site's override, else the built-in.
func (b *build) robotsOutput() ([]byte, bool) {
	s := b.site
	if b.outTmpl.robots == nil {
		robots := "User-agent: *\nAllow: /\n"
		if s.BaseURL != "" {
			robots += "\nSitemap: " + s.BaseURL + "sitemap.xml\n"
		}
		return []byte(robots), true
	}
	return b.execOutput("robots.txt", func(rc *renderCtx, buf *bytes.Buffer) error {
		return b.outTmpl.robots.Execute(buf, rc.view(s.Home))
	}, s.Home)
}

// feedOutput is the Atom feed of owner: the site's override, else the
// built-in.
func (b *build) feedOutput(owner *content.Page, pages []*content.Page) ([]byte, bool) {
	s := siteOf(b.site, owner)
	if b.outTmpl.atom == nil {
		return feed(s, owner, pages, b.summary), true
	}
	entries := newestFirst(pages)
	return b.execOutput("atom.xml", func(rc *renderCtx, buf *bytes.Buffer) error {
		f := &Feed{Page: rc.view(owner), Entries: rc.list(entries), URL: pageURL(s, owner.URL+"atom.xml"), Site: rc.view(owner).Site()}
		for _, p := range entries {
			if p.Updated.After(f.Updated) {
				f.Updated = p.Updated
			}
		}
		return b.outTmpl.atom.Execute(buf, f)
	}, owner)
}

// newestFirst returns the FeedLimit most recently updated pages, newest
// first.
func newestFirst(pages []*content.Page) []*content.Page {
	ps := append([]*content.Page(nil), pages...)
	sort.SliceStable(ps, func(i, j int) bool {
		if !ps[i].Updated.Equal(ps[j].Updated) {
			return ps[i].Updated.After(ps[j].Updated)
		}
		return ps[i].URL < ps[j].URL
	})
	if len(ps) > FeedLimit {
		ps = ps[:FeedLimit]
	}
	return ps
}

// redirects is the _redirects file of Netlify and Cloudflare Pages: a 301
// from each alias to its page. Under a base URL with a path, both sides
// carry the path.
func redirects(s *content.Site) []byte {
	prefix := ""
	if u, err := url.Parse(s.BaseURL); err == nil && s.BaseURL != "" {
		prefix = strings.TrimSuffix(u.Path, "/")
	}
	var b bytes.Buffer
	for _, p := range s.All {
		for _, a := range p.Aliases {
			b.WriteString(prefix + escapePath(a) + " " + prefix + escapePath(p.URL) + " 301\n")
		}
	}
	// Each other language's missing pages get its own 404 page (a rule
	// that applies only where no file is).
	for _, l := range s.Languages[1:] {
		nf := siteOfLanguage(s, l).NotFound
		b.WriteString(prefix + escapePath(l.URL) + "* " + prefix + escapePath(nf.URL) + " 404\n")
	}
	return b.Bytes()
}

// templateErrPos matches the position Go's template packages put in their
// errors: "template: robots.txt:2:3: executing ...".
var templateErrPos = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^template: [^:]+:(\d+)(?::(\d+))?: (.*)$`) })

// outputTemplateError reports an error of layouts/<name> at its line.
func outputTemplateError(name string, err error) diag.Diagnostic {
	d := diag.Diagnostic{Path: "layouts/" + name, Line: 1, Col: 1, Msg: err.Error()}
	if m := templateErrPos().FindStringSubmatch(err.Error()); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			d.Col, _ = strconv.Atoi(m[2])
		}
		d.Msg = m[3]
	}
	return d
}
