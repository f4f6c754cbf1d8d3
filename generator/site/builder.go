package site

import (
	"fmt"
	"html/template"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

// Builder rebuilds a site again and again into the same folder, for the
// preview server. It remembers parsed pages, converted Markdown and a key
// of each rendered page, so a rebuild after an edit re-reads, re-converts
// and re-renders only what the edit can have changed, and rewrites only
// files whose bytes changed. The files it leaves in Dest are always those
// a clean Build would write.
//
// What a page's output depends on, and so what invalidates it:
//   - its own source file (Markdown body and front matter);
//   - the targets of its links (re-resolved on every full rebuild);
//   - the layouts, assets, settings and data files (any change re-renders
//     every page);
//   - the front matter, URL and citations of every page, which layouts may
//     show in lists, menus, neighbours and the sources page (any change
//     re-renders every page; Markdown stays cached);
//   - the body fields of other pages (content, summary, TOC, word count,
//     code, ...) that its last render read. Layouts see pages as Page
//     views, which record every such read as it happens, whatever
//     template function made it; a page is rendered again when a value it
//     read changed.
//
// There are two kinds of rebuild. The quick one serves the common edit:
// when every changed path is an existing page whose front matter is
// unchanged (content.Reload), it re-reads and converts those pages alone,
// renders them and the pages that read what changed, and reuses
// everything else of the last good build, unless the edit changed what
// the extras show (a summary in the feeds) or the citations. Anything else
// takes the full rebuild, which walks the whole tree and re-reads files
// whose size or modification time changed, as well as those named as
// changed.
type Builder struct {
	lock  *publish.DestLock
	opts  Options
	cache *highlight.Cache
	memo  *memo
	sync  *publish.Sync
	last  *build // the last good build, for quick rebuilds
}

// memo is what a build reuses of the builds before it and keeps for the
// ones after: parsed pages, converted Markdown by source path, render keys
// and what each render read by output path, parsed layouts, the
// highlighter. A Builder keeps one for all its builds. A one-off build
// (Build, Check) runs the same stages with a new memo that keeps nothing:
// it finds nothing to reuse, and holds no page's Markdown or HTML for a
// later build.
type memo struct {
	keep      bool           // keep conversions and pages for later builds
	content   *content.Cache // nil when not keeping
	dirty     map[string]bool
	mu        sync.Mutex
	md        map[string]*mdEntry // by source path
	nextMD    map[string]*mdEntry // what the current build keeps, when keeping
	pageKeys  map[string]string   // output path → render key of the last good build
	deps      map[string][]dep    // output path → what its last render read of other pages, when anything
	layouts   *layout.Set         // parsed layouts, reused while the files are unchanged
	env       *layout.Env         // what their functions read, updated every build
	hl        *highlight.Highlighter
	syntaxCSS []byte          // the generated highlighting stylesheet
	blank     map[string]bool // output paths of the pages the last good build rendered blank
	links     *pageLinks      // the link check's record of the last good build's pages
	// layoutImages are the images layouts placed with the image function
	// in any good build (content-relative paths): their markup is in
	// pages without being a read of a page, so the global key covers it.
	layoutImages map[string]bool
}

// newMemo returns an empty memo; keep says whether builds keep what they
// make for later ones.
func newMemo(keep bool) *memo {
	m := &memo{keep: keep}
	if keep {
		m.content = content.NewCache()
	}
	return m
}

// mdEntry is one page's converted Markdown and what it was converted
// against.
type mdEntry struct {
	hash, digest string
	conv         *converted
}

// linkUse records one link resolved during conversion.
type linkUse struct {
	dest   string
	image  bool
	href   string
	err    string
	target string // source path of the target page
	anchor string
}

// converted is a page's Markdown converted to HTML, with everything the
// conversion looked up, so that it can be reused when nothing it depends on
// changed.
type converted struct {
	res     *markdown.Result // without its HTML, which is html
	html    template.HTML
	hash    string // of html, for render keys (Builder only)
	links   []linkUse
	cites   []string
	ids     map[string]bool
	hasCode bool
	images  []imageUse
}

// NewBuilder prepares rebuilds of a site into opts.Dest, which it owns
// until Close: files there that the site does not produce are removed by
// the first build, and no `generator build` can replace the folder
// meanwhile (publish.LockDest).
func NewBuilder(opts Options) (*Builder, error) {
	opts.fill()
	if err := publish.CheckDest(opts.Source, opts.Dest, opts.Force); err != nil {
		return nil, err
	}
	if err := checkCacheDir(opts); err != nil {
		return nil, err
	}
	lock, err := publish.LockDest(opts.Dest)
	if err != nil {
		return nil, err
	}
	s, err := publish.NewSync(opts.Dest)
	if err != nil {
		lock.Close()
		return nil, err
	}
	return &Builder{
		lock:  lock,
		opts:  opts,
		cache: openCache(opts),
		memo:  newMemo(true),
		sync:  s,
	}, nil
}

// Dest is the folder the builder writes.
func (b *Builder) Dest() string { return b.opts.Dest }

// Close releases the builder's hold on Dest.
func (b *Builder) Close() error { return b.lock.Close() }

// Build rebuilds the site. changed names the files and folders (absolute,
// or relative to the source) that may have changed since the last call;
// others are re-read only when their size or modification time changed.
// A failed build leaves Dest as it was and returns a diag.List.
func (b *Builder) Build(changed []string) (*Result, error) {
	start := time.Now()
	b.memo.dirty = map[string]bool{}
	var paths []string
	for _, c := range changed {
		if rel, err := filepath.Rel(b.opts.Source, c); err == nil && !strings.HasPrefix(rel, "..") {
			c = filepath.ToSlash(rel)
		}
		b.memo.dirty[c] = true
		paths = append(paths, c)
	}
	if last := b.last; last != nil {
		b.last = nil // until this build succeeds
		if res, ok, err := b.quick(last, paths, start); ok {
			return res, err
		}
	}
	b.memo.nextMD = map[string]*mdEntry{}
	bd := newBuild(b.opts, b.cache, b.memo)
	bd.start = start
	if len(b.memo.md) == 0 {
		// Until a build succeeds, the pages' conversions come from the
		// Markdown cache a build left, as a one-off build's do; later
		// builds find them in the memo.
		bd.md = openMDCache(b.opts)
		defer bd.closeMD(true)
	}
	mem := &memWriter{files: map[string][]byte{}, sync: b.sync}
	bd.out = mem
	if bd.load(); bd.diags.HasErrors() {
		bd.out = discard{}
		bd.render()
		return bd.fail()
	}
	bd.loadDiags = slices.Clone(bd.diags)
	if bd.render(); bd.diags.HasErrors() {
		return bd.fail()
	}
	b.memo.md = b.memo.nextMD
	b.memo.pageKeys, b.memo.deps = bd.newKeys, bd.newDeps
	b.memo.noteLayoutImages(bd)
	b.memo.blank = bd.blank.all
	b.memo.links = bd.links
	b.sync.Begin()
	for _, rel := range bd.kept {
		b.sync.Keep(rel)
	}
	res, err := b.finish(bd, mem, start)
	if err == nil {
		b.last = bd
	}
	return res, err
}

// quick rebuilds after an edit that changed only the bodies of existing
// pages (content.Reload), reusing everything else of the last build: it
// converts the edited pages, and renders them and the pages whose last
// render read a field of theirs. It reports false when the edit needs the
// full rebuild: more than page bodies changed, or what the extras and the
// global key show of an edited page (its summary, its citations) changed.
func (b *Builder) quick(last *build, paths []string, start time.Time) (*Result, bool, error) {
	site, edited, ok := content.Reload(last.site, b.opts.FS, content.Options{Cache: b.memo.content}, paths)
	if !ok {
		return nil, false, nil
	}
	bd := newBuild(b.opts, b.cache, b.memo)
	bd.start = start
	// Everything the content and layouts stages made, but the new version
	// of the site.
	l := *last.loaded
	l.site = site
	bd.loaded = &l
	// What the markdown stage made, over the last build's, which stays as
	// it was: this build converts the edited pages again into its own. The
	// global key and counts, which the edit cannot change.
	bd.marked, bd.totals = last.marked.over(), last.totals
	bd.known, bd.extraOut, bd.links = last.known, last.extraOut, newPageLinks(last.links)
	bd.lap("content")

	isEdited := map[string]bool{}              // by pageID, as deps name pages
	editedPage := make(map[*content.Page]bool) // the same, by page
	for _, p := range edited {
		isEdited[pageID(p)] = true
		editedPage[p] = true
	}
	b.memo.nextMD = b.memo.md // update the conversions in place
	for i, p := range bd.withBody {
		if !editedPage[p] {
			continue
		}
		before, c := last.recs.get(p), bd.convert(p)
		if r := c.rec; r == nil || before == nil || r.summary != before.summary || citeKeys(r.citations) != citeKeys(before.citations) {
			return nil, false, nil // the feeds or every page show the change: rebuild all
		}
		bd.put(i, c)
	}
	bd.diags = slices.Clone(bd.loadDiags)
	for _, ds := range bd.convDiags {
		bd.diags = append(bd.diags, ds...)
	}
	bd.lap("markdown")
	bd.checkPages(bd.withBody, bd.refs)
	bd.lap("check")
	if bd.diags.HasErrors() {
		res, err := bd.fail()
		return res, true, err
	}

	mem := &memWriter{files: map[string][]byte{}}
	bd.out = mem
	// The edited pages, and the pages whose last render read one of them.
	todo := slices.Clone(edited)
	readers := map[string]bool{}
	for out, deps := range b.memo.deps {
		if readsAny(deps, isEdited) {
			readers[out] = true
		}
	}
	if len(readers) > 0 {
		for _, p := range bd.site.All {
			if readers[p.OutPath] && !editedPage[p] {
				todo = append(todo, p)
			}
		}
	}
	bd.renderPages(todo)
	bd.checkLinksWritten()
	bd.lap("render")
	if bd.diags.HasErrors() {
		res, err := bd.fail()
		return res, true, err
	}
	// The extras (feeds, sitemap, aliases, assets, copied files) show only
	// what the global key and the summaries cover, which did not change.
	maps.Copy(b.memo.pageKeys, bd.newKeys)
	b.memo.noteLayoutImages(bd)
	b.memo.blank = bd.blank.all
	bd.links = bd.links.merged()
	b.memo.links = bd.links
	for out := range bd.newKeys {
		if deps := bd.newDeps[out]; len(deps) == 0 {
			delete(b.memo.deps, out)
		} else {
			b.memo.deps[out] = deps
		}
	}
	b.sync.Begin()
	b.sync.KeepAll()
	res, err := b.finish(bd, mem, start)
	if err == nil {
		res.Quick = true
		b.last = bd
	}
	return res, true, err
}

// noteLayoutImages adds the images bd's layouts placed to the memo's.
func (m *memo) noteLayoutImages(bd *build) {
	bd.layoutImgs.Range(func(k, _ any) bool {
		if m.layoutImages == nil {
			m.layoutImages = map[string]bool{}
		}
		m.layoutImages[k.(string)] = true
		return true
	})
}

// readsAny reports whether deps name one of the pages.
func readsAny(deps []dep, pages map[string]bool) bool {
	for _, d := range deps {
		if pages[d.page] {
			return true
		}
	}
	return false
}

// finish writes a good build's files to Dest and returns its result.
func (b *Builder) finish(bd *build, mem *memWriter, start time.Time) (*Result, error) {
	for _, rel := range mem.kept {
		b.sync.Keep(rel)
	}
	for rel, data := range mem.files {
		if err := b.sync.WriteFile(rel, data); err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", rel, err)
		}
	}
	res := bd.result(start)
	res.Changed = b.sync.Finish()
	bd.lap("write")
	res.Stages = bd.stages
	bd.saveHighlights(b.cache)
	return res, nil
}

