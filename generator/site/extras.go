package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/images"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
)

// writeExtras writes aliases, feeds, the sitemap, robots.txt, assets and
// copied content files.
func (b *build) writeExtras() {
	s := b.site
	b.extraOut = map[string]bool{}
	write := func(rel string, data []byte) {
		b.extraOut[rel] = true
		if err := b.out.WriteFile(rel, data); err != nil {
			b.diags.Add(rel, 0, 0, "cannot write: %v", err)
		}
		b.nfiles++
	}
	for _, p := range s.All {
		for _, a := range p.Aliases {
			out := content.AliasOutPath(a)
			write(out, aliasPage(s, p, out))
		}
	}
	if content.HasRedirects(s) {
		write("_redirects", redirects(s))
	}
	// Sitemaps and feeds need absolute addresses: without a base URL
	// they are not written (Result.Notes says so).
	if s.BaseURL != "" {
		if data, ok := b.sitemapOutput(); ok {
			write("sitemap.xml", data)
		}
		for _, l := range s.Languages {
			b.writeFeeds(siteOfLanguage(s, l), write)
		}
	}
	if !b.files["robots.txt"] { // content/robots.txt is copied below
		if data, ok := b.robotsOutput(); ok {
			write("robots.txt", data)
		}
	}
	for _, rel := range sortedPaths(b.assets.Files) {
		write(rel, b.assets.Files[rel])
	}
	var imgFiles []content.File
	for _, f := range s.Files {
		if images.IsImage(f.Src) {
			imgFiles = append(imgFiles, f)
			continue
		}
		data, err := fs.ReadFile(b.opts.FS, f.Src)
		if err != nil {
			b.diags.Add(f.Src, 0, 0, "cannot read: %v", err)
			continue
		}
		write(f.OutPath, data)
	}
	b.publishImages(imgFiles, write)
}

// writeFeeds writes the Atom feeds of one language's view of the site:
// its home's (atom.xml, es/atom.xml), each section's and the corrections
// page's.
func (b *build) writeFeeds(ls *content.Site, write func(string, []byte)) {
	if data, ok := b.feedOutput(ls.Home, ls.Pages); ok {
		write(strings.TrimPrefix(ls.Home.URL, "/")+"atom.xml", data)
	}
	for _, sec := range ls.Sections {
		var pages []*content.Page
		for _, p := range sec.Pages {
			if p.Kind == content.KindPage {
				pages = append(pages, p)
			}
		}
		if data, ok := b.feedOutput(sec, pages); ok {
			write(strings.TrimPrefix(sec.URL, "/")+"atom.xml", data)
		}
	}
	if c := ls.CorrectionsPage; c != nil && c.Kind != content.KindSection {
		write(strings.TrimPrefix(c.URL, "/")+"atom.xml", b.correctionsFeed(ls))
	}
}

