package site

import (
	"bytes"
	"html"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
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

// refsOf returns the addresses of the page written to out, and its ids.
func (l *pageLinks) refsOf(out string) ([]outRef, string, bool) {
	for ; l != nil; l = l.prev {
		if ids, ok := l.ids[out]; ok {
			return l.refs[out], ids, true
		}
	}
	return nil, "", false
}

// layers lists l and the records below it, newest first.
func (l *pageLinks) layers() []*pageLinks {
	var out []*pageLinks
	for ; l != nil; l = l.prev {
		out = append(out, l)
	}
	return out
}

// allRefs returns the addresses to look at again, by output path.
func (l *pageLinks) allRefs() map[string][]outRef {
	if l.prev == nil {
		return l.refs
	}
	ls := l.layers()
	m := maps.Clone(ls[len(ls)-1].refs)
	for i := len(ls) - 2; i >= 0; i-- {
		maps.Copy(m, ls[i].refs)
	}
	return m
}

// merged returns the record to keep for the next rebuild: a quick
// rebuild's over the last build's while the layers are few (maxDepth),
// else all of them folded into a new record. The last build's record
// stays as it was.
func (l *pageLinks) merged() *pageLinks {
	ls := l.layers()
	if len(ls) <= maxDepth {
		return l
	}
	m := newPageLinks(nil)
	for i := len(ls) - 1; i >= 0; i-- {
		maps.Copy(m.refs, ls[i].refs)
		maps.Copy(m.ids, ls[i].ids)
	}
	return m
}

// outputs maps every output path the build writes before the extras stage
// (pages, old addresses of pages, assets, content files) to its page, or
// nil; a page's folder ("x/", and "" for the home page) is there too.
func (b *build) outputs() map[string]*content.Page {
	s := b.site
	m := make(map[string]*content.Page, 2*len(s.All)+len(b.files))
	for rel := range b.files {
		m[rel] = nil
	}
	if b.assets != nil {
		for rel := range b.assets.Files {
			m[rel] = nil
		}
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
func (b *build) checkRendered(p *content.Page, page []byte, sc *htmlScan) (ids string, refs []outRef) {
	if b.known == nil {
		return "", nil
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
	ids = string(sc.idBuf)
	b.links.set(p.OutPath, ids, keep)
	return ids, keep
}

// checkAddress checks one address v of page p, appending to keep what
// checkLinksWritten must look at.
func (b *build) checkAddress(p *content.Page, sc *htmlScan, attr string, v []byte, keep []outRef) []outRef {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] == '?' || hasScheme(v) {
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
			if t != p && !bytes.ContainsAny(frag, "%&") {
				// An id on another page: looked at once it is rendered.
				return append(keep, outRef{attr: attr, value: string(v), target: t.OutPath, frag: string(frag)})
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

// linkCheck is the state of the link check of one build's rendered pages.
type linkCheck struct {
	known    map[string]*content.Page // output paths written before the extras
	links    *pageLinks
	extraOut map[string]bool // output paths the extras stage writes
}

// startLinkCheck prepares the link check of a full build's pages.
func (b *build) startLinkCheck() {
	b.known = b.outputs()
	b.links = newPageLinks(nil)
}

// keepLinks carries the link check's record of the pages this build did
// not render again (their output is unchanged) over from the last one.
func (b *build) keepLinks() {
	if b.memo.links == nil {
		return
	}
	prev := b.memo.links
	for _, out := range b.kept {
		if refs, ids, ok := prev.refsOf(out); ok {
			b.links.ids[out], b.links.refs[out] = ids, refs
		}
	}
}
