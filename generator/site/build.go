package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"runtime"
	"strings"
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

// build is the state of one build.
type build struct {
	*loaded
	opts      Options
	start     time.Time
	cache     *highlight.Cache
	imageUses *layered[*content.Page, []imageUse] // images each page's Markdown places
	memo      *memo                               // what the build reuses of earlier builds and keeps for later ones
	out       publish.Writer
	diags     diag.List
	mu        sync.Mutex // guards diags during parallel stages
	check     bool
	extMu     sync.Mutex
	external  []externalRef // check --external: web addresses found in pages
	now       time.Time
	pages     int
	nfiles    int
	rendered  int
	tmplErrs  map[diag.Diagnostic][]*content.Page // layout errors by error, with the pages they hit
	blank     blankPages                          // pages a layout rendered blank
	recs      *layered[*content.Page, *rendered]  // what the markdown stage made of each page with a body
	partials  sync.Map                            // partialKey → template.HTML (partialCached)
	newKeys   map[string]string                   // output path → render key of the pages renderPages saw
	newDeps   map[string][]dep                    // output path → what its render read of other pages
	kept      []string                            // pages whose output was reused
	stages    []Stage
	// spill, when not nil, keeps the pages' HTML between the markdown
	// and render stages of a one-off build.
	spill    *spill
	lapStart time.Time
	lapCPU   time.Duration // processCPU at lapStart (or when the build was made)
	// Kept by a Builder for the quick rebuild after an edit.
	withBody  []*content.Page     // pages with a source file, in URL order
	refs      [][]anchorRef       // by withBody index: links to anchors
	convDiags [][]diag.Diagnostic // by withBody index: problems in the Markdown
	global    string              // globalKey of the build
	linkCheck                     // of rendered pages (layoutlinks.go)
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
	b := &build{loaded: &loaded{}, opts: opts, cache: cache, memo: m, recs: newLayered[*content.Page, *rendered](nil), start: time.Now(), lapCPU: processCPU()}
	b.now = opts.AsOf
	if b.now.IsZero() {
		b.now = b.start
	}
	return b
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
	return &Result{Images: st.Images, ImagesEncoded: st.Encoded, Notes: notes, Waiting: b.site.Waiting, NextChange: b.site.NextChange, BaseURL: b.site.BaseURL, Pages: b.pages, Files: b.nfiles, Rendered: b.rendered, Diags: b.diags, Elapsed: time.Since(start), Stages: b.stages}
}

// parallel runs f(i) for i in [0, n) on all cores.
func parallel(n int, f func(i int)) { pool.Run(n, runtime.GOMAXPROCS(0), f) }

// progress returns a function to call once per finished item of a stage;
// it reports to Options.Progress every 1% of the items.
func (b *build) progress(stage string, total int) func() {
	report := b.opts.Progress
	if report == nil || total == 0 {
		return func() {}
	}
	var done atomic.Int64
	step := int64(max(1, total/100))
	return func() {
		if n := done.Add(1); n%step == 0 || n == int64(total) {
			report(stage, int(n), total)
		}
	}
}

