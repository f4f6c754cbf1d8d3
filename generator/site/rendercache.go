package site

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pack"
)

// renderCache keeps each page's rendered HTML between one-off builds, in
// the cache folder beside the Markdown cache: a build runs the layouts
// only for the pages whose output it cannot reuse. Running the layouts is
// most of a build whose Markdown comes from its cache (the explainer:
// two thirds).
//
// A page's output is reused by the render key the preview server's memo
// uses (see Builder): the build's global key (settings, data, layouts,
// assets, strings, and the front matter, place, dates and citations of
// every page), the page's own body, and the current values of every field
// its last render read of other pages, which were recorded as it read
// them. The global key of the stored pages is kept once in the file; each
// page's entry holds the rest of its key, what its render read, the
// record the link check keeps of it, and its HTML. Everything is also
// keyed by this generator (executable and build information) and the
// options that change what is built (--base-url, --drafts, --no-highlight,
// link warnings).
//
// The file is committed only by a good build whose render stage reported
// nothing: a page whose render gave a warning is rendered again, so that
// the warning is given again. A damaged or foreign file is ignored (see
// package pack).
type renderCache struct {
	pack   *pack.Pack
	prefix [32]byte // hashed into every key
	// What the stored pages were rendered under: the build's global key
	// and the images layouts placed, which the global key covers.
	global       string
	layoutImages []string
	reused       atomic.Int64 // pages whose output came from the cache
}

// renderCacheMagic starts a render cache file of this format.
var renderCacheMagic = [8]byte{'K', 'P', 'R', 'N', 'P', 'K', 0, 1}

// openRenderCache opens the render cache of the site opts builds, or
// returns nil when there is none to use (no cache folder, or the file
// cannot be opened): the build then renders every page.
func openRenderCache(opts Options) *renderCache {
	p := openSitePack(opts, "render", renderCacheMagic)
	if p == nil {
		return nil
	}
	c := &renderCache{pack: p}
	c.prefix = sha256.Sum256(appendStrings(nil, "kpstrikes/render", generatorIdentity(),
		strconv.FormatBool(opts.NoHighlight), strconv.FormatBool(opts.Drafts), strconv.FormatBool(opts.LinksWarn), opts.BaseURL))
	if ref, ok := p.Get(c.stateKey()); ok {
		if v, err := ref.Read(); err == nil {
			d := decoder{b: v}
			global, imgs := d.str(), d.strs()
			if !d.bad && len(d.b) == 0 {
				c.global, c.layoutImages = global, imgs
			}
		}
	}
	return c
}

// openSitePack opens the pack file name-<site>.cache of the site opts
// builds in the cache folder, or returns nil.
func openSitePack(opts Options, name string, magic [8]byte) *pack.Pack {
	dir := cacheDir(opts)
	if dir == "" || generatorIdentity() == "" {
		return nil
	}
	root, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil
	}
	site := sha256.Sum256([]byte(root))
	p, err := pack.Open(filepath.Join(dir, name+"-"+hex.EncodeToString(site[:8])+".cache"), magic)
	if err != nil {
		return nil
	}
	return p
}

func (c *renderCache) stateKey() pack.Key {
	return sha256.Sum256(append(c.prefix[:], "state"...))
}

func (c *renderCache) pageKey(out string) pack.Key {
	return sha256.Sum256(appendStrings(append([]byte(nil), c.prefix[:]...), "page", out))
}

// storedPage is a page's entry in the render cache.
type storedPage struct {
	key   string // the page's render key without the global key (build.localKey)
	deps  []dep  // what its render read of other pages
	blank bool   // its layout wrote only white space
	ids   string // the link check's record of it (pageLinks)
	refs  []outRef
	html  []byte // its output file
}

func appendStoredPage(b []byte, s *storedPage) []byte {
	e := encoder{b: b}
	e.str(s.key)
	e.int(len(s.deps))
	for _, d := range s.deps {
		e.str(d.page)
		e.str(d.field)
	}
	e.bool(s.blank)
	e.str(s.ids)
	e.int(len(s.refs))
	for _, r := range s.refs {
		e.str(r.attr)
		e.str(r.value)
		e.str(r.target)
		e.str(r.frag)
		e.str(r.broken)
	}
	return append(e.b, s.html...)
}

