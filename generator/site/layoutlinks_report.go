package site

import (
	"fmt"
	"html"
	"net/url"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/nearest"
)

// linkProblem is a broken address in rendered pages, with the pages.
type linkProblem struct {
	d     diag.Diagnostic // without Msg
	pages []*content.Page
	msgs  map[*content.Page]string // the first message on each page
}

// checkLinksWritten reports the broken addresses of rendered pages, now
// that every file is written (extra holds the extras stage's). An address
// a page's Markdown wrote is left to the Markdown check.
func (b *build) checkLinksWritten() {
	if b.links == nil {
		return
	}
	all := b.links.allRefs()
	needsBase := map[string]bool{}
	if b.site.BaseURL == "" {
		needsBase["sitemap.xml"] = true
		for _, l := range b.site.Languages {
			ls := siteOfLanguage(b.site, l)
			needsBase[strings.TrimPrefix(ls.Home.URL, "/")+"atom.xml"] = true
			for _, sec := range ls.Sections {
				needsBase[strings.TrimPrefix(sec.URL, "/")+"atom.xml"] = true
			}
			if c := ls.CorrectionsPage; c != nil {
				needsBase[strings.TrimPrefix(c.URL, "/")+"atom.xml"] = true
			}
		}
	}
	var markdownOwns map[string]bool
	groups := map[string]*linkProblem{}
	outs := make([]string, 0, len(all))
	for out, refs := range all {
		if len(refs) > 0 {
			outs = append(outs, out)
		}
	}
	sort.Strings(outs)
	for _, out := range outs {
		p := b.known[out] // the rendered page written at out
		if p == nil {
			continue
		}
		for _, r := range all[out] {
			msg, kind, sev := b.refProblem(p, r, needsBase)
			if msg == "" {
				continue
			}
			if markdownOwns == nil {
				markdownOwns = b.markdownAddresses()
			}
			if markdownOwns[normAddress(r.value)] {
				continue
			}
			if b.opts.LinksWarn {
				sev = diag.Warning
			}
			d := diag.Diagnostic{Path: "layouts/" + b.tmplOf[p], Severity: sev}
			key := d.Path + "\x00" + r.value + "\x00" + msg
			if path, line, col, ok := b.layouts.FindAttr(b.tmplOf[p], r.attr, r.value); ok {
				d.Path, d.Line, d.Col = path, line, col
				key = fmt.Sprintf("%s:%d:%d\x00%s", path, line, col, kind)
			}
			g := groups[key]
			if g == nil {
				g = &linkProblem{d: d, msgs: map[*content.Page]string{}}
				groups[key] = g
			}
			if _, ok := g.msgs[p]; !ok {
				g.msgs[p] = "link " + r.value + ": " + msg
				g.pages = append(g.pages, p)
			}
		}
	}
	for _, g := range groups {
		sortPagesForReport(g.pages)
		g.d.Msg = g.msgs[g.pages[0]] + " (while rendering " + pagesText(g.pages) + ")"
		b.diags = append(b.diags, g.d)
	}
}

// refProblem says what is wrong with r, an address in page p, or "".
func (b *build) refProblem(p *content.Page, r outRef, needsBase map[string]bool) (msg, kind string, sev diag.Severity) {
	switch r.broken {
	case "id":
		ids, _ := b.links.idsOf(p.OutPath)
		return fmt.Sprintf("this page has no element with id %q%s", r.frag, suggestAnchor(idSet(ids), r.value, r.frag)), "id", diag.Error
	case "outside":
		return "it leads outside the site (a relative address is read from the folder of the page holding it, " + p.URL + ")", "outside", diag.Error
	}
	t, found := b.known[r.target]
	if !found && !b.extraOut[r.target] {
		if needsBase[r.target] {
			return "the Atom feeds and sitemap.xml are written only with a base URL (base_url in content/site.yaml, or --base-url), so this build has no /" + r.target +
				": show the link only with one, {{ with .Site.BaseURL }}…{{ end }}", "base", diag.Warning
		}
		msg := "no page or file has this address"
		if !strings.HasPrefix(strings.TrimSpace(r.value), "/") {
			msg = "it leads to /" + r.target + ", where no page or file is (a relative address is read from the folder of the page holding it, " + p.URL + ")"
		}
		return msg + b.outputSuggestion(r), "missing", diag.Error
	}
	if r.frag == "" || t == nil {
		return "", "", 0
	}
	ids, ok := b.links.idsOf(t.OutPath)
	if !ok || strings.Contains(ids, "\x00"+r.frag+"\x00") {
		return "", "", 0
	}
	where := t.Path
	if where == "" {
		where = "the page " + t.URL
	}
	return fmt.Sprintf("%s has no heading or element with id %q%s", where, r.frag, suggestAnchor(idSet(ids), r.value, r.frag)), "id", diag.Error
}

