package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

const serveTwoLanguages = `
-- content/site.yaml --
title: Serve test
languages:
  - {code: en, name: English}
  - {code: es, name: Español, title: Prueba}
-- content/_index.md --
---
title: Home
---
Home page.
-- content/a.md --
---
title: Page A
---
First version of A.
-- content/es/a.md --
---
title: Página A
translation_of: a.md
---
Primera versión.
-- content/data/facts.yaml --
word: English
-- layouts/base.html --
<!DOCTYPE html><html lang="{{ .Language.Code }}"><head><title>{{ .Title }} – {{ .Site.Title }}</title>{{ range .Alternates }}<link rel="alternate" hreflang="{{ .Hreflang }}" href="{{ .URL }}">{{ end }}</head><body>{{ block "main" . }}{{ end }}<nav>{{ range .LanguageLinks }}<a href="{{ .URL }}">{{ .Language.Name }}</a>{{ end }}</nav><p>{{ .Site.Data.facts.word }}</p></body></html>
-- layouts/page.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ range .Translations }}<aside>{{ .Summary }}</aside>{{ end }}{{ end }}
-- layouts/section.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}{{ end }}
-- layouts/404.html --
{{ define "main" }}<h1>404 {{ .Language.Code }}</h1>{{ end }}
`

// TestServeRebuildsEveryLanguageLikeABuild edits, adds and removes pages
// and data of the second language while serve runs: each change is served,
// and the output folder ends byte for byte as a clean build writes it.
func TestServeRebuildsEveryLanguageLikeABuild(t *testing.T) {
	root, base, _ := startServe(t, serveTwoLanguages)
	ev := events(t, base)
	waitEvent(t, ev, "hello")
	if code, body := get(t, base+"es/a/"); code != 200 || !strings.Contains(body, `<html lang="es">`) || !strings.Contains(body, "<aside>First version of A.</aside>") {
		t.Fatalf("GET es/a/: %d %s", code, body)
	}
	steps := []struct {
		do        func()
		url, want string
	}{
		{func() {
			saveAtomically(t, filepath.Join(root, "content", "a.md"), "---\ntitle: Page A\n---\nSecond version of A.\n")
		}, "es/a/", "<aside>Second version of A.</aside>"},
		{func() {
			os.MkdirAll(filepath.Join(root, "content", "es", "sección"), 0o755)
			os.WriteFile(filepath.Join(root, "content", "es", "sección", "artículo.md"), []byte("---\ntitle: Artículo\n---\nNuevo.\n"), 0o644)
		}, "es/seccion/articulo/", "Nuevo."},
		{func() {
			os.WriteFile(filepath.Join(root, "content", "data", "facts.es.yaml"), []byte("word: Español\n"), 0o644)
		}, "es/seccion/articulo/", "<p>Español</p>"},
		{func() {
			os.RemoveAll(filepath.Join(root, "content", "es", "sección"))
		}, "es/seccion/articulo/", "<h1>404 es</h1>"},
	}
	for i, s := range steps {
		s.do()
		waitEvent(t, ev, "reload")
		if _, body := get(t, base+s.url); !strings.Contains(body, s.want) {
			t.Fatalf("step %d: GET %s does not show %q:\n%s", i, s.url, s.want, body)
		}
	}
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := site.Build(site.Options{Source: root, Dest: clean, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	built, served := sitetest.ReadTree(t, clean), sitetest.ReadTree(t, filepath.Join(root, "public"))
	if d := sitetest.Diff(built, served); d != "" {
		t.Errorf("what serve left differs from what a build writes (missing: serve lacks it; extra: serve left it):\n%s", d)
	}
}
