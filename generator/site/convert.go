package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pack"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// marked is what the markdown stage makes of the pages with a body (and
// the generated corrections pages). A quick rebuild takes its last
// build's whole, over (which leaves the last build's as it was), and
// converts the edited pages again into it (put).
type marked struct {
	withBody  []*content.Page                     // pages with a source file, in URL order
	recs      *layered[*content.Page, *rendered]  // what the stage made of each page
	imageUses *layered[*content.Page, []imageUse] // images each page's Markdown places
	refs      [][]anchorRef                       // by withBody index: links to anchors
	convDiags [][]diag.Diagnostic                 // by withBody index: problems in the Markdown
}

func newMarked() *marked {
	return &marked{recs: newLayered[*content.Page, *rendered](nil), imageUses: newLayered[*content.Page, []imageUse](nil)}
}

// over returns a new value with m's pages and records, for a quick
// rebuild to convert some pages again in: what it puts there leaves m as
// it was.
func (m *marked) over() *marked {
	return &marked{
		withBody:  m.withBody,
		recs:      newLayered(m.recs),
		imageUses: newLayered(m.imageUses),
		refs:      slices.Clone(m.refs),
		convDiags: slices.Clone(m.convDiags),
	}
}

// put records what converting m.withBody[i] made.
func (m *marked) put(i int, c pageConv) {
	m.refs[i], m.convDiags[i] = c.refs, c.diags
	if c.rec != nil {
		p := m.withBody[i]
		m.recs.set(p, c.rec)
		m.imageUses.set(p, c.images)
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

// markdown runs the markdown stage: it converts every page with a body,
// fills the generated corrections pages, and returns what it made.
func (b *build) markdown() *marked {
	m := newMarked()
	for _, p := range b.site.All {
		if p.Path != "" {
			m.withBody = append(m.withBody, p)
		}
	}
	n := len(m.withBody)
	m.refs, m.convDiags = make([][]anchorRef, n), make([][]diag.Diagnostic, n)
	convs := make([]pageConv, n)
	tick := b.progress("markdown", n)
	parallel(n, func(i int) {
		convs[i] = b.convert(m.withBody[i])
		tick()
	})
	for i, c := range convs {
		m.put(i, c)
	}
	b.fillCorrectionsPages(m.recs)
	return m
}

// pageConv is what converting one page made: its record (nil when the
// conversion failed), the images its Markdown places, its links to
// anchors on other pages and the problems found.
type pageConv struct {
	rec    *rendered
	images []imageUse
	refs   []anchorRef
	diags  []diag.Diagnostic
}

// convert turns one page's Markdown into HTML and returns what it made of
// the page.
func (b *build) convert(p *content.Page) pageConv {
	s := b.site
	failed := func(err error) pageConv {
		return pageConv{diags: []diag.Diagnostic{{Path: p.Path, Line: 1, Col: 1, Msg: err.Error()}}}
	}
	c := b.cachedConversion(p)
	var kept storedHTML // where this conversion's HTML is, when not in c.html
	var sc *shortcodeUse
	var key pack.Key
	fromDisk := false
	if c == nil && b.md != nil {
		key = b.md.key(b, p)
		if hit, hitSC, h, html := b.md.get(b, p, key); hit != nil {
			c, sc, kept, fromDisk = hit, hitSC, h, true
			b.fromCache.Add(1)
			if b.memo.keep {
				// A Builder keeps its pages' HTML in memory, and its hash
				// for render keys.
				sum := sha256.Sum256(html)
				c.html, c.hash, kept = template.HTML(html), hex.EncodeToString(sum[:]), storedHTML{}
			}
		}
	}
	if !fromDisk {
		// The body, read again from the file after a load that kept
		// none (a one-off build), and not kept.
		body, err := content.ReadBody(b.opts.FS, s, p)
		if err != nil {
			return failed(err)
		}
		sc = findShortcodeUse(body)
		if c == nil {
			c = &converted{}
			b.converted.Add(1)
			var stored bool
			if kept, stored, err = b.convertBody(p, body, key, c); err != nil {
				return failed(err)
			}
			if stored {
				b.md.put(key, c, sc)
			}
		}
	}
	if c.hash == "" && b.rcache != nil {
		c.hash = conversionID(key, c)
	}
	b.remember(p, c)
	if b.check && b.opts.External {
		b.noteExternal(p, c.res.Links)
	}
	res := c.res
	var ds []diag.Diagnostic
	for _, pr := range res.Problems {
		ds = append(ds, diag.Diagnostic{Path: p.Path, Line: pr.Line, Col: pr.Col, Msg: pr.Msg})
	}
	for _, pr := range res.Warnings {
		ds = append(ds, diag.Diagnostic{Path: p.Path, Line: pr.Line, Col: pr.Col, Severity: diag.Warning, Msg: pr.Msg})
	}
	if sc != nil {
		ds = append(ds, shortcodeProblem(p, sc))
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
	r.kept = kept
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
	return pageConv{rec: r, images: c.images, refs: refs, diags: ds}
}

// convertBody converts page p's body into c, and returns where its HTML
// went when not into c.html: the Markdown cache (under key), or else the
// spill file. stored says the HTML is in the Markdown cache (a Builder's
// is in c.html as well).
func (b *build) convertBody(p *content.Page, body []byte, key pack.Key, c *converted) (kept storedHTML, stored bool, err error) {
	s := b.site
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
		return storedHTML{}, false, err
	}
	res, err := b.conv.ConvertTo(body, pc, func(html []byte) error {
		c.hasCode = bytes.Contains(html, []byte(`<pre class="chroma"`))
		if b.memo.keep {
			// The hash is for render keys, which only a Builder's
			// later builds compare.
			sum := sha256.Sum256(html)
			c.hash = hex.EncodeToString(sum[:])
			c.html = template.HTML(html)
			if b.md != nil {
				_, stored = b.md.putHTML(key, html)
			}
			return nil
		}
		// A one-off build writes the HTML straight from the converter's
		// buffer to the Markdown cache, or the spill file, without a
		// copy.
		if b.md != nil {
			if kept, stored = b.md.putHTML(key, html); stored {
				return nil
			}
		}
		if b.spill != nil && len(html) > 0 {
			if ref, ok := b.spill.put(html); ok {
				kept = storedHTML{spill: b.spill, sref: ref}
				return nil
			}
		}
		c.html = template.HTML(html)
		return nil
	})
	if err != nil {
		return storedHTML{}, false, err
	}
	c.res = res
	positionImages(c.images, res.Links)
	c.ids = make(map[string]bool, len(res.IDs))
	for _, id := range res.IDs {
		c.ids[id] = true
	}
	return kept, stored, nil
}