// outputSuggestion is the did-you-mean for an address that leads to no
// file.
func (b *build) outputSuggestion(r outRef) string {
	frag := ""
	if r.frag != "" {
		frag = "#" + r.frag
	}
	clean := "/" + r.target
	if a, ok := strings.CutPrefix(r.target, "assets/"); ok {
		if _, err := b.assets.Get(a); err == nil {
			return fmt.Sprintf(" (assets are published under a name with a hash: write {{ asset %q }})", a)
		}
	}
	if h := suggestURL(b.site, clean, frag); h != "" {
		return h
	}
	if t := suggestPage(b.site, b.files, strings.TrimSuffix(r.target, "/")); t != "" {
		if tp := b.site.ByPath[t]; tp != nil {
			return fmt.Sprintf(" (did you mean %s%s?)", tp.URL, frag)
		}
		return fmt.Sprintf(" (did you mean /%s%s?)", t, frag)
	}
	if b.known[r.target+"/"] != nil {
		return fmt.Sprintf(" (did you mean %s/%s?)", clean, frag)
	}
	// A page or file a letter or two away.
	var names []string
	for rel := range b.known {
		if !strings.HasSuffix(rel, "index.html") {
			names = append(names, rel)
		}
	}
	for rel := range b.extraOut {
		names = append(names, rel)
	}
	sort.Strings(names)
	if n := nearest.Name(r.target, names, 2); n != "" {
		return fmt.Sprintf(" (did you mean /%s%s?)", n, frag)
	}
	return ""
}

// markdownAddresses are the addresses pages' Markdown holds (links,
// images, raw HTML), which the Markdown check reports, and those the
// markdown stage writes for the layout to fulfil: citations (#source-KEY,
// the layout's source list) and the generated corrections page's links
// (#correction-DATE, the corrected page's corrections).
func (b *build) markdownAddresses() map[string]bool {
	m := map[string]bool{}
	b.recs.values(func(r *rendered) {
		if r == nil {
			return
		}
		for _, l := range r.links {
			m[normAddress(l.Dest)] = true
		}
		for _, l := range r.rawLinks {
			m[normAddress(l.Dest)] = true
		}
		for _, c := range r.citations {
			if c.Source != nil {
				m["#source-"+c.Source.Key] = true
			}
		}
	})

	for _, l := range b.site.Languages {
		for _, c := range siteOfLanguage(b.site, l).Corrections {
			m[normAddress(escapePath(c.Page.URL)+"#"+c.ID)] = true
		}
	}
	return m
}

func normAddress(v string) string {
	v = strings.TrimSpace(html.UnescapeString(v))
	if u, err := url.PathUnescape(v); err == nil {
		v = u
	}
	return v
}

func idSet(ids string) map[string]bool {
	m := map[string]bool{}
	for id := range strings.SplitSeq(strings.Trim(ids, "\x00"), "\x00") {
		if id != "" {
			m[id] = true
		}
	}
	return m
}

// sortPagesForReport puts pages with a source file first, then by URL.
func sortPagesForReport(pages []*content.Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		if (pages[i].Path == "") != (pages[j].Path == "") {
			return pages[i].Path != ""
		}
		return pages[i].URL < pages[j].URL
	})
}

// pagesText names the first page and counts the others.
func pagesText(pages []*content.Page) string {
	src := pages[0].Path
	if src == "" {
		src = "the generated page " + pages[0].URL
	}
	switch n := len(pages) - 1; n {
	case 0:
		return src
	case 1:
		return src + " and 1 other page"
	default:
		return fmt.Sprintf("%s and %d other pages", src, n)
	}
}
