package site

import (
	"html/template"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
	"github.com/nuhw-explainer/kpstrikes/generator/i18n"
	"github.com/nuhw-explainer/kpstrikes/generator/images"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pool"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

// loaded is what the content and layouts stages make of the source tree:
// everything the later stages read but the pages' bodies. A quick rebuild
// takes its last build's, with the new version of the site.
type loaded struct {
	site    *content.Site
	files   map[string]bool // content-relative paths of copied files
	imgs    *images.Set     // the site's image files
	conv    *markdown.Converter
	i18n    *i18n.Catalog // interface strings, dates and numbers per language
	assets  *layout.Assets
	layouts *layout.Set
	tmplOf  map[*content.Page]string
	// The site's share image (setting image): its URL and file.
	siteImage, siteImageFile string
	outTmpl                  outputTemplates   // layouts/robots.txt, sitemap.xml, atom.xml
	loadDiags                []diag.Diagnostic // problems the two stages found
}

// totals is what the render and extras stages count and key, which an
// edit that a quick rebuild serves cannot change: it takes its last
// build's.
type totals struct {
	global string // globalKey of the build
	pages  int    // pages rendered
	nfiles int    // files written
}

// build is the state of one build.
type build struct {
	*loaded
	*marked
	totals
	opts       Options
	start      time.Time
	cache      *highlight.Cache
	memo       *memo // what the build reuses of earlier builds and keeps for later ones
	out        publish.Writer
	diags      diag.List
	mu         sync.Mutex // guards diags during parallel stages
	check      bool
	extMu      sync.Mutex
	external   []externalRef // check --external: web addresses found in pages
	now        time.Time
	rendered   int
	tmplErrs   map[diag.Diagnostic][]*content.Page // layout errors by error, with the pages they hit
	blank      blankPages                          // pages a layout rendered blank
	partials   sync.Map                            // partialKey → template.HTML (partialCached)
	inline     sync.Map                            // markdownify's results by text: layouts show the same data on many pages
	layoutImgs sync.Map                            // content-relative paths of the images layouts placed (image) → true
	newKeys    map[string]string                   // output path → render key of the pages renderPages saw
	newDeps    map[string][]dep                    // output path → what its render read of other pages
	kept       []string                            // pages whose output was reused
	stages     []Stage
	// spill, when not nil, keeps the pages' HTML between the markdown
	// and render stages of a one-off build.
	spill *spill
	// md, when not nil, is the Markdown cache of a one-off build: it
	// also keeps the HTML of the pages it converts, as spill does.
	md        *mdCache
	fromCache atomic.Int64 // pages whose conversion came from md
	converted atomic.Int64 // pages whose Markdown was converted
	lapStart  time.Time
	lapCPU    time.Duration // processCPU at lapStart (or when the build was made)
	linkCheck               // of rendered pages (layoutlinks.go)
	// yaml, when not nil, keeps a one-off build's parsed data files.
	yaml *yamlCache
	// rcache, when not nil, is the render cache of a one-off build.
	rcache *renderCache
	// renderDiags counts the problems the render stage reported;
	// renderedFromCache the pages whose output came from rcache.
	renderDiags, renderedFromCache int
}

// lap records the time since the previous lap (or the start of the build)
// as the stage name.
func (b *build) lap(name string) {
	now, cpu := time.Now(), processCPU()
	if b.lapStart.IsZero() {
		b.lapStart = b.start
	}
	b.stages = append(b.stages, Stage{Name: name, Took: now.Sub(b.lapStart), CPU: cpu - b.lapCPU})
	b.lapStart, b.lapCPU = now, cpu
}

func newBuild(opts Options, cache *highlight.Cache, m *memo) *build {
	b := &build{loaded: &loaded{}, marked: newMarked(), opts: opts, cache: cache, memo: m, start: time.Now(), lapCPU: processCPU()}
	b.now = opts.AsOf
	if b.now.IsZero() {
		b.now = b.start
	}
	return b
}

// markdownify is the layouts' markdownify: text converted once per build.
func (b *build) markdownify(src string) template.HTML {
	if h, ok := b.inline.Load(src); ok {
		return h.(template.HTML)
	}
	h := b.md.inline(b, src)
	b.inline.Store(src, h)
	return h
}

// saveHighlights saves the highlight cache, if any, after a good build.
// Pages from the Markdown cache looked up none of their code blocks: when
// there were any, it keeps every entry. A cache that cannot be saved only
// makes the next build slower.
func (b *build) saveHighlights(cache *highlight.Cache) {
	if cache == nil {
		return
	}
	if b.fromCache.Load() > 0 {
		cache.KeepAll()
	}
	cache.Save()
}

// closeMD closes the Markdown cache and the YAML cache, if any, committing
// them when commit is true, and returns the first error reading a page's
// HTML from the Markdown cache.
func (b *build) closeMD(commit bool) error {
	if b.yaml != nil {
		b.yaml.close(commit)
		b.yaml = nil
	}
	if b.md == nil {
		return nil
	}
	err := b.md.close(commit)
	b.md = nil
	return err
}

// closeRender closes the render cache, if any, committing it when commit
// is true.
func (b *build) closeRender(commit bool) {
	if b.rcache != nil {
		b.rcache.close(b, commit)
		b.rcache = nil
	}
}

// closeSpill closes the spill file, if any, and returns its first error.
func (b *build) closeSpill() error {
	if b.spill == nil {
		return nil
	}
	err := b.spill.close()
	b.spill = nil
	return err
}

func (b *build) addDiags(ds ...diag.Diagnostic) {
	b.mu.Lock()
	b.diags = append(b.diags, ds...)
	b.mu.Unlock()
}

func (b *build) fail() (*Result, error) {
	b.diags.Sort()
	return &Result{Diags: b.diags}, b.diags
}

func (b *build) result(start time.Time) *Result {
	b.diags.Sort()
	var notes []string
	if b.site.BaseURL == "" {
		notes = append(notes, "no base URL, so sitemap.xml and the Atom feeds were not written (they need absolute addresses): pass --base-url https://… or set base_url in content/site.yaml")
	}
	var st images.Stats
	if b.imgs != nil {
		st = b.imgs.Stats()
	}
	return &Result{Images: st.Images, ImagesEncoded: st.Encoded, Notes: notes, Waiting: b.site.Waiting, NextChange: b.site.NextChange, BaseURL: b.site.BaseURL, Pages: b.pages, Files: b.nfiles, Rendered: b.rendered, RenderedFromCache: b.renderedFromCache, Converted: int(b.converted.Load()), FromCache: int(b.fromCache.Load()), Diags: b.diags, Elapsed: time.Since(start), Stages: b.stages}
}

// parallel runs f(i) for i in [0, n) on all cores.
func parallel(n int, f func(i int)) { pool.Run(n, runtime.GOMAXPROCS(0), f) }

// progress returns a function to call once per finished item of a stage;
// it reports to Options.Progress every 1% of the items.
func (b *build) progress(stage string, total int) func() {
	report := b.opts.Progress
	if report == nil {
		return func() {}
	}
	return pool.Ticker(total, func(done int) { report(stage, done, total) })
}

// load runs the content and layouts stages.
func (b *build) load() {
	copts := content.Options{Drafts: b.opts.Drafts, BaseURL: b.opts.BaseURL, Now: b.now, NowLocal: b.opts.AsOfLocal, LastCommits: b.lastCommits}
	// A memo that keeps nothing for a next build (a one-off build) has no
	// content cache: the pages' bodies are read again when converted, so
	// that a large site's Markdown is not all in memory at once.
	copts.Cache, copts.Dirty, copts.DropBodies = b.memo.content, b.memo.dirty, !b.memo.keep
	if b.yaml != nil { // not a nil *yamlCache in the interface
		copts.YAML = b.yaml
	}
	if report := b.opts.Progress; report != nil {
		copts.Progress = func(done, total int) { report("content", done, total) }
	}
	// The layouts are parsed beside the content stage, as soon as the
	// settings name the site's languages: alone, they kept one core of
	// two idle for a tenth of the explainer's build. Their functions read
	// the one env, filled below once the content is loaded.
	if b.memo.env == nil {
		b.memo.env = &layout.Env{}
	}
	env, prev := b.memo.env, b.memo.layouts
	parsed := make(chan parsedLayouts, 1)
	copts.Settings = func(st content.Settings) {
		langs := siteLanguages(&st)
		go func() { parsed <- parseLayouts(b.opts.FS, env, langs, prev, copts.YAML) }()
	}
	s, ds := content.Load(b.opts.FS, copts)
	b.lap("content")
	if b.opts.Schedule != nil {
		b.opts.Schedule(s.Waiting, s.Expired, s.NextChange)
	}
	b.site = s
	b.diags = append(b.diags, ds...)
	b.imgs = newImageSet(b.opts, s)
	b.files = make(map[string]bool, len(s.Files))
	for _, f := range s.Files {
		b.files[f.OutPath] = true
	}

	// The highlighter (with its prepared lexers: 17 ms for Python) and the
	// stylesheet serve all the builds of a Builder.
	if b.memo.syntaxCSS == nil {
		b.memo.hl, b.memo.syntaxCSS = highlight.New(b.cache), highlight.Stylesheet()
	}
	hl, css := b.memo.hl, b.memo.syntaxCSS
	if b.opts.NoHighlight {
		hl = nil
	}
	b.conv = markdown.New(markdown.Options{UnsafeHTML: s.UnsafeHTML, Highlighter: hl, Callouts: s.Callouts, EmbedHosts: s.EmbedHosts})
	assets, ads := layout.LoadAssets(b.opts.FS, map[string][]byte{"css/syntax.css": css})
	b.assets = assets
	b.diags = append(b.diags, ads...)
	b.checkAssetClashes()
	b.loadSiteImage()
	pl := <-parsed
	*env = layout.Env{
		BaseURL:     s.BaseURL,
		Asset:       assets.Get,
		Markdownify: b.markdownify,
		Sources:     s.SourceByKey,
		Schema:      b.schema,
		Image:       b.layoutImage,
		Partial:     b.partialCached,
		I18n:        pl.cat,
	}
	b.i18n, b.outTmpl, b.layouts = pl.cat, pl.outTmpl, pl.set
	b.diags = append(b.diags, pl.ds...)
	b.lap("layouts")
	if pl.failed {
		return
	}
	b.memo.layouts = pl.set
	set := pl.set
	b.tmplOf = make(map[*content.Page]string, len(s.All))
	for _, p := range s.All {
		name, err := set.Lookup(p)
		if p == siteOf(s, p).CorrectionsPage && p.Path == "" && set.Has("corrections.html") {
			name, err = "corrections.html", nil
		}
		if err != nil {
			pos := p.FieldPos["layout"]
			path := p.Path
			if path == "" {
				path = "layouts"
			}
			b.diags = append(b.diags, diag.Diagnostic{Path: path, Line: pos.Line, Col: pos.Col, Msg: err.Error()})
			continue
		}
		b.tmplOf[p] = name
	}
}

// parsedLayouts is what the layouts stage reads: the interface strings of
// every language, the override templates (robots.txt, sitemap.xml,
// atom.xml) and the layouts, with their problems in that order.
type parsedLayouts struct {
	cat     *i18n.Catalog
	outTmpl outputTemplates
	set     *layout.Set
	ds      diag.List
	failed  bool // the layouts have errors: the pages cannot be rendered
}

// parseLayouts reads the layouts of a site in languages langs, with
// functions that read env when a layout runs. It reuses prev, the parsed
// layouts of the last build, when their files are unchanged. It changes
// nothing (env is read only when a layout runs), so that it runs beside
// the content stage. The strings files are parsed through store, as the
// content's YAML is.
func parseLayouts(fsys fs.FS, env *layout.Env, langs []i18n.Language, prev *layout.Set, store content.YAMLStore) parsedLayouts {
	var pl parsedLayouts
	cat, ds := i18n.Load(fsys, langs, store)
	pl.cat, pl.ds = cat, ds
	funcs := layout.Funcs(env)
	var ods diag.List
	pl.outTmpl, ods = loadOutputTemplates(fsys, funcs)
	pl.ds = append(pl.ds, ods...)
	set, lds := layout.LoadLangs(fsys, funcs, langFuncs(env, cat), prev)
	pl.set, pl.failed = set, lds.HasErrors()
	pl.ds = append(pl.ds, lds...)
	if !pl.failed {
		pl.ds = append(pl.ds, checkTCalls(set, cat)...)
	}
	return pl
}

// render runs the markdown, check, render and extras stages.
func (b *build) render() {
	b.startLinkCheck()
	b.marked = b.markdown()
	for _, ds := range b.convDiags {
		b.diags = append(b.diags, ds...)
	}
	b.lap("markdown")
	b.citeSources(b.withBody)
	b.checkPages(b.withBody, b.refs)
	if b.opts.LinksWarn {
		for i, d := range b.diags {
			if isLinkProblem(d) {
				b.diags[i].Severity = diag.Warning
			}
		}
	}
	b.lap("check")
	if b.diags.HasErrors() || b.layouts == nil || b.tmplOf == nil {
		return
	}
	if b.rcache != nil {
		b.rcache.startRender(b)
	}
	b.global = b.globalKey()
	n := len(b.diags)
	b.renderPages(b.site.All)
	b.renderDiags = len(b.diags) - n
	b.pages = len(b.tmplOf)
	b.nfiles += b.pages
	b.keepLinks()
	b.lap("render")
	if b.diags.HasErrors() {
		return
	}
	b.writeExtras()
	b.checkLinksWritten()
	b.lap("extras")
}

// citeSources fills each source's CitedBy with the pages citing it, in
// URL order. The sources are the ones this build's content stage loaded
// (content.Load copies them for each load); a quick rebuild, whose edits
// changed no citation, keeps them as the last build filled them.
func (b *build) citeSources(pages []*content.Page) {
	for _, p := range pages { // pages are in URL order
		for _, c := range b.recs.get(p).cited() {
			c.Source.CitedBy = append(c.Source.CitedBy, p)
		}
	}
}

// checkPages checks anchors between pages and required citations.
func (b *build) checkPages(pages []*content.Page, refs [][]anchorRef) {
	for _, rs := range refs {
		for _, r := range rs {
			if !b.recs.get(r.target).has(r.anchor) {
				where := r.target.Path
				if r.target == r.from {
					where = "this page"
				}
				b.diags.Add(r.from.Path, r.line, r.col, "link %s: %s has no heading or element with id %q%s", r.dest, where, r.anchor, suggestAnchor(b.recs.get(r.target).idSet(), r.dest, r.anchor))
			}
		}
	}
	for _, p := range pages {
		if p.NeedsCitations && len(b.recs.get(p).cited()) == 0 {
			pos := p.FieldPos["needs_citations"]
			b.diags.Add(p.Path, pos.Line, pos.Col, "this page says needs_citations: true but cites no source; add citations such as [@key]")
		}
	}
	if b.check {
		b.editorialChecks(pages)
	}
}
