package site

import (
	"crypto/sha256"
	"encoding/binary"
	"html/template"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pack"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// mdCache keeps each page's converted Markdown between one-off builds, in
// the cache folder: a build converts only the pages whose conversion it
// cannot reuse. At 10,000 pages converting is more than half of a build
// whose code blocks are already in the highlight cache.
//
// An entry is found by what a conversion reads besides other pages: this
// generator (the executable's size and time, and its build
// information), the build's options, the page's path, language and file,
// the settings and data files (Site.Digest) and the site's strings
// (i18n). What it read of other pages, the targets of its links and the
// images it placed, is kept with it and looked up again before it is
// used, as the preview server's memo does: an entry whose link now
// resolves elsewhere, or whose image changed, is converted again.
//
// There is one file per site (by the site's folder), as the cache folder
// is the user's, shared by every site they build. A build keeps the
// entries of its pages and drops the others.
type mdCache struct {
	pack   *pack.Pack
	prefix [32]byte // hashed into every key: what all entries were made by
	mu     sync.Mutex
	err    error // the first error reading a page's HTML
}

// mdCacheMagic starts a cache file of this format.
var mdCacheMagic = [8]byte{'K', 'P', 'M', 'D', 'P', 'K', 0, 1}

// openMDCache opens the Markdown cache of the site opts builds, or returns
// nil when the build has no cache folder or the file cannot be opened
// (the build then converts every page).
func openMDCache(opts Options) *mdCache {
	p := openSitePack(opts, "markdown", mdCacheMagic)
	if p == nil {
		return nil
	}
	prefix := sha256.Sum256(appendStrings(nil, "kpstrikes/markdown", generatorIdentity(), strconv.FormatBool(opts.NoHighlight)))
	return &mdCache{pack: p, prefix: prefix}
}

// generatorIdentity tells this generator from any other build of it: a
// changed converter or highlighter must not reuse what an older one made.
var generatorIdentity = sync.OnceValue(func() string {
	var id []string
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			id = append(id, exe, strconv.FormatInt(fi.Size(), 10), strconv.FormatInt(fi.ModTime().UnixNano(), 10))
		}
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		id = append(id, info.String())
	}
	if len(id) == 0 {
		return "" // nothing tells builds apart: openSitePack opens no cache
	}
	return string(appendStrings(nil, id...))
})

