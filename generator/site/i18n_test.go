package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nuhw-explainer/kpstrikes/generator/i18n"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
)

const stringsSite = `
-- content/site.yaml --
title: Strings
-- content/data/sources.yaml --
- key: a
  outlet: A
  title: A
  date: 2023-10
-- content/_index.md --
---
title: Home
date: 2026-11-30
---
Hello [@a].

> [!NOTE]
> A note.

| Year |
|---|
| 2024 |
-- layouts/home.html --
<p>{{ T "nav.home" }}</p>
<p>{{ T "sources" (len .Citations) }} · {{ T "sources" 2000 }}</p>
<p>{{ apdate .Date }} · {{ apdate (source "a") }} · {{ number 12345 }}</p>
{{ citeref . "a" }}
{{ .Content }}
-- layouts/page.html --
{{ .Title }}
-- layouts/i18n/en.yaml --
callout.note: Heads up
table:
  label: Figures
cite:
  source: "Reference {number}"
nav:
  home: Home page
sources:
  one: "{count} source"
  other: "{count} sources"
`

// TestTFunctionWritesTheStringsFileText builds a one-language site whose
// layout takes its words from layouts/i18n/en.yaml, with plural forms.
func TestTFunctionWritesTheStringsFileText(t *testing.T) {
	dir := sitetest.FromArchive(t, stringsSite)
	if _, err := Build(Options{Source: dir, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<p>Home page</p>\n<p>1 source · 2,000 sources</p>\n<p>Nov. 30, 2026 · October 2023 · 12,345</p>\n",
		`<p class="callout-label">Heads up</p>`,
		`role="region" aria-label="Figures: Year"`,
		`<sup class="cite">[<a href="#source-a" id="c1-1" aria-label="Reference 1">1</a>]</sup>`,
		`<sup class="cite">[<a href="#source-a" aria-label="Reference 1">1</a>]</sup>`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("no %s in\n%s", want, b)
		}
	}
}

// TestTKeyMissingEverywhereIsAnErrorAtTheLayout: the key is not in
// en.yaml, so check reports the layout's line and column of T.
func TestTKeyMissingEverywhereIsAnErrorAtTheLayout(t *testing.T) {
	dir := sitetest.FromArchive(t, strings.Replace(stringsSite, `<p>{{ T "nav.home" }}</p>`, `<p>é {{ T "nav.home" }} {{ T "nav.about" }}</p>`, 1))
	got := diagLines(Check(Options{Source: dir, NoCache: true}, testNow))
	want := `layouts/home.html:1:28: error: T "nav.about": no text for this key in layouts/i18n/en.yaml: add it there (for example  nav.about: …)`
	if !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestTKeyMissingInOneLanguageIsAWarning: es.yaml lacks a key en.yaml
// has; the Spanish render falls back to English.
func TestTKeyMissingInOneLanguageIsAWarning(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/page.html":    {Data: []byte("{{ T \"a\" }}\n  {{ if true }}{{ T \"b\" }}{{ end }}")},
		"layouts/i18n/en.yaml": {Data: []byte("a: A\nb: B\n")},
		"layouts/i18n/es.yaml": {Data: []byte("a: Á\n")},
	}
	cat, ds := i18n.Load(fsys, []i18n.Language{{Code: "en"}, {Code: "es"}}, nil)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	env := &layout.Env{I18n: cat}
	set, ds := layout.LoadLangs(fsys, layout.Funcs(env), langFuncs(env, cat), nil)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	got := diagLines(checkTCalls(set, cat))
	want := `layouts/page.html:2:19: warning: T "b": no text for this key in layouts/i18n/es.yaml, so es pages show the en text: add it there`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for code, out := range map[string]string{"": "A\n  B", "en": "A\n  B", "es": "Á\n  B"} {
		var sb strings.Builder
		if err := set.ExecuteLang(&sb, "page.html", code, nil, nil); err != nil || sb.String() != out {
			t.Errorf("%q: %q, %v", code, sb.String(), err)
		}
	}
}

const bilingualSite = `
-- content/site.yaml --
title: Strings
languages:
  - {code: en, name: English}
  - {code: es, name: Español, locale: es-US, title: Cadenas}
callouts:
  unknown: {label: "What we don't know"}
-- content/data/sources.yaml --
- key: a
  outlet: A
  title: A
  date: 2023-10
-- content/settlement.md --
---
title: Settlement
description: The deal.
date: 2026-11-30
---
Hello [@a].

> [!UNKNOWN]
> Much.
-- content/es/acuerdo.md --
---
title: Acuerdo
description: El trato.
translation_of: settlement.md
date: 2026-11-30
corrections:
  - date: 2026-11-29
    text: Corregimos una cifra.
---
Hola [@a].

> [!UNKNOWN]
> Mucho.

| Año |
|---|
| 2024 |
-- layouts/page.html --
<p>{{ T "sources" (len .Citations) }} · {{ T "sources" 2000 }} · {{ T "only_en" }}</p>
<p>{{ apdate .Date }} · {{ apdate (source "a") }} · {{ apdate "2023-10" }} · {{ number 12345 }} · {{ date "Monday, January 2" .Date }}</p>
{{ .Content }}
-- layouts/section.html --
{{ .Title }}
-- layouts/i18n/en.yaml --
only_en: English only
sources:
  one: "{count} source"
  other: "{count} sources"
-- layouts/i18n/es.yaml --
callout:
  unknown: Lo que no sabemos
table.label: Tabla
cite.source: "Fuente {number}"
sources:
  one: "{count} fuente"
  other: "{count} fuentes"
`

// TestSpanishPagesGetSpanishWordsDatesAndNumbers builds a site in English
// and Spanish: the same layout writes each page in its own language.
func TestSpanishPagesGetSpanishWordsDatesAndNumbers(t *testing.T) {
	dir := sitetest.FromArchive(t, bilingualSite)
	res, err := Build(Options{Source: dir, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, "public", p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for page, wants := range map[string][]string{
		"settlement/index.html": {
			"<p>1 source · 2,000 sources · English only</p>",
			"<p>Nov. 30, 2026 · October 2023 · October 2023 · 12,345 · Monday, November 30</p>",
			`<p class="callout-label">What we don't know</p>`,
			`aria-label="Source 1"`,
		},
		"es/acuerdo/index.html": {
			"<p>1 fuente · 2,000 fuentes · English only</p>",
			"<p>30 de noviembre de 2026 · octubre de 2023 · octubre de 2023 · 12,345 · lunes, noviembre 30</p>",
			`<p class="callout-label">Lo que no sabemos</p>`,
			`aria-label="Fuente 1"`,
			`aria-label="Tabla: Año"`,
		},
		"es/corrections/index.html": {
			`<time datetime="2026-11-29">29 de noviembre de 2026</time>`,
		},
	} {
		got := read(page)
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s: no %s in\n%s", page, want, got)
			}
		}
	}
	got := diagLines(res.Diags)
	want := `layouts/page.html:1:69: warning: T "only_en": no text for this key in layouts/i18n/es.yaml, so es pages show the en text: add it there`
	if !strings.Contains(got, want) {
		t.Errorf("diagnostics:\n%s\nwant\n%s", got, want)
	}
}
