package site

import (
	"bytes"
	"fmt"
	"html"
	"maps"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/nearest"
)

// The link check of rendered pages: every internal address a page's HTML
// holds (href, src, srcset, action, poster), whatever wrote it (a layout, a
// partial, a template function, text a layout shows), must lead to a file
// the build writes, and its #fragment to an id of the page there. Links
// that a page's Markdown wrote are the Markdown check's (see resolve and
// checkRawLinks), so only what the layouts add is reported here.
//
// The check costs little: appendRelativized, which reads every attribute
// anyway, notes where the addresses and ids are (htmlScan); checkRendered
// then settles, on the render worker, every address that leads to a page,
// a content file, an asset or an old address of a page, and every
// #fragment on the page itself. What it cannot settle yet (a file the
// extras stage writes, such as a feed; an id on another page) or finds
// broken is kept as an outRef and looked at once every file is written
// (checkLinksWritten).

// span is a range of bytes of a page's HTML.
type span struct{ start, end int }

// scanRef is an address attribute value of a page's HTML.
type scanRef struct {
	span
	srcset bool
	attr   string // lower case
}

// htmlScan is what appendRelativized noted of one page's HTML.
type htmlScan struct {
	refs   []scanRef
	ids    []span
	idBuf  []byte
	sorted []span // ids by value
	html   []byte // the page the spans are of, while checkRendered runs
}

func (s *htmlScan) reset() { s.refs, s.ids = s.refs[:0], s.ids[:0] }

// attrOf names an address attribute in lower case, without allocating.
func attrOf(name []byte) string {
	for _, a := range []string{"href", "src", "srcset", "action", "poster"} {
		if bytes.EqualFold(name, []byte(a)) {
			return a
		}
	}
	return string(bytes.ToLower(name))
}

// outRef is an address in a rendered page that checkLinksWritten looks at
// again: one that may lead to a file the extras write, a #fragment on
// another page, or one found broken.
type outRef struct {
	attr   string
	value  string // as the page's HTML has it
	target string // output path it leads to; "" for the page itself
	frag   string // the #fragment, decoded
	broken string // why it is broken, when known on the page
}

// pageLinks is what the link check keeps of rendered pages, by output
// path: the addresses to look at again and the ids. A quick rebuild
// writes its pages' over the last build's (prev) and merges them in when
// it succeeds.
type pageLinks struct {
	mu   sync.Mutex
	refs map[string][]outRef // nil for a page with none
	ids  map[string]string   // "\x00id\x00id\x00" of each page
	prev *pageLinks
}

func newPageLinks(prev *pageLinks) *pageLinks {
	return &pageLinks{refs: map[string][]outRef{}, ids: map[string]string{}, prev: prev}
}

func (l *pageLinks) set(out, ids string, refs []outRef) {
	l.mu.Lock()
	l.ids[out], l.refs[out] = ids, refs
	l.mu.Unlock()
}

// idsOf returns the ids of the page written to out.
func (l *pageLinks) idsOf(out string) (string, bool) {
	for ; l != nil; l = l.prev {
		if ids, ok := l.ids[out]; ok {
			return ids, true
		}
	}
	return "", false
}

// allRefs returns the addresses to look at again, by output path.
func (l *pageLinks) allRefs() map[string][]outRef {
	if l.prev == nil {
		return l.refs
	}
	m := maps.Clone(l.prev.allRefs())
	maps.Copy(m, l.refs)
	return m
}

// merged folds a quick rebuild's record into the last build's and
// returns it.
func (l *pageLinks) merged() *pageLinks {
	if l.prev == nil {
		return l
	}
	p := l.prev.merged()
	maps.Copy(p.refs, l.refs)
	maps.Copy(p.ids, l.ids)
	return p
}

// outputs maps every output path the build writes before the extras stage
// (pages, old addresses of pages, assets, content files) to its page, or
// nil; a page's folder ("x/", and "" for the home page) is there too.
func (b *build) outputs() map[string]*content.Page {
	s := b.site
	m := make(map[string]*content.Page, 2*len(s.All)+len(b.files)+len(b.assets.Files))
	for rel := range b.files {
		m[rel] = nil
	}
	for rel := range b.assets.Files {
		m[rel] = nil
	}
	for _, p := range s.All {
		for _, a := range p.Aliases {
			m[content.AliasOutPath(a)] = nil
		}
	}
	for _, p := range s.All {
		if _, ok := b.tmplOf[p]; !ok && b.tmplOf != nil {
			continue
		}
		m[p.OutPath] = p
		if dir, ok := strings.CutSuffix(p.OutPath, "index.html"); ok {
			m[dir] = p
		}
	}
	return m
}

// checkRendered checks the addresses and ids sc noted in page p's HTML
// html (as its layout wrote it) and keeps what it cannot settle.
func (b *build) checkRendered(p *content.Page, page []byte, sc *htmlScan) {
	if b.known == nil {
		return
	}
	sc.html = page
	defer func() { sc.html = nil }()
	sc.sorted = append(sc.sorted[:0], sc.ids...)
	slices.SortFunc(sc.sorted, func(a, b span) int { return bytes.Compare(page[a.start:a.end], page[b.start:b.end]) })
	sc.idBuf = append(sc.idBuf[:0], 0)
	for _, id := range sc.sorted {
		sc.idBuf = append(sc.idBuf, page[id.start:id.end]...)
		sc.idBuf = append(sc.idBuf, 0)
	}
	var keep []outRef
	for _, r := range sc.refs {
		v := page[r.start:r.end]
		if !r.srcset {
			keep = b.checkAddress(p, sc, r.attr, v, keep)
			continue
		}
		for part := range bytes.SplitSeq(v, []byte(",")) {
			if f := bytes.Fields(part); len(f) > 0 {
				keep = b.checkAddress(p, sc, r.attr, f[0], keep)
			}
		}
	}
	b.links.set(p.OutPath, string(sc.idBuf), keep)
}