func appendStrings(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// key is the key of page p's conversion in build b.
func (m *mdCache) key(b *build, p *content.Page) pack.Key {
	var buf [512]byte
	return sha256.Sum256(appendStrings(append(buf[:0], m.prefix[:]...), p.Path, pageLang(p), content.BodyOf(b.site, p).Hash, b.site.Digest, b.i18n.Digest()))
}

// htmlKey is the key of the HTML of the conversion stored under k.
func htmlKey(k pack.Key) pack.Key {
	return sha256.Sum256(append(k[:], "html"...))
}

// get returns the conversion of page p stored under k when everything it
// looked up of other pages is still the same, with where its HTML is.
// Both parts are read and checked against their checksums: html is the
// page's HTML as read, which a one-off build drops and reads again (h)
// when a layout shows it.
func (m *mdCache) get(b *build, p *content.Page, k pack.Key) (c *converted, sc *shortcodeUse, h storedHTML, html []byte) {
	ref, ok := m.pack.Get(k)
	if !ok {
		return nil, nil, storedHTML{}, nil
	}
	v, buf, err := readRecord(ref)
	defer putReadBuffer(buf)
	if err != nil {
		return nil, nil, storedHTML{}, nil
	}
	c, sc, ok = decodeConverted(v) // which copies what it keeps
	if !ok || !b.lookupsHold(p, c) {
		return nil, nil, storedHTML{}, nil
	}
	href, ok := m.pack.Get(htmlKey(k))
	if !ok {
		return nil, nil, storedHTML{}, nil
	}
	if html, err = href.Read(); err != nil {
		return nil, nil, storedHTML{}, nil
	}
	return c, sc, storedHTML{md: m, pref: href}, html
}

// putHTML stores the HTML of the conversion to be stored under k, and
// returns where it is; ok is false when it could not be stored.
func (m *mdCache) putHTML(k pack.Key, html []byte) (h storedHTML, ok bool) {
	ref, ok := m.pack.Put(htmlKey(k), html)
	if !ok {
		return storedHTML{}, false
	}
	return storedHTML{md: m, pref: ref}, true
}

// put stores conversion c of a page, whose HTML putHTML stored, under k.
func (m *mdCache) put(k pack.Key, c *converted, sc *shortcodeUse) {
	buf := encodeBuffers.Get().(*[]byte)
	*buf = appendConverted((*buf)[:0], c, sc)
	m.pack.Put(k, *buf) // which does not keep it
	if cap(*buf) <= 64<<10 {
		encodeBuffers.Put(buf)
	}
}

// encodeBuffers are the buffers put encodes conversions in: at 50,000
// pages, a new one for each was 200 MB of garbage.
var encodeBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readBuffers are the buffers the caches read a stored record into when
// nothing keeps it after the read: a fresh process pays a page fault for
// each new page of memory, and the explainer's warm build read a
// megabyte of stored pages.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readRecord reads ref's value into a buffer of readBuffers, which keeps
// the array if the read had to grow it. The caller is done with v when it
// gives buf back to putReadBuffer, whether the read failed or not.
func readRecord(ref pack.Ref) (v []byte, buf *[]byte, err error) {
	buf = readBuffers.Get().(*[]byte)
	if v, err = ref.ReadTo(*buf); err == nil {
		*buf = v
	}
	return v, buf, err
}

// putReadBuffer returns buf to readBuffers unless it grew past 1 MiB (a
// rare page that large should not stay in memory).
func putReadBuffer(buf *[]byte) {
	if cap(*buf) <= 1<<20 {
		readBuffers.Put(buf)
	}
}

// fail records the first error reading the HTML of a page.
func (m *mdCache) fail(err error) {
	m.mu.Lock()
	if m.err == nil {
		m.err = err
	}
	m.mu.Unlock()
}

// close commits the cache file when commit is true, closes it, and
// returns the first error reading a page's HTML.
func (m *mdCache) close(commit bool) error {
	if commit {
		m.pack.Commit() // a cache that cannot be saved only makes the next build slower
	}
	m.pack.Close()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// inline converts src, a text of the layouts or the data (markdownify, a
// correction's note), as the build's converter's Inline does, reading the
// HTML from the cache when an earlier build stored it under the same
// settings and data, and storing it otherwise. A nil cache converts.
// The corrections page was the one conversion left in the explainer's
// warm build: 0.8 ms of CPU, before the render stage could start.
func (m *mdCache) inline(b *build, src string) template.HTML {
	if m == nil {
		return template.HTML(b.conv.Inline([]byte(src)))
	}
	k := m.inlineKey(b.site.Digest, src)
	if ref, ok := m.pack.Get(k); ok {
		if v, err := ref.Read(); err == nil {
			return ownedHTML(v)
		}
	}
	h := b.conv.Inline([]byte(src))
	m.pack.Put(k, h) // which does not keep it
	return template.HTML(h)
}

// inlineKey is the key of src's inline conversion under the settings and
// data of digest, which hold the converter's options (raw HTML, callouts,
// embeds).
func (m *mdCache) inlineKey(digest, src string) pack.Key {
	var buf [512]byte
	return sha256.Sum256(appendStrings(append(buf[:0], m.prefix[:]...), "inline", digest, src))
}

// read reads a page's HTML from the cache file, when a layout shows it.
func (m *mdCache) read(ref pack.Ref) template.HTML {
	if ref.Len() == 0 {
		return ""
	}
	b := make([]byte, ref.Len())
	if err := ref.ReadAt(b, 0); err != nil {
		m.fail(err)
		return ""
	}
	return ownedHTML(b)
}

// ownedHTML is b as HTML without a copy: the caller read b for this and
// never uses it again.
func ownedHTML(b []byte) template.HTML {
	if len(b) == 0 {
		return ""
	}
	return template.HTML(unsafe.String(&b[0], len(b)))
}

// The encoding of a conversion: its record without the HTML, which
// follows it in the cache entry.

type encoder struct{ b []byte }

func (e *encoder) int(n int)    { e.b = binary.AppendVarint(e.b, int64(n)) }
func (e *encoder) str(s string) { e.b = appendStrings(e.b, s) }
func (e *encoder) bool(v bool) {
	if v {
		e.int(1)
	} else {
		e.int(0)
	}
}
func (e *encoder) linkUse(l linkUse) {
	e.str(l.dest)
	e.bool(l.image)
	e.str(l.href)
	e.str(l.err)
	e.str(l.target)
	e.str(l.anchor)
}

func (e *encoder) strs(s []string) {
	e.int(len(s))
	for _, x := range s {
		e.str(x)
	}
}

type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) int() int {
	n, w := binary.Varint(d.b)
	if w <= 0 || n < 0 || n > 1<<40 {
		d.bad = true
		return 0
	}
	d.b = d.b[w:]
	return int(n)
}

// count reads a length of a list whose items take at least one byte each.
func (d *decoder) count() int {
	n := d.int()
	if n > len(d.b) {
		d.bad = true
		return 0
	}
	return n
}

func (d *decoder) str() string {
	n, w := binary.Uvarint(d.b)
	if w <= 0 || n > uint64(len(d.b)-w) {
		d.bad = true
		return ""
	}
	s := string(d.b[w : w+int(n)])
	d.b = d.b[w+int(n):]
	return s
}

func (d *decoder) bool() bool { return d.int() == 1 }

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	s := make([]string, n)
	for i := range s {
		s[i] = d.str()
	}
	return s
}

