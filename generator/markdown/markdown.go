// Package markdown converts page bodies to HTML with goldmark, configured once
// per build and shared by every page.
//
// # Syntax
//
// CommonMark plus GFM (tables, strikethrough, autolinks, task lists),
// footnotes, definition lists and typographic punctuation. Headings accept
// attributes: "## The fine {#fine .wide}".
//
// Citations cite sources from the site's registry: "[@dmhc-2023]" or
// "[@dmhc-2023; @laist-2024-10-21]". A key starts and ends with a letter or
// digit and may contain "-", "_", "." and ":" in between; a citation is written
// on one line. Anything else in brackets is ordinary Markdown: "[@ x]",
// "[email@x]", and "[@user](https://example.com)" (a link, because a "(" or "["
// follows) all fall through to link and text parsing. A citation inside link
// text is not recognised.
//
// # Output
//
// Every heading has an id: the explicit {#id}, or a GitHub-style slug of its
// text (lower case, spaces to "-", punctuation dropped, Unicode letters and
// digits kept; "heading" when nothing is left), made unique within the page
// with "-1", "-2", ... suffixes. Explicit ids, footnote ids and citation ids
// are reserved first, so a generated id never takes them. After its text each
// heading carries a visible anchor link that is hidden from assistive
// technology and the tab order, so the heading's accessible name stays its
// text:
//
//	<h2 id="the-fine">The fine <a class="anchor" href="#the-fine" aria-hidden="true" tabindex="-1">#</a></h2>
//
// Citations become numbered superscript links to "#source-KEY", the entries
// of the page's source list, which the layout renders (see [AppendCiteHTML]):
//
//	<sup class="cite">[<a href="#source-a" id="c1-1" aria-label="Source 1">1</a>, <a href="#source-b" id="c2-1" aria-label="Source 2">2</a>]</sup>
//
// The numbers in one bracket are in ascending order, each source once;
// citations with only blanks or a soft line break between them ("[@a] [@b]",
// "[@a][@b]") share one bracket. The n-th citation of a key on the page has
// the id "cS-n", S being the source's number ([Result.CiteIDs]), so the source list can link back
// to each place that cites a source. Fenced and indented
// code blocks go through [highlight.Highlighter.Block]. Footnotes keep
// goldmark's markup and ids ("fn:1", "fnref:1", "fnref1:1" for a second
// reference, ...).
//
// Raw HTML (blocks and inline tags) is written as escaped text unless
// [Options.UnsafeHTML] is set: an HTML block becomes a paragraph showing its
// source, inline HTML shows its tag. It is neither dropped nor passed through.
//
// # Hooks
//
// [Converter.Convert] calls [PageContext.ResolveLink] for every link, image
// and autolink destination and [PageContext.Cite] for every cited key, after
// parsing and in document order (footnote bodies last, as they are rendered).
// Their errors become [Problem]s at the position of the link's "[" (the "!"
// of an image, the start of an autolink) or the citation's "[", in real file
// lines and rune columns: callers pass the whole file with its front matter
// lines blanked.
package markdown

import (
	"bufio"
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
)

// Options configure a [Converter].
type Options struct {
	// UnsafeHTML passes raw HTML in Markdown through to the output. When
	// false, raw HTML is shown as escaped text.
	UnsafeHTML bool

	// Highlighter renders code blocks. Nil renders them as escaped plain
	// text in the same wrapper.
	Highlighter *highlight.Highlighter

	// EmbedHosts are the hosts whose pages an embed block may show.
	EmbedHosts []string

	// Callouts are the kinds of callout ("> [!NOTE]") pages may use, as the
	// site's settings define them (content.Settings.Callouts: GitHub's
	// kinds and the site's own, names in lower case). With none, such block quotes stay block
	// quotes.
	Callouts []content.CalloutKind
}

// PageContext carries the per-page hooks of one [Converter.Convert] call.
// Either hook may be nil.
type PageContext struct {
	// ResolveLink maps a link, image or autolink destination, as written
	// (backslash escapes and entities resolved, not percent-decoded), to the
	// href to write. It is called for every one, external ones included;
	// return dest unchanged to keep it. An error becomes a Problem and
	// leaves the destination as written.
	ResolveLink func(dest string, image bool) (href string, err error)

	// Cite returns the page-wide number of a cited source key. It is called
	// for each citation of a key, in document order, and must return the
	// same number for the same key. An error becomes a Problem. When Cite is
	// nil, keys are numbered in order of first citation.
	Cite func(key string) (number int, err error)

	// Image returns the markup of an image, given its destination as
	// written and how the page places it, or nil for an <img> written from
	// the Markdown alone. It is called after ResolveLink accepted the
	// destination, for every image in document order. An error becomes a
	// Problem at the image's "!".
	Image func(dest string, a ImageAttrs) ([]byte, error)

	// Text returns the page's language's text for a word the converter
	// writes into the page, given its key and the built-in English (see
	// [Texts]). Nil: the English.
	Text func(key, english string) string
}