// checkAddress checks one address v of page p, appending to keep what
// checkLinksWritten must look at.
func (b *build) checkAddress(p *content.Page, sc *htmlScan, attr string, v []byte, keep []outRef) []outRef {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] == '?' || hasSchemeBytes(v) {
		return keep
	}
	if v[0] == '#' {
		frag := v[1:]
		if !bytes.ContainsAny(frag, "%&") && sc.hasID(frag) {
			return keep
		}
		f := decodeFrag(string(frag))
		if f == "" || strings.EqualFold(f, "top") || strings.HasPrefix(f, ":~:") || sc.hasID([]byte(f)) {
			return keep
		}
		return append(keep, outRef{attr: attr, value: string(v), frag: f, broken: "id"})
	}
	raw, frag, _ := bytes.Cut(v, []byte("#"))
	raw, _, _ = bytes.Cut(raw, []byte("?"))
	if raw[0] == '/' && !bytes.ContainsAny(raw, "%&\\") && !bytes.Contains(raw, []byte("/.")) && !bytes.Contains(raw, []byte("//")) {
		// The common case: a clean root-relative address.
		if t, ok := b.known[string(raw[1:])]; ok {
			if len(frag) == 0 || t == nil || t == p && sc.hasID(frag) {
				return keep
			}
		}
	}
	if raw[0] == '/' && underPrefix(string(raw), b.site.ExternalPrefixes) {
		return keep
	}
	target, ok := outputPath(p, string(v))
	f := decodeFrag(string(frag))
	if !ok {
		return append(keep, outRef{attr: attr, value: string(v), target: target, frag: f, broken: "outside"})
	}
	t, found := b.known[target]
	switch {
	case !found:
		return append(keep, outRef{attr: attr, value: string(v), target: target, frag: f})
	case f == "" || t == nil:
		return keep
	case t == p:
		if sc.hasID([]byte(f)) || strings.EqualFold(f, "top") || strings.HasPrefix(f, ":~:") {
			return keep
		}
		return append(keep, outRef{attr: attr, value: string(v), frag: f, broken: "id"})
	}
	return append(keep, outRef{attr: attr, value: string(v), target: target, frag: f})
}

// hasID reports whether the page has the id (raw as written).
func (sc *htmlScan) hasID(id []byte) bool {
	_, ok := slices.BinarySearchFunc(sc.sorted, id, func(s span, id []byte) int { return bytes.Compare(sc.html[s.start:s.end], id) })
	return ok
}

func decodeFrag(f string) string {
	if strings.Contains(f, "&") {
		f = html.UnescapeString(f)
	}
	if strings.Contains(f, "%") {
		if u, err := url.PathUnescape(f); err == nil {
			f = u
		}
	}
	return f
}

// outputPath returns the output path the address v in page p leads to
// (a folder's as "x/"), read as a browser reads it: from the site's root
// when it starts with "/", else from the page's folder. ok is false when
// it leads outside the site.
func outputPath(p *content.Page, v string) (string, bool) {
	v = html.UnescapeString(v)
	v, _, _ = strings.Cut(v, "#")
	v, _, _ = strings.Cut(v, "?")
	if u, err := url.PathUnescape(v); err == nil {
		v = u
	}
	if !strings.HasPrefix(v, "/") {
		dir := path.Dir(p.OutPath)
		if dir == "." {
			dir = ""
		}
		v = "/" + dir + "/" + v
	}
	folder := strings.HasSuffix(v, "/") || strings.HasSuffix(v, "/.") || strings.HasSuffix(v, "/..")
	clean := path.Clean(v)
	outside := false
	// path.Clean drops ".." above the root; a browser does too, but the
	// writer most probably meant a file outside the site.
	depth := 0
	for seg := range strings.SplitSeq(strings.TrimPrefix(v, "/"), "/") {
		switch seg {
		case "..":
			depth--
		case ".", "":
		default:
			depth++
		}
		if depth < 0 {
			outside = true
		}
	}
	rel := strings.TrimPrefix(clean, "/")
	if folder && rel != "" {
		rel += "/"
	}
	return rel, !outside
}

func hasSchemeBytes(v []byte) bool {
	if len(v) >= 2 && v[0] == '/' && v[1] == '/' {
		return true
	}
	for i, c := range v {
		switch {
		case c == ':':
			return i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// keepLinks carries the link check's record of the pages this build did
// not render again (their output is unchanged) over from the last one.
func (b *build) keepLinks(prev *pageLinks, kept []string) {
	if prev == nil {
		return
	}
	for _, out := range kept {
		if ids, ok := prev.ids[out]; ok {
			b.links.ids[out], b.links.refs[out] = ids, prev.refs[out]
		}
	}
}

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
	byOut := make(map[string]*content.Page, len(b.tmplOf))
	for p := range b.tmplOf {
		byOut[p.OutPath] = p
	}
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
		p := byOut[out]
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
	for _, r := range b.recs {
		if r == nil {
			continue
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
	}
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
