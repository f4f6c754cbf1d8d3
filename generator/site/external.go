package site

import (
	"context"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/linkcheck"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// externalRef is one web address written in a page or a source.
type externalRef struct {
	addr      string
	path      string
	line, col int
	source    *content.Source // the source it belongs to, or nil
}

func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// noteExternal records the web addresses page p links to.
func (b *build) noteExternal(p *content.Page, links []markdown.Link) {
	var refs []externalRef
	for _, l := range links {
		if l.Image || !isWebURL(l.Dest) {
			continue
		}
		addr, _, _ := strings.Cut(l.Dest, "#")
		refs = append(refs, externalRef{addr: addr, path: p.Path, line: l.Line, col: l.Col})
	}
	b.extMu.Lock()
	b.external = append(b.external, refs...)
	b.extMu.Unlock()
}

// checkExternal checks every web address of the sources and pages and
// warns about dead ones, and about addresses that moved for good.
func (b *build) checkExternal() {
	refs := append([]externalRef(nil), b.external...)
	for _, src := range b.site.Sources {
		up, ap := content.SourceAddrPos(src)
		if isWebURL(src.URL) {
			refs = append(refs, externalRef{addr: src.URL, path: "content/data/sources.yaml", line: up.Line, col: up.Col, source: src})
		}
		if isWebURL(src.ArchiveURL) {
			refs = append(refs, externalRef{addr: src.ArchiveURL, path: "content/data/sources.yaml", line: ap.Line, col: ap.Col})
		}
	}
	addrs := make([]string, len(refs))
	for i, r := range refs {
		addrs[i] = r.addr
	}
	results := linkcheck.New(b.opts.HTTPClient, cacheDir(b.opts)).Check(context.Background(), addrs)
	seen := map[externalRef]bool{}
	for _, r := range refs {
		if seen[r] {
			continue
		}
		seen[r] = true
		res := results[r.addr]
		switch {
		case res.Dead():
			hint := ""
			if r.source != nil && r.source.ArchiveURL == "" {
				hint = ": add archive_url with an archived copy (web.archive.org) so readers can still check the source"
			}
			b.diags = append(b.diags, diag.Diagnostic{Path: r.path, Line: r.line, Col: r.col, Severity: diag.Warning,
				Msg: "external link " + r.addr + " is dead: " + res.Problem() + hint})
		case res.Final != "" && res.Final != r.addr:
			b.diags = append(b.diags, diag.Diagnostic{Path: r.path, Line: r.line, Col: r.col, Severity: diag.Warning,
				Msg: "external link " + r.addr + " has moved for good to " + res.Final + ": update the address"})
		}
	}
}