// cachedConversion returns a page's earlier conversion when its source,
// the settings and data, and every link it resolved are unchanged.
func (b *build) cachedConversion(p *content.Page) *converted {
	e := b.memo.md[p.Path]
	if e == nil || e.hash != content.BodyOf(b.site, p).Hash || e.digest != b.site.Digest+b.i18n.Digest() || !b.lookupsHold(p, e.conv) {
		return nil
	}
	return e.conv
}

// lookupsHold reports whether what conversion c of page p looked up of
// other pages is the same now: every link resolves as it did, and every
// image it placed would be placed the same way.
func (b *build) lookupsHold(p *content.Page, c *converted) bool {
	for _, l := range c.links {
		if b.useLink(p, l.dest, l.image) != l {
			return false
		}
	}
	return b.imagesUnchanged(c)
}

// remember keeps page p's conversion for later builds, when the memo keeps
// them.
func (b *build) remember(p *content.Page, c *converted) {
	if !b.memo.keep {
		return
	}
	b.memo.mu.Lock()
	b.memo.nextMD[p.Path] = &mdEntry{hash: content.BodyOf(b.site, p).Hash, digest: b.site.Digest + b.i18n.Digest(), conv: c}
	b.memo.mu.Unlock()
}

// useLink resolves a link and records what it resolved to.
func (b *build) useLink(p *content.Page, dest string, image bool) linkUse {
	t := resolve(b.site, b.files, p, dest, image)
	u := linkUse{dest: dest, image: image, href: t.href, err: t.err, anchor: t.anchor}
	if t.page != nil {
		u.target = t.page.Path + "|" + t.page.URL
	}
	return u
}
