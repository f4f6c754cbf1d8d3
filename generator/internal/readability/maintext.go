package readability

import (
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
)

// skippedTags are elements whose text is not part of the article: navigation,
// tables (numbers and short cells, not sentences), citation markers, code and
// machinery.
var skippedTags = []string{"nav", "table", "sup", "pre", "code", "script", "style", "svg", "template", "noscript"}

// skippedClasses are classes of elements whose text is apparatus, not the
// article: the date line, the source list under a page, the Sources page's
// registry, heading anchors, the key-number cards, tables of contents and
// breadcrumbs.
var skippedClasses = []string{"meta", "source-list", "registry-section", "anchor", "key-numbers", "toc", "breadcrumbs", "prevnext", "visually-hidden", "sr-only"}

// blockTags end a sentence when they open or close: a heading or list item
// with no final period is still a unit of its own.
var blockTags = []string{"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "section", "article", "header", "footer", "aside", "figcaption", "summary", "details", "ul", "ol", "dl", "br", "hr"}

// MainText returns the article text of a built HTML page: the text inside
// <main>, with paragraphs, list items, headings and other blocks separated by
// blank lines (so [Measure] ends a sentence there). Left out are the
// elements in skippedTags (navigation, tables, citation markers, code) and
// elements with a class in skippedClasses (source lists, the date line,
// heading anchors, key-number cards, the table of contents). A page without
// <main> has no article text.
func MainText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity

	var b strings.Builder
	depth := 0    // open elements inside <main>, counting <main>
	skipping := 0 // depth at which a skipped element opened, or 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if depth == 0 {
				if name == "main" {
					depth = 1
				}
				continue
			}
			depth++
			if skipping == 0 && (slices.Contains(skippedTags, name) || hasSkippedClass(t.Attr)) {
				skipping = depth
			}
			if skipping == 0 && slices.Contains(blockTags, name) {
				b.WriteString("\n\n")
			}
		case xml.EndElement:
			if depth == 0 {
				continue
			}
			name := strings.ToLower(t.Name.Local)
			if skipping == 0 && slices.Contains(blockTags, name) {
				b.WriteString("\n\n")
			}
			if skipping == depth {
				skipping = 0
			}
			depth--
			if depth == 0 && name == "main" {
				return b.String(), nil
			}
		case xml.CharData:
			if depth > 0 && skipping == 0 {
				b.WriteString(strings.ReplaceAll(string(t), "\n", " "))
			}
		}
	}
	return b.String(), nil
}

func hasSkippedClass(attrs []xml.Attr) bool {
	for _, a := range attrs {
		if strings.EqualFold(a.Name.Local, "class") {
			for _, c := range strings.Fields(a.Value) {
				if slices.Contains(skippedClasses, c) {
					return true
				}
			}
		}
	}
	return false
}