func aliasPage(s *content.Site, p *content.Page, out string) []byte {
	target := escapePath(p.URL)
	canonical := target
	if s.BaseURL != "" {
		canonical = layout.AbsURL(s.BaseURL, target)
	}
	var b bytes.Buffer
	lang := s.Language
	if p.Language != nil {
		lang = p.Language.Code
	}
	if lang == "" {
		lang = "en"
	}
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>Moved: %s</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="%s">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body>
<p>This page has moved to <a href="%s">%s</a>.</p>
</body>
</html>
`, template.HTMLEscapeString(lang), template.HTMLEscapeString(p.Title), template.HTMLEscapeString(canonical),
		template.HTMLEscapeString(rewriteURL(target, dirOf(out), "", nil)), target, template.HTMLEscapeString(p.Title))
	return relativize(b.Bytes(), out, "")
}

func dirOf(out string) string {
	i := strings.LastIndexByte(out, '/')
	if i < 0 {
		return ""
	}
	return out[:i]
}

// pageURL is the address written in feeds and the sitemap: absolute under
// the base URL when there is one, else root-relative.
func pageURL(s *content.Site, u string) string {
	return layout.AbsURL(s.BaseURL, escapePath(u))
}

func sitemap(s *content.Site) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if s.Multilingual() {
		// Each page lists its versions in the other languages.
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	} else {
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	}
	for _, p := range s.All {
		if p.Kind == content.Kind404 {
			continue
		}
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(pageURL(s, p.URL)))
		b.WriteString("</loc>")
		if !p.Updated.IsZero() {
			b.WriteString("<lastmod>" + layout.ISODate(p.Updated) + "</lastmod>")
		}
		for _, a := range alternates(p) {
			b.WriteString("\n    <xhtml:link rel=\"alternate\" hreflang=\"")
			xml.EscapeText(&b, []byte(a.lang))
			b.WriteString("\" href=\"")
			xml.EscapeText(&b, []byte(pageURL(s, a.page.URL)))
			b.WriteString("\"/>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// FeedLimit is the number of entries in a feed: the most recently updated
// pages. Feed readers poll feeds often; a newsroom's archive of thousands
// of pages does not belong in every poll.
const FeedLimit = 50

// feed writes an Atom feed of the FeedLimit most recently updated pages,
// newest first.
func feed(s *content.Site, owner *content.Page, pages []*content.Page, summary func(*content.Page) string) []byte {
	ps := append([]*content.Page(nil), pages...)
	sort.SliceStable(ps, func(i, j int) bool {
		if !ps[i].Updated.Equal(ps[j].Updated) {
			return ps[i].Updated.After(ps[j].Updated)
		}
		return ps[i].URL < ps[j].URL
	})
	if len(ps) > FeedLimit {
		ps = ps[:FeedLimit]
	}
	var updated time.Time
	for _, p := range ps {
		if p.Updated.After(updated) {
			updated = p.Updated
		}
	}
	if updated.IsZero() {
		updated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var b bytes.Buffer
	esc := func(t string) { xml.EscapeText(&b, []byte(t)) }
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n  <title>")
	title := s.Title
	if owner != nil && owner.Kind != content.KindHome {
		title = owner.Title + " – " + s.Title
	}
	esc(title)
	b.WriteString("</title>\n  <id>")
	esc(pageURL(s, owner.URL))
	b.WriteString("</id>\n  <link href=\"")
	esc(pageURL(s, owner.URL))
	b.WriteString("\"/>\n  <link rel=\"self\" href=\"")
	esc(pageURL(s, owner.URL+"atom.xml"))
	b.WriteString("\"/>\n  <updated>" + updated.UTC().Format(time.RFC3339) + "</updated>\n")
	writeFeedAuthors(&b, s, nil)
	for _, p := range ps {
		b.WriteString("  <entry>\n    <title>")
		esc(p.Title)
		b.WriteString("</title>\n    <id>")
		esc(pageURL(s, p.URL))
		b.WriteString("</id>\n    <link href=\"")
		esc(pageURL(s, p.URL))
		b.WriteString("\"/>\n    <updated>" + p.Updated.UTC().Format(time.RFC3339) + "</updated>\n")
		if !p.Date.IsZero() {
			b.WriteString("    <published>" + p.Date.UTC().Format(time.RFC3339) + "</published>\n")
		}
		writeFeedAuthors(&b, s, p)
		if sum := summary(p); sum != "" {
			b.WriteString("    <summary>")
			esc(sum)
			b.WriteString("</summary>\n")
		}
		b.WriteString("  </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// editorialChecks are the extra checks of `generator check`.
func (b *build) editorialChecks(pages []*content.Page) {
	b.checkShareImages(pages)
	b.checkTranslations(pages)
	declared := map[string]bool{}
	for _, f := range b.site.PageFields {
		declared[f] = true
	}
	for _, p := range pages {
		if p.Description == "" && p.Kind != content.Kind404 {
			b.diags.Warn(p.Path, 1, 1, "no description: add a one-sentence description to the front matter (it is shown in search results and link previews)")
		}
		for _, f := range p.UnknownFields {
			if declared[f] {
				continue
			}
			pos := p.FieldPos[f]
			b.diags.Warn(p.Path, pos.Line, pos.Col, "unknown front matter field %q%s", f, content.UnknownFieldHint(f))
		}
		if !p.ReviewBy.IsZero() && b.now.After(p.ReviewBy) {
			pos := p.FieldPos["review_by"]
			b.diags.Warn(p.Path, pos.Line, pos.Col, "review_by date %s has passed: check this page is still accurate, then move the date forward", p.ReviewBy.Format("2006-01-02"))
		}
		prev := 1
		for _, h := range b.recs.get(p).headings() {
			if h.Level > prev+1 {
				b.diags.Warn(p.Path, h.Line, h.Col, "heading level skipped: %q is a level-%d heading after level %d; use %s", h.Text, h.Level, prev, strings.Repeat("#", prev+1))
			}
			prev = h.Level
		}
		b.imageWarnings(p)
		for _, img := range b.recs.get(p).images() {
			if strings.TrimSpace(img.Alt) != "" {
				continue
			}
			b.diags.Warn(p.Path, img.Line, img.Col, "image without alt text: describe the image inside the brackets, ![like this](photo.jpg)")
		}
	}
}