// load runs the content and layouts stages.
func (b *build) load() {
	copts := content.Options{Drafts: b.opts.Drafts, BaseURL: b.opts.BaseURL, Now: b.now, NowLocal: b.opts.AsOfLocal, LastCommits: b.lastCommits}
	// A memo that keeps nothing for a next build (a one-off build) has no
	// content cache: the pages' bodies are read again when converted, so
	// that a large site's Markdown is not all in memory at once.
	copts.Cache, copts.Dirty, copts.DropBodies = b.memo.content, b.memo.dirty, !b.memo.keep
	s, ds := content.Load(b.opts.FS, copts)
	b.lap("content")
	if b.opts.Schedule != nil {
		b.opts.Schedule(s.Waiting, s.Expired, s.NextChange)
	}
	b.site = s
	b.diags = append(b.diags, ds...)
	b.imgs = newImageSet(b.opts, s)
	b.imageUses = newLayered[*content.Page, []imageUse](nil)
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
	// The parsed layouts of the last build are reused while their files
	// are unchanged; their functions read the one env, updated here.
	if b.memo.env == nil {
		b.memo.env = &layout.Env{}
	}
	env := b.memo.env
	*env = layout.Env{
		BaseURL:     s.BaseURL,
		Asset:       assets.Get,
		Markdownify: func(src string) template.HTML { return template.HTML(b.conv.Inline([]byte(src))) },
		Sources:     s.SourceByKey,
		Schema:      b.schema,
		Image:       b.layoutImage,
		Partial:     b.partialCached,
	}
	funcs, langs := b.loadStrings(env)
	b.loadOutputTemplates(funcs)
	set, lds := layout.LoadLangs(b.opts.FS, funcs, langs, b.memo.layouts)
	if !lds.HasErrors() {
		b.memo.layouts = set
	}
	b.layouts = set
	b.diags = append(b.diags, lds...)
	if !lds.HasErrors() {
		b.diags = append(b.diags, checkTCalls(set, b.i18n)...)
	}
	b.lap("layouts")
	if lds.HasErrors() {
		return
	}
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

// anchorRef is a link to an anchor on another page, checked once every
// page's ids are known.
type anchorRef struct {
	from      *content.Page
	line, col int
	target    *content.Page
	anchor    string
	dest      string
}

// render runs the markdown, check, render and extras stages.
func (b *build) render() {
	s := b.site
	b.withBody = nil
	b.startLinkCheck()
	for _, p := range s.All {
		if p.Path != "" {
			b.withBody = append(b.withBody, p)
		}
	}
	n := len(b.withBody)
	b.refs, b.convDiags = make([][]anchorRef, n), make([][]diag.Diagnostic, n)
	recs := make([]*rendered, n)
	tick := b.progress("markdown", n)
	parallel(n, func(i int) {
		recs[i], b.refs[i], b.convDiags[i] = b.convert(b.withBody[i])
		tick()
	})
	for i, ds := range b.convDiags {
		b.diags = append(b.diags, ds...)
		if recs[i] != nil {
			b.recs.set(b.withBody[i], recs[i])
		}
	}
	b.fillCorrectionsPage()
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
	b.global = b.globalKey()
	b.renderPages(b.site.All)
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

// convert turns one page's Markdown into HTML and returns what it made of
// the page, its links to anchors on other pages and the problems found.
func (b *build) convert(p *content.Page) (*rendered, []anchorRef, []diag.Diagnostic) {
	s := b.site
	// The body, read again from the file after a load that kept none
	// (a one-off build), and not kept.
	body, err := content.ReadBody(b.opts.FS, s, p)
	if err != nil {
		return nil, nil, []diag.Diagnostic{{Path: p.Path, Line: 1, Col: 1, Msg: err.Error()}}
	}
	c := b.cachedConversion(p)
	if c == nil {
		c = &converted{}
		numbers := map[string]int{}
		pc := &markdown.PageContext{
			ResolveLink: func(dest string, image bool) (string, error) {
				u := b.useLink(p, dest, image)
				c.links = append(c.links, u)
				if u.err != "" {
					return "", errors.New(u.err)
				}
				return u.href, nil
			},
			Cite: func(key string) (int, error) {
				if n, ok := numbers[key]; ok {
					return n, nil
				}
				if s.SourceByKey[key] == nil {
					return 0, fmt.Errorf("unknown source %q%s", key, content.SourceHint(s, key))
				}
				c.cites = append(c.cites, key)
				numbers[key] = len(c.cites)
				return len(c.cites), nil
			},
		}
		pc.Image, pc.Text = b.imageHook(p, c), b.textHook(p)
		if err := markdownBudget(body); err != nil {
			return nil, nil, []diag.Diagnostic{{Path: p.Path, Line: 1, Col: 1, Msg: err.Error()}}
		}
		res, err := b.conv.Convert(body, pc)
		if err != nil {
			return nil, nil, []diag.Diagnostic{{Path: p.Path, Line: 1, Col: 1, Msg: err.Error()}}
		}
		c.res = res
		positionImages(c.images, res.Links)
		c.ids = make(map[string]bool, len(res.IDs))
		for _, id := range res.IDs {
			c.ids[id] = true
		}
		c.hasCode = bytes.Contains(res.HTML, []byte(`<pre class="chroma"`))
		sum := sha256.Sum256(res.HTML)
		c.hash = hex.EncodeToString(sum[:])
		c.html = template.HTML(res.HTML)
		res.HTML = nil // held once, as c.html
	}
	b.remember(p, c)
	if b.check && b.opts.External {
		b.noteExternal(p, c.res.Links)
	}
	b.mu.Lock()
	b.imageUses.set(p, c.images)
	b.mu.Unlock()
	res := c.res
	var ds []diag.Diagnostic
	for _, pr := range res.Problems {
		ds = append(ds, diag.Diagnostic{Path: p.Path, Line: pr.Line, Col: pr.Col, Msg: pr.Msg})
	}
	for _, pr := range res.Warnings {
		ds = append(ds, diag.Diagnostic{Path: p.Path, Line: pr.Line, Col: pr.Col, Severity: diag.Warning, Msg: pr.Msg})
	}
	if d := shortcodeProblem(p, body); d != nil {
		ds = append(ds, *d)
	}
	var cites []*content.Citation
	seen := map[string]bool{}
	keys := append([]string(nil), c.cites...)
	for _, r := range p.ParamCites {
		if s.SourceByKey[r.Key] == nil {
			ds = append(ds, diag.Diagnostic{Path: p.Path, Line: r.Pos.Line, Col: r.Pos.Col, Msg: fmt.Sprintf("unknown source %q%s", r.Key, content.SourceHint(s, r.Key))})
			continue
		}
		keys = append(keys, r.Key)
	}
	entries := dataEntries(s, p)
	for _, key := range append(keys, dataKeys(s, p)...) {
		if !seen[key] {
			seen[key] = true
			// The source as the page's language sees it (its note translated).
			cites = append(cites, &content.Citation{Number: len(cites) + 1, Source: siteOf(s, p).SourceByKey[key], Refs: res.CiteIDs[key], Entries: entries[key]})
		}
	}
	r := &rendered{
		content:   c.html,
		hash:      c.hash,
		toc:       res.TOC,
		links:     res.Links,
		ids:       c.ids,
		summary:   p.Description,
		words:     res.WordCount,
		minutes:   max(1, (res.WordCount+115)/230),
		hasCode:   c.hasCode,
		citations: cites,
		rawLinks:  res.RawLinks,
	}
	if r.summary == "" {
		r.summary = res.Summary
	}
	if b.spill != nil && r.content != "" {
		if ref, ok := b.spill.put(string(r.content)); ok {
			r.content, r.spill, r.spilled = "", b.spill, ref
		}
	}
	var refs []anchorRef
	next := 0 // c.links are in the order of res.Links
	for _, l := range c.links {
		line, col, mark := 1, 1, ""
		for i := next; i < len(res.Links); i++ {
			if res.Links[i].Dest == l.dest && res.Links[i].Image == l.image {
				line, col, mark, next = res.Links[i].Line, res.Links[i].Col, res.Links[i].Lang, i+1
				break
			}
		}
		if d := crossLanguage(s, p, l, mark, line, col); d != nil && b.check {
			ds = append(ds, *d)
		}
		if l.err != "" || l.anchor == "" {
			continue
		}
		target := p
		if l.target != "" {
			target = s.ByPath[strings.TrimPrefix(strings.SplitN(l.target, "|", 2)[0], "content/")]
		}
		if target == nil {
			continue
		}
		refs = append(refs, anchorRef{from: p, line: line, col: col, target: target, anchor: l.anchor, dest: l.dest})
	}
	ds, refs = b.checkRawLinks(p, res.RawLinks, ds, refs)
	return r, refs, ds
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
