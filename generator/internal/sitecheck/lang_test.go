package sitecheck

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"golang.org/x/net/html"
)

// These tests read the built site's HTML for its languages: every page
// names its language, links to the other languages in its header, and its
// hreflang links go both ways.

// builtPage is what the language checks read of one built page.
type builtPage struct {
	lang       string            // <html lang>
	switcher   map[string]string // header links with hreflang: language → page (slash path under the site)
	alternates map[string]string // <link rel="alternate" hreflang>: language or x-default → page
}

// resolve returns the built file a link of page rel leads to, as a slash
// path under the site ("es/acuerdo/index.html"), and false for a link out
// of the site. Links are relative to the page, or root-relative (404 pages).
func resolve(rel, href string) (string, bool) {
	href, _, _ = strings.Cut(href, "#")
	if href == "" || strings.Contains(href, "://") {
		return "", false
	}
	p := path.Join(path.Dir(rel), href)
	if strings.HasPrefix(href, "/") {
		p = strings.TrimPrefix(path.Clean(href), "/")
	}
	if strings.HasSuffix(href, "/") || p == "." || p == "" {
		p = path.Join(p, "index.html")
	}
	return p, true
}

// readBuiltPage reads the language facts of one built page, and what is
// wrong with its language links.
func readBuiltPage(dir, rel string) (builtPage, []string, error) {
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return builtPage{}, nil, err
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return builtPage{}, nil, fmt.Errorf("%s: %w", rel, err)
	}
	var problems []string
	bp := builtPage{switcher: map[string]string{}, alternates: map[string]string{}}
	if h := all(doc, func(n *html.Node) bool { return n.Data == "html" }); len(h) == 1 {
		bp.lang = attr(h[0], "lang")
	}
	add := func(m map[string]string, what, lang, href string) {
		p, ok := resolve(rel, href)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s for %q leads out of the site: %q", what, lang, href))
			return
		}
		if prev, dup := m[lang]; dup && prev != p {
			problems = append(problems, fmt.Sprintf("two %ss for %q: %s and %s", what, lang, prev, p))
		}
		m[lang] = p
	}
	for _, header := range all(doc, func(n *html.Node) bool { return n.Data == "header" && hasClass(n, "site-header") }) {
		for _, a := range links(header) {
			hl := attr(a, "hreflang")
			if hl == "" {
				continue
			}
			if attr(a, "lang") != hl {
				problems = append(problems, fmt.Sprintf("language link %q has lang %q, want %q (its text is in that language)", textOf(a), attr(a, "lang"), hl))
			}
			add(bp.switcher, "language link", hl, attr(a, "href"))
		}
	}
	for _, l := range all(doc, func(n *html.Node) bool {
		return n.Data == "link" && attr(n, "rel") == "alternate" && attr(n, "hreflang") != ""
	}) {
		add(bp.alternates, "hreflang link", attr(l, "hreflang"), attr(l, "href"))
	}
	return bp, problems, nil
}

