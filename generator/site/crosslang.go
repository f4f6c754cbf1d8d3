package site

import (
	"fmt"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// crossLanguage is check's warning for a link from page p to a page of
// another language that is not marked as intended with the title
// "lang:CODE" (mark), or marked with the wrong language; nil otherwise.
func crossLanguage(s *content.Site, p *content.Page, l linkUse, mark string, line, col int) *diag.Diagnostic {
	if l.err != "" || l.image || l.target == "" || p.Language == nil {
		return nil
	}
	_, u, _ := strings.Cut(l.target, "|")
	t := s.ByURL[u]
	if t == nil || t.Language == nil || t.Language == p.Language || strings.EqualFold(mark, t.Language.Code) {
		return nil
	}
	name := t.Path
	if name == "" {
		name = t.URL
	}
	d := &diag.Diagnostic{Path: p.Path, Line: line, Col: col, Severity: diag.Warning}
	if mark != "" {
		d.Msg = fmt.Sprintf("link to %s is marked \"lang:%s\", but that page is in %s (%s): write \"lang:%s\"", name, mark, t.Language.Name, t.Language.Code, t.Language.Code)
		return d
	}
	instead := ""
	if tr := content.TranslationIn(t, p.Language); tr != nil && tr != p {
		where := tr.Path
		if where == "" {
			where = tr.URL
		}
		instead = fmt.Sprintf("link to its %s version %s instead, or ", p.Language.Name, where)
	}
	d.Msg = fmt.Sprintf("link to %s, a page in %s, from a page in %s: %sif readers should go to the %s page, mark the link with the title \"lang:%s\": [text](%s \"lang:%s\")",
		name, t.Language.Name, p.Language.Name, instead, t.Language.Name, t.Language.Code, l.dest, t.Language.Code)
	return d
}
