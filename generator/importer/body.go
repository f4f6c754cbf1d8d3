package importer

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"
)

// patterns are the Hugo and Zola syntaxes the importer rewrites, compiled
// on first use: at start-up they cost every command of the generator a
// third of a millisecond.
var patterns = sync.OnceValue(func() *bodyPatterns {
	return &bodyPatterns{
		hugoRef:          regexp.MustCompile(`\{\{[<%]\s*(?:rel)?ref\s+(?:"([^"]*)"|'([^']*)'|([^\s>%]+))\s*[>%]\}\}`),
		hugoFigure:       regexp.MustCompile(`\{\{<\s*figure\s+([^>]*?)\s*/?>\}\}`),
		hugoAttr:         regexp.MustCompile(`(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))`),
		hugoHighlight:    regexp.MustCompile(`^\s*\{\{<\s*highlight\s+([\w+#.-]+)[^>]*>\}\}\s*$`),
		hugoHighlightEnd: regexp.MustCompile(`^\s*\{\{<\s*/highlight\s*>\}\}\s*$`),
		hugoShortcode:    regexp.MustCompile(`\{\{[<%]\s*/?\s*([\w./-]+)[^}]*[>%]\}\}`),
		zolaLink:         regexp.MustCompile(`(\]\(\s*|\]:\s*)@/([^)\s#]*)(#[^)\s]*)?`),
		zolaShortcode:    regexp.MustCompile(`\{\{\s*([\w-]+)\(.*?\)\s*\}\}|\{%\s*([\w-]+)\(.*?\)\s*%\}`),
		datePrefix:       regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[-_]`),
	}
})

type bodyPatterns struct {
	// {{< ref "posts/x.md#a" >}}, {{% relref "x" %}}
	hugoRef *regexp.Regexp
	// {{< figure src="x.jpg" alt="…" caption="…" >}}
	hugoFigure, hugoAttr *regexp.Regexp
	// {{< highlight go "linenos=table" >}} … {{< /highlight >}}
	hugoHighlight, hugoHighlightEnd *regexp.Regexp
	hugoShortcode                   *regexp.Regexp
	// [text](@/blog/x.md#a) and [ref]: @/blog/x.md
	zolaLink, zolaShortcode *regexp.Regexp
	// 2024-05-01-title.md
	datePrefix *regexp.Regexp
}

// convertBody rewrites a page's links and the shortcodes it can, and notes
// the others at their lines. Fenced code is left alone.
func (im *importer) convertBody(p *page, src string) []byte {
	re := patterns()
	lines := strings.SplitAfter(string(p.body), "\n")
	fence := ""
	for i, l := range lines {
		lineNo := p.bodyLine + i
		t := strings.TrimLeft(l, " ")
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			if im.opts.Kind == "hugo" && re.hugoHighlightEnd.MatchString(l) {
				lines[i] = "```\n"
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if im.opts.Kind == "hugo" {
			if m := re.hugoHighlight.FindStringSubmatch(l); m != nil {
				lines[i] = "```" + m[1] + "\n"
				fence = "{{<" // ends only at {{< /highlight >}}
				continue
			}
			lines[i] = im.hugoLine(p, src, lineNo, l)
		} else {
			lines[i] = im.zolaLine(p, src, lineNo, l)
		}
	}
	return []byte(strings.Join(lines, ""))
}

func (im *importer) hugoLine(p *page, src string, lineNo int, l string) string {
	re := patterns()
	l = re.hugoRef.ReplaceAllStringFunc(l, func(m string) string {
		g := re.hugoRef.FindStringSubmatch(m)
		ref := g[1] + g[2] + g[3]
		if link := im.refLink(p, ref); link != "" {
			return link
		}
		im.note(src, lineNo, "%s not converted: no page %q in content/", m, ref)
		return m
	})
	l = re.hugoFigure.ReplaceAllStringFunc(l, func(m string) string {
		attrs := map[string]string{}
		for _, a := range re.hugoAttr.FindAllStringSubmatch(re.hugoFigure.FindStringSubmatch(m)[1], -1) {
			attrs[a[1]] = a[2] + a[3] + a[4]
		}
		alt := firstNonEmpty(attrs["alt"], attrs["caption"], attrs["title"])
		img := fmt.Sprintf("![%s](%s", alt, attrs["src"])
		if c := firstNonEmpty(attrs["caption"], attrs["title"]); c != "" {
			img += fmt.Sprintf(" %q", c)
		}
		return img + ")"
	})
	for _, m := range re.hugoShortcode.FindAllStringSubmatch(l, -1) {
		im.note(src, lineNo, "shortcode %s not converted: write the Markdown or HTML it stands for", shorten(m[0]))
	}
	return l
}

func (im *importer) zolaLine(p *page, src string, lineNo int, l string) string {
	re := patterns()
	l = re.zolaLink.ReplaceAllStringFunc(l, func(m string) string {
		g := re.zolaLink.FindStringSubmatch(m)
		t := im.byOld[g[2]]
		if t == nil {
			im.note(src, lineNo, "link @/%s not converted: there is no content/%s", g[2], g[2])
			return m
		}
		return g[1] + relLink(dirOf(p.newPath), t.newPath) + g[3]
	})
	for _, m := range re.zolaShortcode.FindAllStringSubmatch(l, -1) {
		im.note(src, lineNo, "shortcode %s not converted: write the Markdown or HTML it stands for", shorten(m[0]))
	}
	if strings.Contains(l, "{% end %}") {
		im.note(src, lineNo, "shortcode end {%% end %%} not converted")
	}
	return l
}

// refLink is the relative link from p for a Hugo ref, or "".
func (im *importer) refLink(p *page, ref string) string {
	target, anchor, _ := strings.Cut(ref, "#")
	if anchor != "" {
		anchor = "#" + anchor
	}
	if target == "" {
		return anchor
	}
	t := im.findRef(p, target)
	if t == nil {
		return ""
	}
	return relLink(dirOf(p.newPath), t.newPath) + anchor
}

// findRef finds the page a Hugo ref or pageRef names: a path from content/
// (with a leading /) or from the page's folder, with or without .md, a
// bundle's or section's folder, or a file name unique in the site.
func (im *importer) findRef(from *page, ref string) *page {
	ref = strings.TrimSuffix(ref, "/")
	var bases []string
	if strings.HasPrefix(ref, "/") || from == nil {
		bases = []string{strings.TrimPrefix(ref, "/")}
	} else {
		bases = []string{path.Join(dirOf(from.oldPath), ref), ref}
	}
	for _, b := range bases {
		for _, c := range []string{b, b + ".md", b + "/index.md", b + "/_index.md"} {
			if p := im.byOld[c]; p != nil {
				return p
			}
		}
	}
	var found *page
	for _, p := range im.pages {
		if path.Base(p.oldPath) == path.Base(ref) || path.Base(p.oldPath) == path.Base(ref)+".md" {
			if found != nil {
				return nil // ambiguous
			}
			found = p
		}
	}
	return found
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:57] + "…"
	}
	return s
}