// TestEveryPageLinksToTheOtherLanguages checks every page of the built site
// when it has more than one language (by <html lang>): the header has a link
// to each other language, with hreflang and lang, leading to a built page in
// that language (the same page, or that language's home); and the page's
// hreflang links list itself, name built pages in the language they say,
// include x-default, and are returned by every page they name.
func TestEveryPageLinksToTheOtherLanguages(t *testing.T) {
	_, dir := BuildRealSite(t)
	r, err := checkLanguages(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.problems {
		t.Error(p)
	}
	if len(r.langs) < 2 {
		t.Fatalf("the built site has one language (%q); the explainer has English and Spanish", r.langs)
	}
	t.Logf("%d pages in %q: %d language links and %d hreflang links checked", r.pages, r.langs, r.switchers, r.pairs)
}

// languageReport is what checkLanguages found.
type languageReport struct {
	problems                []string
	langs                   []string // the languages of the pages, sorted
	pages, switchers, pairs int
}

// checkLanguages runs the checks of TestEveryPageLinksToTheOtherLanguages
// on the built site in dir.
func checkLanguages(dir string) (languageReport, error) {
	var r languageReport
	errorf := func(format string, args ...any) { r.problems = append(r.problems, fmt.Sprintf(format, args...)) }
	rels, err := HTMLPages(dir)
	if err != nil {
		return r, err
	}
	r.pages = len(rels)
	pages := map[string]builtPage{}
	for _, rel := range rels {
		bp, problems, err := readBuiltPage(dir, rel)
		if err != nil {
			return r, err
		}
		for _, p := range problems {
			errorf("%s: %s", rel, p)
		}
		if bp.lang == "" {
			errorf("%s: <html> has no lang", rel)
		}
		if !slices.Contains(r.langs, bp.lang) {
			r.langs = append(r.langs, bp.lang)
		}
		pages[rel] = bp
	}
	if len(r.langs) < 2 {
		return r, nil
	}
	slices.Sort(r.langs)
	langs := r.langs
	for _, rel := range rels {
		bp := pages[rel]
		for _, other := range langs {
			if other == bp.lang {
				continue
			}
			target, ok := bp.switcher[other]
			if !ok {
				errorf("%s (%s): no link to the %s edition in the header", rel, bp.lang, other)
				continue
			}
			r.switchers++
			if tp, ok := pages[target]; !ok {
				errorf("%s: the %s link leads to %s, which is not a built page", rel, other, target)
			} else if tp.lang != other {
				errorf("%s: the %s link leads to %s, a page in %q", rel, other, target, tp.lang)
			}
			// A page with a translation switches to it, not to the home page.
			if alt, ok := bp.alternates[other]; ok && alt != target {
				errorf("%s: the %s link leads to %s, but the page's translation is %s", rel, other, target, alt)
			}
		}
		if len(bp.alternates) == 0 {
			continue
		}
		if self := bp.alternates[bp.lang]; self != rel {
			errorf("%s: its hreflang links name %q for its own language %s, want the page itself", rel, self, bp.lang)
		}
		if _, ok := bp.alternates["x-default"]; !ok {
			errorf("%s: hreflang links without x-default", rel)
		}
		for hl, target := range bp.alternates {
			tp, ok := pages[target]
			switch {
			case !ok:
				errorf("%s: hreflang %s names %s, which is not a built page", rel, hl, target)
			case hl != "x-default" && tp.lang != hl:
				errorf("%s: hreflang %s names %s, a page in %q", rel, hl, target, tp.lang)
			case hl != "x-default" && tp.alternates[bp.lang] != rel:
				errorf("%s: hreflang %s names %s, whose hreflang %s is %q: the links must go both ways", rel, hl, target, bp.lang, tp.alternates[bp.lang])
			default:
				r.pairs++
			}
		}
	}
	return r, nil
}

// TestLanguageChecksCatchBrokenLinks runs the checks of
// TestEveryPageLinksToTheOtherLanguages on hand-made sites: a correct pair
// of pages passes, and each broken one is reported.
func TestLanguageChecksCatchBrokenLinks(t *testing.T) {
	page := func(lang, switchLang, switchHref, alternates string) string {
		return `<!doctype html><html lang="` + lang + `"><head><title>T</title>` + alternates + `</head><body>
<header class="site-header"><nav><a href="` + switchHref + `" hreflang="` + switchLang + `" lang="` + switchLang + `">X</a></nav></header>
<main><p>Text.</p></main></body></html>`
	}
	alts := func(en, es string) string {
		return `<link rel="alternate" hreflang="en" href="` + en + `"><link rel="alternate" hreflang="es" href="` + es + `"><link rel="alternate" hreflang="x-default" href="` + en + `">`
	}
	good := map[string]string{
		"index.html":             page("en", "es", "es/index.html", ""),
		"a/index.html":           page("en", "es", "../es/a/index.html", alts("index.html", "../es/a/index.html")),
		"b/index.html":           page("en", "es", "../es/index.html", ""), // no translation: the Spanish home
		"es/index.html":          page("es", "en", "../index.html", ""),
		"es/a/index.html":        page("es", "en", "../../a/index.html", alts("../../a/", "index.html")),
		"es/404.html":            page("es", "en", "/", ""),
		"404.html":               page("en", "es", "/es/", ""),
		"es/untranslated/a.html": page("es", "en", "/index.html", ""),
	}
	tests := []struct {
		name, file, html, want string
	}{
		{"no switcher", "b/index.html", strings.Replace(good["b/index.html"], `hreflang="es"`, `hreflang=""`, 1), "no link to the es edition"},
		{"switcher to a missing page", "b/index.html", page("en", "es", "../es/b/index.html", ""), "not a built page"},
		{"switcher to a page in the wrong language", "b/index.html", page("en", "es", "../a/index.html", ""), `a page in "en"`},
		{"switcher past the translation", "a/index.html", page("en", "es", "../es/index.html", alts("index.html", "../es/a/index.html")), "but the page's translation is es/a/index.html"},
		{"lang missing on the link", "b/index.html", strings.Replace(good["b/index.html"], `lang="es">`, `>`, 1), `has lang ""`},
		{"one-way hreflang", "es/a/index.html", page("es", "en", "../../a/index.html", alts("../../b/", "index.html")), "must go both ways"},
		{"no x-default", "a/index.html", strings.Replace(good["a/index.html"], `hreflang="x-default"`, `hreflang="fr"`, 1), "without x-default"},
	}
	t.Run("good site", func(t *testing.T) {
		r, err := checkLanguages(sitetest.FromMap(t, good))
		if err != nil || len(r.problems) > 0 || r.switchers != len(good) || r.pairs != 6 {
			t.Errorf("err %v, problems %q, %d language links, %d hreflang links; want none, none, %d, 6", err, r.problems, r.switchers, r.pairs, len(good))
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range good {
				files[k] = v
			}
			files[tt.file] = tt.html
			r, err := checkLanguages(sitetest.FromMap(t, files))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(r.problems, func(e string) bool { return strings.Contains(e, tt.want) }) {
				t.Errorf("problems = %q, want one containing %q", r.problems, tt.want)
			}
		})
	}
}