func decodeStoredPage(v []byte) (*storedPage, bool) {
	d := decoder{b: v}
	s := &storedPage{key: d.str()}
	if n := d.count(); n > 0 {
		s.deps = make([]dep, n)
		for i := range s.deps {
			s.deps[i] = dep{page: d.str(), field: d.str()}
		}
	}
	s.blank, s.ids = d.bool(), d.str()
	if n := d.count(); n > 0 {
		s.refs = make([]outRef, n)
		for i := range s.refs {
			s.refs[i] = outRef{attr: d.str(), value: d.str(), target: d.str(), frag: d.str(), broken: d.str()}
		}
	}
	if d.bad {
		return nil, false
	}
	s.html = d.b
	return s, true
}

// reuse writes page p's stored output when its render key is the one it
// was rendered under, and records what its render would have: whether it
// is blank, and its links and ids for the link check. It reports whether
// it did.
func (c *renderCache) reuse(b *build, p *content.Page) bool {
	if c.global != b.global {
		return false
	}
	ref, ok := c.pack.Get(c.pageKey(p.OutPath))
	if !ok {
		return false
	}
	v, buf, err := readRecord(ref)
	defer putReadBuffer(buf)
	if err != nil {
		return false
	}
	s, ok := decodeStoredPage(v) // its html is v's; written below, not kept
	if !ok || b.localKey(p, s.deps) != s.key {
		return false
	}
	b.noteBlank(p, s.blank)
	if b.known != nil {
		b.links.set(p.OutPath, s.ids, s.refs)
	}
	b.write(p, s.html)
	c.reused.Add(1)
	return true
}

// startRender prepares the render stage of build b: the images the stored
// pages' layouts placed, which the global key covers.
func (c *renderCache) startRender(b *build) {
	b.memo.layoutImages = map[string]bool{}
	for _, rel := range c.layoutImages {
		b.memo.layoutImages[rel] = true
	}
}

// keeps reports whether the build keeps what it renders. The first build
// of this generator with these options in the cache folder (the file
// holds no state of theirs) keeps only the state: a site built only once,
// as in a CI job that keeps no cache folder, would otherwise write every
// page a second time for nothing (118 MB at 10,000 pages). The build
// after it keeps its pages.
func (c *renderCache) keeps() bool { return c.global != "" }

// put stores page p's output as this build rendered it, when the build
// keeps what it renders.
func (c *renderCache) put(b *build, p *content.Page, s *storedPage) {
	if !c.keeps() {
		return
	}
	s.key = b.localKey(p, s.deps)
	buf := encodeBuffers.Get().(*[]byte)
	*buf = appendStoredPage((*buf)[:0], s)
	c.pack.Put(c.pageKey(p.OutPath), *buf)
	if cap(*buf) <= 1<<20 {
		encodeBuffers.Put(buf)
	}
}

// close commits the cache when commit is true (after a good build whose
// render stage reported nothing) and closes it. The stored pages are now
// under this build's global key, with the images its layouts placed
// added to those of the pages it reused.
func (c *renderCache) close(b *build, commit bool) {
	if commit {
		b.memo.noteLayoutImages(b) // startRender put the stored pages' in
		imgs := slices.Sorted(maps.Keys(b.memo.layoutImages))
		// The global key b rendered under holds the stored pages' images:
		// it changes only when b's layouts placed others.
		global, placed := b.global, !slices.Equal(imgs, c.layoutImages)
		if placed {
			global = b.globalKey()
		}
		if placed || global != c.global {
			e := encoder{}
			e.str(global)
			e.strs(imgs)
			c.pack.Put(c.stateKey(), e.b)
		}
		c.pack.Commit() // a cache that cannot be saved only makes the next build slower
	}
	c.pack.Close()
}

// conversionID stands for the HTML of a one-off build's conversion c of a
// page, stored in the Markdown cache under k, in render keys (a Builder
// hashes the HTML itself): k covers everything the conversion read but
// other pages, and what it looked up of those is added, as the Markdown
// cache reuses a conversion exactly when both are unchanged. Hashing this
// build's HTML of every page would cost a cold build of 10,000 pages about
// a tenth of a second.
func conversionID(k pack.Key, c *converted) string {
	e := encoder{b: append([]byte("kpstrikes/conversion\x00"), k[:]...)}
	for _, l := range c.links {
		e.linkUse(l)
	}
	e.int(-1)
	for _, u := range c.images {
		e.str(u.rel)
		e.str(u.sig)
	}
	sum := sha256.Sum256(e.b)
	return hex.EncodeToString(sum[:])
}
