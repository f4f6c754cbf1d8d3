package site

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
)

// underPrefix reports whether the root-relative URL u (perhaps with a
// query or #fragment) falls under one of the URL path prefixes.
func underPrefix(u string, prefixes []string) bool {
	u, _, _ = strings.Cut(u, "#")
	u, _, _ = strings.Cut(u, "?")
	for _, pre := range prefixes {
		pre = strings.TrimSuffix(pre, "/")
		if u == pre || strings.HasPrefix(u, pre+"/") {
			return true
		}
	}
	return false
}

// suggestPage returns the content-relative path of the page or file a
// broken link to the content-relative path rel probably meant: one whose
// path differs only in letter case, or the .md file of a link written
// without .md. It returns "" when there is none.
func suggestPage(s *content.Site, files map[string]bool, rel string) string {
	if !strings.HasSuffix(rel, ".md") {
		trimmed := strings.TrimSuffix(rel, "/")
		for _, c := range []string{trimmed + ".md", trimmed + "/index.md", trimmed + "/_index.md"} {
			if s.ByPath[c] != nil {
				return c
			}
		}
	}
	lower := strings.ToLower(rel)
	var found []string
	for p := range s.ByPath {
		if l := strings.ToLower(p); l == lower || l == lower+".md" {
			found = append(found, p)
		}
	}
	for f := range files {
		if strings.ToLower(f) == lower {
			found = append(found, f)
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return found[0]
}

// suggestURL names the page a broken root-relative link /clean probably
// meant: one whose URL differs only in letter case.
func suggestURL(s *content.Site, clean, frag string) string {
	want := strings.ToLower(strings.TrimSuffix(clean, "/") + "/")
	var found []string
	for u := range s.ByURL {
		if strings.ToLower(u) == want {
			found = append(found, u)
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return fmt.Sprintf(" (did you mean %s%s?)", found[0], frag)
}

// suggestAnchor names the id of target that anchor was probably meant to
// be, as the whole link dest: the same letters and digits, as other generators' heading slugs
// (#what-s-next for "What's next", Zola's and Hugo's styles) or another
// letter case give them.
func suggestAnchor(ids map[string]bool, dest, anchor string) string {
	key := anchorKey(anchor)
	if key == "" {
		return ""
	}
	var found []string
	for id := range ids {
		if anchorKey(id) == key {
			found = append(found, id)
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	base, _, _ := strings.Cut(dest, "#")
	return fmt.Sprintf(" (did you mean %s#%s?)", base, found[0])
}

func anchorKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isLinkProblem reports whether d is a broken link, which --links=warn
// turns into a warning.
func isLinkProblem(d diag.Diagnostic) bool {
	return strings.HasPrefix(d.Msg, "link ") || d.Msg == "empty link"
}

// shortcodeMarks open the template syntax of Hugo ({{< >}}, {{% %}}) and
// Zola ({{ }}, {% %}) shortcodes.
var shortcodeMarks = []string{"{{<", "{{%", "{%"}

// findShortcode returns the position and text of the first shortcode in a
// Markdown body, outside code blocks and code spans, or line 0.
func findShortcode(body []byte) (line, col int, text string) {
	if !bytes.Contains(body, []byte("{{")) && !bytes.Contains(body, []byte("{%")) {
		return 0, 0, ""
	}
	fence := ""
	for n, l := range bytes.Split(body, []byte("\n")) {
		t := strings.TrimLeft(string(l), " ")
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if len(l)-len(t) >= 4 { // an indented code block, or a list item's continuation
			continue
		}
		s := string(l)
		for i := 0; i < len(s); i++ {
			if s[i] == '`' { // skip a code span
				j := strings.IndexByte(s[i+1:], '`')
				if j < 0 {
					break
				}
				i += j + 1
				continue
			}
			for _, m := range shortcodeMarks {
				if strings.HasPrefix(s[i:], m) {
					end := len(s)
					for _, c := range []string{">}}", "%}}", "%}"} {
						if k := strings.Index(s[i:], c); k >= 0 && i+k+len(c) < end {
							end = i + k + len(c)
						}
					}
					if end == len(s) && !strings.Contains(s[i:], "}") {
						continue // a lone {% in prose
					}
					_, col := diag.Position([]byte(s), i)
					return n + 1, col, s[i:end]
				}
			}
		}
	}
	return 0, 0, ""
}

// shortcodeUse is the first Hugo or Zola shortcode in a page's body.
type shortcodeUse struct {
	line, col int
	text      string
}

// findShortcodeUse returns the first shortcode in body, or nil.
func findShortcodeUse(body []byte) *shortcodeUse {
	line, col, text := findShortcode(body)
	if line == 0 {
		return nil
	}
	return &shortcodeUse{line, col, text}
}

// shortcodeProblem reports the first shortcode of a page with Markdown
// body, once per file.
func shortcodeProblem(p *content.Page, sc *shortcodeUse) diag.Diagnostic {
	text := sc.text
	gen := "Hugo"
	if strings.HasPrefix(text, "{%") {
		gen = "Zola"
	}
	if len(text) > 60 {
		text = text[:57] + "…"
	}
	return diag.Diagnostic{Path: p.Path, Line: sc.line, Col: sc.col, Msg: fmt.Sprintf(
		"%s is %s shortcode syntax, which this generator does not run (it would show as text): write the Markdown or HTML it stands for (reported once per file)", text, gen)}
}

// linkSuggestion is the did-you-mean for a broken link in page p to
// clean (unescaped, without its #fragment frag).
func linkSuggestion(s *content.Site, files map[string]bool, p *content.Page, clean, frag string) string {
	if frag != "" {
		frag = "#" + frag
	}
	if strings.HasPrefix(clean, "/") {
		if h := suggestURL(s, clean, frag); h != "" {
			return h
		}
		if t := suggestPage(s, files, strings.TrimPrefix(path.Clean(clean), "/")); t != "" {
			return fmt.Sprintf(" (did you mean /%s%s?)", t, frag)
		}
		return ""
	}
	dir := p.Dir()
	if dir == "." {
		dir = ""
	}
	if t := suggestPage(s, files, path.Join(dir, clean)); t != "" {
		return fmt.Sprintf(" (did you mean %s%s?)", layout.RelPath(dir, "/"+t), frag)
	}
	return ""
}
