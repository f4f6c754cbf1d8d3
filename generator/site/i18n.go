package site

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/i18n"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
)

// siteLanguages lists the site's languages for the strings files, the
// default first.
func siteLanguages(s *content.Settings) []i18n.Language {
	if len(s.Languages) == 0 {
		code := s.Language
		if code == "" {
			code = "en"
		}
		return []i18n.Language{{Code: code}}
	}
	out := make([]i18n.Language, len(s.Languages))
	for i, l := range s.Languages {
		out[i] = i18n.Language{Code: l.Code, Locale: l.Locale, DateStyle: l.DateStyle}
	}
	return out
}

// pageLang is the language code of a page ("" for the default language).
func pageLang(p *content.Page) string {
	if p == nil || p.Language == nil || p.Language.Default {
		return ""
	}
	return p.Language.Code
}

// textHook gives the Markdown converter the words of page p's language.
func (b *build) textHook(p *content.Page) func(key, english string) string {
	lang := pageLang(p)
	return func(key, english string) string { return b.i18n.Text(lang, key, english) }
}

// langFuncs builds the language functions of every language but the
// default, for layout.LoadLangs.
func langFuncs(env *layout.Env, cat *i18n.Catalog) map[string]template.FuncMap {
	langs := cat.Languages()
	if len(langs) < 2 {
		return nil
	}
	m := make(map[string]template.FuncMap, len(langs)-1)
	for _, code := range langs[1:] {
		m[code] = layout.LangFuncs(env, code)
	}
	return m
}

// checkTCalls reports each {{ T "key" }} of the layouts whose key some
// language's strings file lacks: a warning (the default language's text is
// used) when the default language has it, else an error.
func checkTCalls(set *layout.Set, cat *i18n.Catalog) diag.List {
	var ds diag.List
	langs := cat.Languages()
	for _, c := range set.Calls("T") {
		missing := cat.MissingIn(c.Arg)
		if len(missing) == 0 {
			continue
		}
		files := make([]string, len(missing))
		for i, code := range missing {
			files[i] = cat.File(code)
		}
		d := diag.Diagnostic{Path: c.Path, Line: c.Line, Col: c.Col}
		if missing[0] == langs[0] {
			d.Msg = fmt.Sprintf("T %q: no text for this key in %s: add it there (for example  %s: …)", c.Arg, strings.Join(files, " or "), c.Arg)
		} else {
			d.Severity = diag.Warning
			d.Msg = fmt.Sprintf("T %q: no text for this key in %s, so %s pages show the %s text: add it there", c.Arg, strings.Join(files, " or "), strings.Join(missing, ", "), langs[0])
		}
		ds = append(ds, d)
	}
	return ds
}