// Texts are the keys and built-in English of the words the converter
// writes into pages, for PageContext.Text. A callout's label has the key
// callout.<kind> (lower case), its English the kind's label. In
// cite.source, {number} is the source's number.
var Texts = map[string]string{
	"table.label":  "Table",
	"cite.source":  "Source {number}",
	"cite.unknown": "Unknown source",
}

// text is the page's text for key.
func (p *page) text(key string) string {
	return p.textOr(key, Texts[key])
}

func (p *page) textOr(key, english string) string {
	if p.pc.Text == nil {
		return english
	}
	return p.pc.Text(key, english)
}

// Result is a converted page.
type Result struct {
	// HTML is the page body.
	HTML []byte

	// TOC lists every heading in document order; layouts pick the levels
	// they show.
	TOC []Heading

	// IDs lists every id the body defines, in document order: headings,
	// footnotes ("fn:1", "fnref:1"), citation links ("c3-1"), followed by
	// "source-KEY" for each cited key, which the layout's source list
	// defines.
	IDs []string

	// Citations lists the cited keys in order of first citation.
	Citations []string

	// CiteIDs holds, for each cited key, the ids of the citation links
	// that cite it ("c3-1", "c3-2", ... for source number 3), in
	// document order. A citation of an unknown key has no id.
	CiteIDs map[string][]string

	// Summary is the plain text of the first top-level paragraph.
	Summary string

	// WordCount counts the words of the prose, code and raw HTML excluded.
	WordCount int

	// Links lists every link, image and autolink, in document order (the
	// order of the ResolveLink calls), with where it is written.
	Links []Link

	// RawLinks lists the addresses raw HTML holds (href, src, srcset,
	// action, poster), when Options.UnsafeHTML lets it through, in
	// document order. They are written as they are: a browser reads a
	// relative one from the page's address, not from its source file.
	RawLinks []RawLink

	// Problems are errors found in the source, sorted by position.
	Problems []Problem
	// Warnings report what was dealt with but the writer should know:
	// script addresses (javascript:) removed in safe mode. Sorted.
	Warnings []Problem
}

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level     int    // 1 to 6
	ID        string // the heading's id attribute
	Text      string // plain text, without the anchor
	Line, Col int    // where the heading starts in the source
}

// Link is one link, image or autolink of a page, in document order.
type Link struct {
	Dest      string // the destination as written
	Image     bool
	Alt       string // an image's alt text, as plain text
	Line, Col int    // of the link's "[", the image's "!", the autolink's start
	// Lang is the language code a link's title "lang:CODE" marks it as
	// leading to, on purpose: [report](../x.md "lang:en"). The title is
	// not written; the link gets hreflang="CODE" instead.
	Lang string
}

// RawLink is an address in raw HTML.
type RawLink struct {
	Tag, Attr string // lower case: img, src
	Dest      string // the value, entities resolved
	Line, Col int    // of the attribute's name
}

// Problem is an error in the Markdown source at a 1-based line and column;
// columns count runes.
type Problem struct {
	Line, Col int
	Msg       string
}

// Converter converts Markdown to HTML. It is safe for concurrent use; all
// per-page state lives in the call.
type Converter struct {
	opts     Options
	variants [allFeatures + 1]struct {
		once sync.Once
		md   goldmark.Markdown
	} // page parsers by the features they parse, made on first use
	inline  goldmark.Markdown // for Inline: no citations
	writers sync.Pool         // *bufio.Writer for rendering
	buffers sync.Pool         // *bytes.Buffer scratch space for rendering
}

// New returns a Converter configured by opts.
func New(opts Options) *Converter {
	return &Converter{
		opts:    opts,
		inline:  newGoldmark(opts, false, gfm, extension.Typographer),
		writers: sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 8<<10) }},
		buffers: sync.Pool{New: func() any { return new(bytes.Buffer) }},
	}
}

