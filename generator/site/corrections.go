package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"html/template"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
)

// fillCorrectionsPages gives the generated corrections pages their
// content, in recs: a list of every correction, newest first, each
// linking to the corrected page. A corrections page written in content/
// keeps its own content; its layout lists .Site.Corrections.
func (b *build) fillCorrectionsPages(recs *layered[*content.Page, *rendered]) {
	for _, l := range b.site.Languages {
		b.fillCorrectionsPageOf(siteOfLanguage(b.site, l), recs)
	}
}

// fillCorrectionsPageOf fills the generated corrections page of one
// language's view of the site, ls.
func (b *build) fillCorrectionsPageOf(ls *content.Site, recs *layered[*content.Page, *rendered]) {
	p := ls.CorrectionsPage
	if p == nil || p.Path != "" {
		return
	}
	var h bytes.Buffer
	h.WriteString(`<ul class="corrections-log">` + "\n")
	for _, c := range ls.Corrections {
		h.WriteString(`<li class="correction"><p class="correction-meta"><time datetime="`)
		h.WriteString(layout.ISODate(c.Date))
		h.WriteString(`">`)
		h.WriteString(template.HTMLEscapeString(b.i18n.Date(ls.Language, c.Date)))
		h.WriteString(`</time> <a class="correction-page" href="`)
		h.WriteString(template.HTMLEscapeString(escapePath(c.Page.URL) + "#" + c.ID))
		h.WriteString(`">`)
		h.WriteString(template.HTMLEscapeString(c.Page.Title))
		h.WriteString("</a></p>\n<p class=\"correction-text\">")
		h.WriteString(string(b.markdownify(c.Text)))
		h.WriteString("</p></li>\n")
	}
	h.WriteString("</ul>\n")
	sum := sha256.Sum256(h.Bytes())
	recs.set(p, &rendered{content: template.HTML(h.String()), hash: hex.EncodeToString(sum[:]), summary: p.Title})
}

// correctionsFeed is the Atom feed of the corrections page of one
// language's view of the site, s: one entry per correction, newest first.
func (b *build) correctionsFeed(s *content.Site) []byte {
	owner := s.CorrectionsPage
	var buf bytes.Buffer
	esc := func(t string) { xml.EscapeText(&buf, []byte(t)) }
	buf.WriteString(xml.Header)
	buf.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n  <title>")
	esc(owner.Title + " – " + s.Title)
	buf.WriteString("</title>\n  <id>")
	esc(pageURL(s, owner.URL))
	buf.WriteString("</id>\n  <link href=\"")
	esc(pageURL(s, owner.URL))
	buf.WriteString("\"/>\n  <link rel=\"self\" href=\"")
	esc(pageURL(s, owner.URL+"atom.xml"))
	buf.WriteString("\"/>\n  <updated>" + s.Corrections[0].Date.UTC().Format(time.RFC3339) + "</updated>\n")
	writeFeedAuthors(&buf, s, nil)
	for i, c := range s.Corrections {
		if i == FeedLimit {
			break
		}
		u := pageURL(s, c.Page.URL) + "#" + c.ID
		buf.WriteString("  <entry>\n    <title>")
		esc(c.Page.Title)
		buf.WriteString("</title>\n    <id>")
		esc(u)
		buf.WriteString("</id>\n    <link href=\"")
		esc(u)
		buf.WriteString("\"/>\n    <updated>" + c.Date.UTC().Format(time.RFC3339) + "</updated>\n")
		writeFeedAuthors(&buf, s, c.Page)
		buf.WriteString("    <content type=\"html\">")
		esc(strings.TrimSpace(string(b.markdownify(c.Text))))
		buf.WriteString("</content>\n  </entry>\n")
	}
	buf.WriteString("</feed>\n")
	return buf.Bytes()
}

// writeFeedAuthors writes the author elements of a feed (p == nil: the
// site's byline) or of an entry for page p (its byline, when it differs
// from the site's).
func writeFeedAuthors(buf *bytes.Buffer, s *content.Site, p *content.Page) {
	authors, indent := s.Byline, "  "
	if p != nil {
		if sameAuthors(p.Authors, s.Byline) {
			return
		}
		authors, indent = p.Authors, "    "
	}
	for _, a := range authors {
		buf.WriteString(indent + "<author><name>")
		xml.EscapeText(buf, []byte(a.Name))
		buf.WriteString("</name>")
		if a.URL != "" {
			buf.WriteString("<uri>")
			xml.EscapeText(buf, []byte(authorURL(s, a)))
			buf.WriteString("</uri>")
		}
		buf.WriteString("</author>\n")
	}
}

func sameAuthors(a, b []*content.Author) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// authorURL is the address of an author's page: absolute as written, or
// under the base URL for a page of this site.
func authorURL(s *content.Site, a *content.Author) string {
	if strings.Contains(a.URL, "://") {
		return a.URL
	}
	return pageURL(s, a.URL)
}
