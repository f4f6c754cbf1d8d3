package site

import (
	"fmt"
	"path"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// checkRawLinks checks the addresses raw HTML in page p holds (when
// unsafe_html lets it through): each must lead to a page or file, read as
// a browser reads it, from the page's address. A missing file of src,
// srcset or poster is an error like a Markdown image's; a broken href is a
// link problem (a warning with --links warn). A #fragment is checked with
// the Markdown links' (refs).
func (b *build) checkRawLinks(p *content.Page, raw []markdown.RawLink, ds []diag.Diagnostic, refs []anchorRef) ([]diag.Diagnostic, []anchorRef) {
	for _, l := range raw {
		v := strings.TrimSpace(l.Dest)
		dests := []string{v}
		if l.Attr == "srcset" {
			dests = dests[:0]
			for part := range strings.SplitSeq(v, ",") {
				if f := strings.Fields(part); len(f) > 0 {
					dests = append(dests, f[0])
				}
			}
		}
		for _, d := range dests {
			msg, ref := b.rawProblem(p, l, d)
			if ref != nil {
				refs = append(refs, *ref)
			}
			if msg != "" {
				ds = append(ds, diag.Diagnostic{Path: p.Path, Line: l.Line, Col: l.Col, Msg: msg})
			}
		}
	}
	return ds, refs
}

// rawProblem checks one address d of raw HTML in page p.
func (b *build) rawProblem(p *content.Page, l markdown.RawLink, d string) (string, *anchorRef) {
	if d == "" || d[0] == '?' || hasScheme(d) {
		return "", nil
	}
	what := "link"
	if l.Attr != "href" && l.Attr != "action" {
		what = "image"
		if l.Tag != "img" && l.Tag != "source" {
			what = "file"
		}
	}
	raw, frag, _ := strings.Cut(d, "#")
	frag = decodeFrag(frag)
	if raw == "" {
		return "", &anchorRef{from: p, line: l.Line, col: l.Col, target: p, anchor: frag, dest: d}
	}
	if strings.HasPrefix(raw, "/") && underPrefix(raw, b.site.ExternalPrefixes) {
		return "", nil
	}
	target, ok := outputPath(p, d)
	if !ok {
		return fmt.Sprintf("%s %s leads outside the site (in HTML, a relative address is read from the page's address, %s)", what, d, p.URL), nil
	}
	if t, found := b.known[target]; found {
		if t != nil && frag != "" {
			return "", &anchorRef{from: p, line: l.Line, col: l.Col, target: t, anchor: frag, dest: d}
		}
		return "", nil
	}
	msg := what + " " + d + ": no page or file has this address"
	if !strings.HasPrefix(raw, "/") {
		msg = fmt.Sprintf("%s %s: there is no /%s (in HTML, a relative address is read from the page's address, %s, not from its file)", what, d, target, p.URL)
	}
	return msg + b.rawSuggestion(p, raw, frag, target), nil
}

// rawSuggestion is the did-you-mean for an address raw that leads to no
// file: the file or page it names from the page's source folder, as
// Markdown reads it, else one a letter or two away.
func (b *build) rawSuggestion(p *content.Page, raw, frag, target string) string {
	if frag != "" {
		frag = "#" + frag
	}
	if !strings.HasPrefix(raw, "/") {
		dir := p.Dir()
		if dir == "." {
			dir = ""
		}
		rel := path.Join(dir, raw)
		from := "/" + path.Dir(p.OutPath)
		if t := b.site.ByPath[rel]; t != nil {
			return fmt.Sprintf(" (raw HTML is written as it is: for the page %s write %s%s)", rel, layout.RelPath(strings.TrimPrefix(from, "/"), t.URL), frag)
		}
		if b.files[rel] {
			return fmt.Sprintf(" (did you mean %s%s?)", layout.RelPath(strings.TrimPrefix(from, "/"), "/"+rel), frag)
		}
	}
	return b.outputSuggestion(outRef{target: target, frag: strings.TrimPrefix(frag, "#")})
}