// newGoldmark returns a goldmark configured by opts, with citations or
// not; syntax is the GFM and typographer extenders to use.
func newGoldmark(opts Options, citations bool, syntax ...goldmark.Extender) goldmark.Markdown {
	parserOpts := []parser.Option{parser.WithAttribute()}
	parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(figureTransformer{}, 110)))
	if len(opts.Callouts) > 0 {
		parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(newCalloutTransformer(opts.Callouts, citations), 100)))
	}
	if citations {
		// Before goldmark's link parser (priority 200) for '['.
		parserOpts = append(parserOpts, parser.WithInlineParsers(util.Prioritized(citationParser{}, 150)))
	}
	// Lower priority values register last and win: 100 beats goldmark's
	// HTML renderer (1000) and the footnote renderer (500).
	writer := textWriter{html.NewWriter()}
	rendererOpts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{
		highlighter: opts.Highlighter,
		unsafe:      opts.UnsafeHTML,
		writer:      writer,
		tableCell:   goldmarkTableCell(),
	}, 100)), html.WithWriter(writer)}
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(append(syntax, extension.Footnote, extension.DefinitionList)...),
		goldmark.WithParserOptions(parserOpts...),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

// Convert renders one page. src is the whole file with the front matter lines
// replaced by empty lines, with LF line endings; pc may be nil. Problems in
// the source are reported in Result.Problems; the error is for failures of
// the renderer itself.
func (c *Converter) Convert(src []byte, pc *PageContext) (*Result, error) {
	var html []byte
	res, err := c.ConvertTo(src, pc, func(b []byte) error {
		// An exact-size copy: callers keep the HTML of every page, and a
		// grown buffer's spare capacity (up to half of it) would be kept
		// with it.
		html = bytes.Clone(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.HTML = html
	return res, nil
}

// ConvertTo is Convert for a caller that copies the HTML elsewhere (a
// file) and would otherwise hold it only to copy it again: emit receives
// the page's HTML in the converter's own buffer, reused once emit returns
// (so emit must not keep it), and Result.HTML is nil. An error from emit
// is returned.
func (c *Converter) ConvertTo(src []byte, pc *PageContext, emit func(html []byte) error) (*Result, error) {
	return c.convert(c.variant(pageFeatures(src)), src, pc, emit)
}

// variant returns the page parser for text needing features f.
func (c *Converter) variant(f features) goldmark.Markdown {
	v := &c.variants[f]
	v.once.Do(func() {
		v.md = newGoldmark(c.opts, true, gfmExtender{linkify: f&featAutolink != 0}, typographer{f})
	})
	return v.md
}

func (c *Converter) convert(md goldmark.Markdown, src []byte, pc *PageContext, emit func([]byte) error) (*Result, error) {
	if pc == nil {
		pc = &PageContext{}
	}
	doc := md.Parser().Parse(text.NewReader(src))
	p := page{src: src, pc: pc, unsafe: c.opts.UnsafeHTML, embedHosts: c.opts.EmbedHosts}
	p.process(doc)
	if err := c.render(md, src, doc, len(src)+len(src)/4+512, emit); err != nil {
		return nil, err
	}
	return &p.res, nil
}

// Inline renders a short Markdown string, such as a data file's text field.
// A single paragraph is returned without its <p> wrapper; anything else is
// rendered as blocks. Citations are not recognised and links are not
// resolved. Raw HTML follows Options.UnsafeHTML.
func (c *Converter) Inline(src []byte) []byte {
	doc := c.inline.Parser().Parse(text.NewReader(src))
	if !c.opts.UnsafeHTML && bytes.IndexByte(src, '<') >= 0 { // raw HTML starts with <
		inlineLangSpans(doc, src)
	}
	var out []byte
	err := c.render(c.inline, src, doc, len(src)+len(src)/4+64, func(b []byte) error {
		out = bytes.Clone(b)
		return nil
	})
	if err != nil {
		return nil
	}
	if doc.ChildCount() == 1 && doc.FirstChild().Kind() == ast.KindParagraph {
		if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>\n")) {
			out = out[3 : len(out)-5]
		}
	}
	return out
}

// render renders doc into a pooled buffer and passes the HTML to emit,
// after which the buffer goes back to the pool.
func (c *Converter) render(md goldmark.Markdown, src []byte, doc ast.Node, size int, emit func([]byte) error) error {
	buf := c.buffers.Get().(*bytes.Buffer)
	buf.Reset()
	buf.Grow(size)
	w := c.writers.Get().(*bufio.Writer)
	w.Reset(buf)
	err := md.Renderer().Render(w, src, doc) // flushes w
	w.Reset(nil)
	c.writers.Put(w)
	if err == nil {
		err = emit(buf.Bytes())
	}
	if buf.Cap() <= maxPooledBuffer {
		c.buffers.Put(buf)
	}
	return err
}

// maxPooledBuffer is the largest render buffer kept for reuse.
const maxPooledBuffer = 1 << 20
