package layout

import (
	"bytes"
	"html/template"
	"testing"
	"testing/fstest"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

// TestPageTemplatesShareOneSetAndKeepTheirOwnBlocks checks that every page
// template runs in one set (one clone per language, one escaping of each
// partial) while each still sees its own definitions: blocks of base.html,
// a template a partial calls, an empty define that does not override.
func TestPageTemplatesShareOneSetAndKeepTheirOwnBlocks(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html":          {Data: []byte(`<title>{{ block "title" . }}default{{ end }}</title>{{ template "partials/nav.html" . }}<main>{{ block "main" . }}{{ end }}</main>`)},
		"layouts/partials/nav.html":  {Data: []byte(`<nav>{{ template "partials/item.html" . }}</nav>`)},
		"layouts/partials/item.html": {Data: []byte(`{{ block "item" . }}item{{ end }}`)},
		"layouts/page.html":          {Data: []byte(`{{ define "main" }}page{{ end }}{{ define "item" }}page item{{ end }}`)},
		"layouts/section.html":       {Data: []byte(`{{ define "main" }}section{{ end }}{{ define "title" }}list{{ end }}{{ define "item" }}{{ end }}`)},
		"layouts/timeline.html":      {Data: []byte(`standalone {{ template "partials/nav.html" . }}{{ define "item" }}timeline item{{ end }}`)},
	}
	env := &Env{}
	funcs := Funcs(env)
	set, ds := LoadLangs(fsys, funcs, map[string]template.FuncMap{"es": LangFuncs(env, "es")}, nil)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, lang := range []string{"", "es"} {
		sets := map[any]bool{}
		for _, n := range set.Names() {
			tmpl := set.templates[n]
			if lang != "" {
				tmpl = set.byLang[lang][n]
			}
			sets[tmpl] = true
		}
		if len(sets) != 1 {
			t.Errorf("language %q: the page templates run in %d sets, want 1", lang, len(sets))
		}
	}
	for name, want := range map[string]string{
		"page.html":     "<title>default</title><nav>page item</nav><main>page</main>",
		"section.html":  "<title>list</title><nav>item</nav><main>section</main>",
		"timeline.html": "standalone <nav>timeline item</nav>",
	} {
		var b bytes.Buffer
		p := &content.Page{Kind: content.KindPage}
		if err := set.Execute(&b, name, p, p); err != nil || b.String() != want {
			t.Errorf("%s: %q, %v; want %q", name, b.String(), err, want)
		}
		if fills := name != "timeline.html"; set.FillsBase(name) != fills {
			t.Errorf("FillsBase(%s) = %v, want %v", name, !fills, fills)
		}
	}
}
