package site

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// templateError records a layout error met while rendering page p. The
// same error on many pages is reported once (see reportTemplateErrors).
func (b *build) templateError(err error, p *content.Page) {
	d, ok := err.(diag.Diagnostic)
	if !ok {
		d = diag.Diagnostic{Path: "layouts", Msg: err.Error()}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tmplErrs == nil {
		b.tmplErrs = map[diag.Diagnostic][]*content.Page{}
	}
	d.Msg, _, _ = strings.Cut(d.Msg, " (while rendering ")
	b.tmplErrs[d] = append(b.tmplErrs[d], p)
}

// reportTemplateErrors adds one diagnostic per distinct layout error,
// naming the first page it happened on (a page with a source file first,
// then by URL) and how many more.
func (b *build) reportTemplateErrors() {
	for d, pages := range b.tmplErrs {
		sort.Slice(pages, func(i, j int) bool {
			if (pages[i].Path == "") != (pages[j].Path == "") {
				return pages[i].Path != "" // name a source file when there is one
			}
			return pages[i].URL < pages[j].URL
		})
		src := pages[0].Path
		if src == "" {
			src = "the generated page " + pages[0].URL
		}
		switch n := len(pages) - 1; n {
		case 0:
			d.Msg += " (while rendering " + src + ")"
		case 1:
			d.Msg += " (while rendering " + src + " and 1 other page)"
		default:
			d.Msg += fmt.Sprintf(" (while rendering %s and %d other pages)", src, n)
		}
		b.diags = append(b.diags, d)
	}
	b.tmplErrs = nil
}

// renderPages runs pages through their layouts and writes them, except a
// page whose render key is the one the memo holds from an earlier build:
// the same layouts, settings and front matter of every page, the same
// body, and the same values of every field its last render read of other
// pages (a one-off build's memo holds none). It records each page's key
// and what its render read in newKeys and newDeps, and the pages it kept
// in kept.
func (b *build) renderPages(pages []*content.Page) {
	keys := make([]string, len(pages))
	deps := make([][]dep, len(pages))
	reused := make([]bool, len(pages))
	var rendered atomic.Int64
	tick := b.progress("render", len(pages))
	parallel(len(pages), func(i int) {
		defer tick()
		p := pages[i]
		if _, ok := b.tmplOf[p]; !ok {
			return
		}
		if prev, ok := b.memo.pageKeys[p.OutPath]; ok {
			deps[i] = b.memo.deps[p.OutPath]
			if keys[i] = b.pageKey(p, deps[i]); keys[i] == prev {
				reused[i] = true
				return
			}
		}
		if b.rcache != nil && b.rcache.reuse(b, p) {
			return
		}
		rendered.Add(1)
		deps[i] = b.renderPage(p)
		if b.memo.keep { // a one-off build's keys would serve no later build
			keys[i] = b.pageKey(p, deps[i])
		}
	})
	b.rendered += int(rendered.Load())
	if b.rcache != nil {
		b.renderedFromCache = int(b.rcache.reused.Load())
	}
	b.reportTemplateErrors()
	b.checkBlankLayouts(b.memo.blank)
	b.newKeys = make(map[string]string, len(pages))
	b.newDeps = map[string][]dep{}
	for i, p := range pages {
		if keys[i] == "" {
			continue
		}
		b.newKeys[p.OutPath] = keys[i]
		if len(deps[i]) > 0 {
			b.newDeps[p.OutPath] = deps[i]
		}
		if reused[i] {
			b.kept = append(b.kept, p.OutPath)
		}
	}
}

// renderPage runs one page through its layout and writes it. It returns
// what the render read of other pages, sorted.
func (b *build) renderPage(p *content.Page) []dep {
	rb := renderBuffers.Get().(*renderBuffer)
	defer rb.put()
	rc := newRenderCtx(b, p)
	rb.tmpl.Grow(b.recs.get(p).size() + 16<<10)
	lw := &limitWriter{w: &rb.tmpl, left: MaxPageOutput}
	if err := b.layouts.ExecuteLang(lw, b.tmplOf[p], pageLang(p), p, rc.view(p)); err != nil {
		if lw.over {
			path := p.Path
			if path == "" {
				path = "layouts/" + b.tmplOf[p]
			}
			b.addDiags(diag.Diagnostic{Path: path, Severity: diag.Error, Msg: fmt.Sprintf(
				"the page's layout %s wrote more than %d MB, and was stopped: look for a range over a huge number or list, or a YAML alias (*name) in a data file that repeats a large part of it", b.tmplOf[p], MaxPageOutput>>20)})
			return nil
		}
		b.templateError(err, p)
		return nil
	}
	html := rb.tmpl.Bytes()
	blank := len(bytes.TrimSpace(html)) == 0
	b.noteBlank(p, blank)
	rb.scan.reset()
	// Hosts serve the 404 page at any depth: its links must not be
	// relative. Absolute under the base URL, else from the root.
	base := ""
	if p.Kind == content.Kind404 {
		base = b.site.BaseURL
	}
	rb.rel = appendRelativized(rb.rel[:0], html, p.OutPath, base, b.site.ExternalPrefixes, &rb.scan)
	ids, refs := b.checkRendered(p, html, &rb.scan)
	if p.Kind != content.Kind404 || base != "" {
		html = rb.rel
	}
	b.write(p, html)
	deps := rc.deps()
	if b.rcache != nil {
		b.rcache.put(b, p, &storedPage{deps: deps, blank: blank, ids: ids, refs: refs, html: html})
	}
	return deps
}

// write writes page p's output file.
func (b *build) write(p *content.Page, html []byte) {
	if err := b.out.WriteFile(p.OutPath, html); err != nil {
		b.addDiags(diag.Diagnostic{Path: p.OutPath, Msg: "cannot write: " + err.Error()})
	}
}

// MaxPageOutput is the most a layout may write for one page.
const MaxPageOutput = 64 << 20

var errPageTooLarge = errors.New("page output too large")

// limitWriter fails writes past its limit, which stops the template.
type limitWriter struct {
	w    *bytes.Buffer
	left int
	over bool // a write passed the limit
}

func (l *limitWriter) Write(b []byte) (int, error) {
	if len(b) > l.left {
		l.left, l.over = 0, true
		return 0, errPageTooLarge
	}
	l.left -= len(b)
	return l.w.Write(b)
}

// renderBuffer holds a page's HTML while renderPage makes and writes it:
// the template's output and its relativized copy. Reusing them saves about
// a fifth of a build's allocations.
type renderBuffer struct {
	tmpl bytes.Buffer
	rel  []byte
	scan htmlScan
}

var renderBuffers = sync.Pool{New: func() any { return new(renderBuffer) }}

// put returns rb to the pool unless a very large page grew it.
func (rb *renderBuffer) put() {
	if rb.tmpl.Cap()+cap(rb.rel) > 8<<20 {
		return
	}
	rb.tmpl.Reset()
	rb.rel = rb.rel[:0]
	renderBuffers.Put(rb)
}

func sortedPaths(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
