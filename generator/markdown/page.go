package markdown

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// page holds the state of one Convert call while it walks the parsed
// document.
type page struct {
	src    []byte
	pc     *PageContext
	res    Result
	unsafe bool // raw HTML passes through: its ids are the page's

	used     map[string]bool // every id taken so far
	slugN    map[string]int  // last suffix used per slug
	pending  []pendingID     // headings still needing a generated id
	explicit []explicitID    // headings with an {#id}
	citeN    map[string]int  // citations so far per key
	citeNum  map[string]int  // numbers given when pc.Cite is nil
	problems []problem
	offs     []int         // source offsets of res.TOC
	linkOffs []int         // source offsets of res.Links
	rawOffs  []int         // source offsets of res.RawLinks
	tables   []*east.Table // wrapped after the walk
	words    wordCounter
	plain    []byte    // scratch buffer for plain text
	images   int       // images so far
	spanTags []spanTag // <span lang> tags, paired after the walk

	embedHosts []string
}

type pendingID struct {
	h        *ast.Heading
	id, toc  int // indexes into res.IDs and res.TOC
	baseSlug string
}

type explicitID struct {
	h  *ast.Heading
	id string
}

type problem struct {
	off     int
	msg     string
	warning bool
}

// process walks doc once, calling the hooks and collecting the Result's
// fields, then gives the remaining headings their ids.
func (p *page) process(doc ast.Node) {
	p.used = map[string]bool{}
	summaryDone := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			p.words.boundary()
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			p.heading(n)
		case *ast.Paragraph:
			if !summaryDone && n.Parent() != nil && n.Parent().Kind() == ast.KindDocument {
				summaryDone = true
				p.res.Summary = p.plainText(n)
			}
		case *ast.Text:
			p.words.add(n.Segment.Value(p.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				p.words.boundary()
			}
		case *ast.String:
			if !n.IsCode() { // typographer punctuation such as "&rsquo;" neither starts nor ends a word
				p.words.add(n.Value)
			}
		case *ast.Link:
			i := p.link(n, string(n.Destination), false)
			if code, ok := bytes.CutPrefix(n.Title, []byte("lang:")); ok {
				p.res.Links[i].Lang = string(bytes.TrimSpace(code))
				n.Title = nil
				n.SetAttributeString(hreflangAttr, []byte(p.res.Links[i].Lang))
			}
			if p.dropScriptURL(n, string(n.Destination), false) {
				break
			}
			if href, ok := p.resolve(n, string(n.Destination), false); ok {
				n.Destination = []byte(href)
			}
		case *ast.Image:
			p.res.Links[p.link(n, string(n.Destination), true)].Alt = p.plainText(n)
			dest := string(n.Destination)
			if p.dropScriptURL(n, dest, true) {
				p.images++
				return ast.WalkSkipChildren, nil
			}
			if href, ok := p.resolve(n, dest, true); ok {
				n.Destination = []byte(href)
				p.image(n, dest, p.images == 0)
			} else if p.pc.ResolveLink == nil {
				p.image(n, dest, p.images == 0)
			}
			p.images++
			return ast.WalkSkipChildren, nil // alt text: not prose, no links
		case *ast.AutoLink:
			dest := autoLinkDest(n, p.src)
			p.link(n, dest, false)
			if p.dropScriptURL(n, dest, false) {
				p.words.add(n.Label(p.src))
				break
			}
			if href, ok := p.resolve(n, dest, false); ok && href != dest {
				n.SetAttributeString(hrefAttr, []byte(href))
			}
			p.words.add(n.Label(p.src))
		case *citationNode:
			p.cite(n)
		case *calloutNode:
			if n.problem != "" {
				p.problem(n.markerOff, n.problem)
			} else {
				n.label = p.textOr("callout."+strings.ToLower(n.kind.Name), n.kind.Label)
			}
		case *east.Table:
			p.tables = append(p.tables, n)
		case *east.FootnoteLink:
			id := "fnref"
			if n.RefIndex > 0 {
				id += strconv.Itoa(n.RefIndex)
			}
			p.addID(id + ":" + strconv.Itoa(n.Index))
		case *east.Footnote:
			p.addID("fn:" + strconv.Itoa(n.Index))
		case *ast.HTMLBlock:
			if p.unsafe {
				p.rawHTML(n.Lines(), n.ClosureLine)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if p.unsafe {
				p.rawHTML(n.Segments, text.Segment{})
			} else {
				p.noteSpanTag(n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			if n.Info != nil && string(n.Language(p.src)) == "embed" {
				p.embed(n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, key := range p.res.Citations {
		p.addID("source-" + key)
	}
	p.langSpans()
	p.finishHeadings(doc)
	p.wrapTables()
	p.res.WordCount = p.words.n
	p.finishPositions()
}

// link records a link, image or autolink in res.Links and returns its
// index.
func (p *page) link(n ast.Node, dest string, image bool) int {
	p.res.Links = append(p.res.Links, Link{Dest: dest, Image: image})
	p.linkOffs = append(p.linkOffs, linkOffset(n, p.src))
	return len(p.res.Links) - 1
}

// heading records h in the TOC and its id, or queues it for a generated id.
func (p *page) heading(h *ast.Heading) {
	text := p.plainText(h)
	if v, ok := h.AttributeString("id"); ok {
		var id string
		switch v := v.(type) {
		case []byte:
			id = string(v)
		case string:
			id = v
		}
		if id != "" {
			p.explicit = append(p.explicit, explicitID{h, id})
			p.addID(id)
			p.res.TOC = append(p.res.TOC, Heading{Level: h.Level, ID: id, Text: text})
			p.offs = append(p.offs, h.Pos())
			return
		}
		removeAttribute(h, "id")
	}
	p.pending = append(p.pending, pendingID{h: h, id: len(p.res.IDs), toc: len(p.res.TOC), baseSlug: slug(text)})
	p.res.IDs = append(p.res.IDs, "")
	p.res.TOC = append(p.res.TOC, Heading{Level: h.Level, Text: text})
	p.offs = append(p.offs, h.Pos())
}

// finishHeadings generates the ids of headings without {#id}, now that every
// fixed id is known.
func (p *page) finishHeadings(doc ast.Node) {
	if len(p.explicit) > 0 {
		count := make(map[string]int, len(p.res.IDs))
		for _, id := range p.res.IDs {
			count[id]++
		}
		for _, e := range p.explicit {
			if count[e.id] > 1 {
				p.problem(e.h.Pos(), "id "+strconv.Quote(e.id)+" is used more than once on the page")
			}
		}
	}
	var ids headingIDs
	if d, ok := doc.(*ast.Document); ok && len(p.pending) > 0 {
		ids = make(headingIDs, len(p.pending))
		d.AddMeta(headingIDsMeta, ids)
	}
	for _, h := range p.pending {
		id := h.baseSlug
		if p.used[id] {
			if p.slugN == nil {
				p.slugN = map[string]int{}
			}
			n := p.slugN[h.baseSlug]
			for {
				n++
				id = h.baseSlug + "-" + strconv.Itoa(n)
				if !p.used[id] {
					break
				}
			}
			p.slugN[h.baseSlug] = n
		}
		p.used[id] = true
		p.res.IDs[h.id] = id
		p.res.TOC[h.toc].ID = id
		if ids != nil {
			ids[h.h] = id
		} else {
			h.h.SetAttributeString("id", []byte(id))
		}
	}
}

// headingIDs are the generated ids of a page's headings, which the
// renderer writes after a heading's other attributes, as if the last of
// them: in the document's meta data (headingIDsMeta) instead of an
// attribute on each heading, which cost goldmark a 400-byte attribute
// list per heading.
type headingIDs map[*ast.Heading]string

const headingIDsMeta = "kpstrikes/heading-ids"

// headingID returns the id generated for h, if any.
func headingID(h *ast.Heading) (string, bool) {
	doc := h.OwnerDocument()
	if doc == nil {
		return "", false
	}
	ids, _ := doc.Meta()[headingIDsMeta].(headingIDs)
	id, ok := ids[h]
	return id, ok
}

func (p *page) addID(id string) {
	p.used[id] = true
	p.res.IDs = append(p.res.IDs, id)
}

// resolve calls the ResolveLink hook; ok reports whether href should replace
// the destination.
func (p *page) resolve(n ast.Node, dest string, image bool) (href string, ok bool) {
	if p.pc.ResolveLink == nil {
		return "", false
	}
	href, err := p.pc.ResolveLink(dest, image)
	if err != nil {
		p.problem(linkOffset(n, p.src), err.Error())
		return "", false
	}
	return href, true
}

// cite numbers the keys of one citation, after taking in the citations
// that follow it with nothing but spaces or a line break between
// ("[@a] [@b]" shows as one bracket). Each link gets the id "cS-N", S
// being the source's number and N counting its citations on the page
// (short: pages cite sources a hundred times), so that the source list can
// link back to every place that cites a source.
func (p *page) cite(n *citationNode) {
	p.absorbAdjacent(n)
	if p.citeN == nil {
		p.citeN = map[string]int{}
		p.res.CiteIDs = map[string][]string{}
	}
	n.refs = make([]CiteRef, 0, len(n.keys))
	for _, key := range n.keys {
		if slices.ContainsFunc(n.refs, func(r CiteRef) bool { return r.Key == key }) {
			continue // [@a; @a]
		}
		if p.citeN[key] == 0 {
			p.res.Citations = append(p.res.Citations, key)
		}
		p.citeN[key]++
		num := p.number(n, key)
		var id string
		if num > 0 {
			id = "c" + strconv.Itoa(num) + "-" + strconv.Itoa(p.citeN[key])
			p.addID(id)
			p.res.CiteIDs[key] = append(p.res.CiteIDs[key], id)
		}
		n.refs = append(n.refs, CiteRef{Key: key, Number: num, ID: id, Label: p.citeLabel(num)})
	}
	n.refs = SortCiteRefs(n.refs)
}

// citeLabel is the aria-label of the link to source number num.
func (p *page) citeLabel(num int) string {
	if num == 0 {
		return p.text("cite.unknown")
	}
	return strings.ReplaceAll(p.text("cite.source"), "{number}", strconv.Itoa(num))
}

// absorbAdjacent moves the keys of the citations right after n (with at most
// blanks or a soft line break between) into n and removes them.
func (p *page) absorbAdjacent(n *citationNode) {
	parent := n.Parent()
	for parent != nil {
		next := n.NextSibling()
		var gap ast.Node
		if t, ok := next.(*ast.Text); ok && !t.HardLineBreak() && len(bytes.TrimSpace(t.Segment.Value(p.src))) == 0 {
			gap, next = t, t.NextSibling()
		}
		c, ok := next.(*citationNode)
		if !ok {
			return
		}
		n.keys = append(n.keys, c.keys...)
		if gap != nil {
			parent.RemoveChild(parent, gap)
		}
		parent.RemoveChild(parent, c)
	}
}

func (p *page) number(n *citationNode, key string) int {
	if p.pc.Cite == nil {
		if p.citeNum == nil {
			p.citeNum = map[string]int{}
		}
		if p.citeNum[key] == 0 {
			p.citeNum[key] = len(p.citeNum) + 1
		}
		return p.citeNum[key]
	}
	num, err := p.pc.Cite(key)
	if err != nil {
		p.problem(n.Pos(), err.Error())
		return 0
	}
	return num
}

func (p *page) problem(off int, msg string) {
	p.problems = append(p.problems, problem{off: off, msg: msg})
}

// finishPositions converts the offsets of problems (sorted by position),
// headings and links to lines and columns.
func (p *page) finishPositions() {
	if len(p.problems)+len(p.offs)+len(p.linkOffs)+len(p.rawOffs) == 0 {
		return
	}
	lines := diag.NewLines(p.src)
	for i, off := range p.offs {
		p.res.TOC[i].Line, p.res.TOC[i].Col = lines.Position(off)
	}
	for i, off := range p.linkOffs {
		p.res.Links[i].Line, p.res.Links[i].Col = lines.Position(off)
	}
	for i, off := range p.rawOffs {
		p.res.RawLinks[i].Line, p.res.RawLinks[i].Col = lines.Position(off)
	}
	if len(p.problems) == 0 {
		return
	}
	slices.SortStableFunc(p.problems, func(a, b problem) int { return a.off - b.off })
	for _, pr := range p.problems {
		line, col := lines.Position(pr.off)
		if pr.warning {
			p.res.Warnings = append(p.res.Warnings, Problem{Line: line, Col: col, Msg: pr.msg})
		} else {
			p.res.Problems = append(p.res.Problems, Problem{Line: line, Col: col, Msg: pr.msg})
		}
	}
}

// plainText returns the text of n's inline content.
func (p *page) plainText(n ast.Node) string {
	p.plain = appendPlain(p.plain[:0], n, p.src)
	return string(collapseSpace(p.plain))
}

func removeAttribute(n ast.Node, name string) {
	attrs := n.Attributes()
	n.RemoveAttributes()
	for _, a := range attrs {
		if string(a.Name) != name {
			n.SetAttribute(a.Name, a.Value)
		}
	}
}