func encodeProblems(e *encoder, ps []markdown.Problem) {
	e.int(len(ps))
	for _, p := range ps {
		e.int(p.Line)
		e.int(p.Col)
		e.str(p.Msg)
	}
}

func decodeProblems(d *decoder) []markdown.Problem {
	n := d.count()
	if n == 0 {
		return nil
	}
	ps := make([]markdown.Problem, n)
	for i := range ps {
		ps[i] = markdown.Problem{Line: d.int(), Col: d.int(), Msg: d.str()}
	}
	return ps
}

// appendConverted appends the encoding of c (without its HTML) and sc to
// b.
func appendConverted(b []byte, c *converted, sc *shortcodeUse) []byte {
	e := &encoder{b: b}
	r := c.res
	e.int(len(r.TOC))
	for _, h := range r.TOC {
		e.int(h.Level)
		e.str(h.ID)
		e.str(h.Text)
		e.int(h.Line)
		e.int(h.Col)
	}
	e.strs(r.IDs)
	e.strs(r.Citations)
	keys := make([]string, 0, len(r.CiteIDs))
	for k := range r.CiteIDs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.int(len(keys))
	for _, k := range keys {
		e.str(k)
		e.strs(r.CiteIDs[k])
	}
	e.str(r.Summary)
	e.int(r.WordCount)
	e.int(len(r.Links))
	for _, l := range r.Links {
		e.str(l.Dest)
		e.bool(l.Image)
		e.str(l.Alt)
		e.int(l.Line)
		e.int(l.Col)
		e.str(l.Lang)
	}
	e.int(len(r.RawLinks))
	for _, l := range r.RawLinks {
		e.str(l.Tag)
		e.str(l.Attr)
		e.str(l.Dest)
		e.int(l.Line)
		e.int(l.Col)
	}
	encodeProblems(e, r.Problems)
	encodeProblems(e, r.Warnings)
	e.int(len(c.links))
	for _, l := range c.links {
		e.linkUse(l)
	}
	e.strs(c.cites)
	e.bool(c.hasCode)
	e.int(len(c.images))
	for _, u := range c.images {
		e.str(u.dest)
		e.str(u.rel)
		e.str(u.sig)
		e.int(u.line)
		e.int(u.col)
	}
	e.bool(sc != nil)
	if sc != nil {
		e.int(sc.line)
		e.int(sc.col)
		e.str(sc.text)
	}
	return e.b
}

// decodeConverted reads what appendConverted wrote; ok is false when v is
// not such an entry.
func decodeConverted(v []byte) (c *converted, sc *shortcodeUse, ok bool) {
	d := &decoder{b: v}
	r := &markdown.Result{}
	if n := d.count(); n > 0 {
		r.TOC = make([]markdown.Heading, n)
		for i := range r.TOC {
			r.TOC[i] = markdown.Heading{Level: d.int(), ID: d.str(), Text: d.str(), Line: d.int(), Col: d.int()}
		}
	}
	r.IDs = d.strs()
	r.Citations = d.strs()
	if n := d.count(); n > 0 {
		r.CiteIDs = make(map[string][]string, n)
		for range n {
			k := d.str()
			r.CiteIDs[k] = d.strs()
		}
	}
	r.Summary = d.str()
	r.WordCount = d.int()
	if n := d.count(); n > 0 {
		r.Links = make([]markdown.Link, n)
		for i := range r.Links {
			r.Links[i] = markdown.Link{Dest: d.str(), Image: d.bool(), Alt: d.str(), Line: d.int(), Col: d.int(), Lang: d.str()}
		}
	}
	if n := d.count(); n > 0 {
		r.RawLinks = make([]markdown.RawLink, n)
		for i := range r.RawLinks {
			r.RawLinks[i] = markdown.RawLink{Tag: d.str(), Attr: d.str(), Dest: d.str(), Line: d.int(), Col: d.int()}
		}
	}
	r.Problems = decodeProblems(d)
	r.Warnings = decodeProblems(d)
	c = &converted{res: r}
	if n := d.count(); n > 0 {
		c.links = make([]linkUse, n)
		for i := range c.links {
			c.links[i] = linkUse{dest: d.str(), image: d.bool(), href: d.str(), err: d.str(), target: d.str(), anchor: d.str()}
		}
	}
	c.cites = d.strs()
	c.hasCode = d.bool()
	if n := d.count(); n > 0 {
		c.images = make([]imageUse, n)
		for i := range c.images {
			c.images[i] = imageUse{dest: d.str(), rel: d.str(), sig: d.str(), line: d.int(), col: d.int()}
		}
	}
	if d.bool() {
		sc = &shortcodeUse{line: d.int(), col: d.int(), text: d.str()}
	}
	if d.bad || len(d.b) != 0 {
		return nil, nil, false
	}
	c.ids = make(map[string]bool, len(r.IDs))
	for _, id := range r.IDs {
		c.ids[id] = true
	}
	return c, sc, true
}
