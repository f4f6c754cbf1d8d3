package layout

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

func loadErrors(t *testing.T, files map[string]string) string {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, text := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(text)}
	}
	_, ds := Load(fsys, Funcs(&Env{}), nil)
	return ds.Error()
}

func TestLayoutsThatMakeBlankPagesAreErrors(t *testing.T) {
	page := `{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}`
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"empty base", map[string]string{"layouts/base.html": "", "layouts/page.html": page},
			"layouts/base.html:1:1: the base layout writes nothing"},
		{"half-saved base", map[string]string{"layouts/base.html": "\n  \n", "layouts/page.html": page},
			"layouts/base.html:1:1: the base layout writes nothing"},
		{"base of blocks only", map[string]string{"layouts/base.html": `{{ define "x" }}<p>{{ end }}`, "layouts/page.html": page},
			"layouts/base.html:1:1: the base layout writes nothing"},
		{"no base", map[string]string{"layouts/page.html": page},
			"layouts/page.html:1:1: the layout only fills blocks of layouts/base.html, which does not exist"},
		{"empty page layout, no base", map[string]string{"layouts/page.html": " \n"},
			"layouts/page.html:1:1: the layout is empty"},
	}
	for _, c := range cases {
		got := loadErrors(t, c.files)
		if !strings.HasPrefix(got, c.want) || strings.Count(got, "\n") > 0 {
			t.Errorf("%s: got %q, want one error starting %q", c.name, got, c.want)
		}
	}
	// A page layout of its own needs no base, and a base with blocks is fine.
	for _, files := range []map[string]string{
		{"layouts/page.html": "<h1>{{ .Title }}</h1>"},
		{"layouts/base.html": `<main>{{ block "main" . }}{{ end }}</main>`, "layouts/page.html": page + "\n<!-- saved -->\n"},
	} {
		if got := loadErrors(t, files); got != "" {
			t.Errorf("%v: unexpected error %q", files, got)
		}
	}
}

// An HTML comment beside the blocks is dropped by html/template: the file
// still fills the base layout's blocks instead of rendering on its own
// (to nothing).
func TestCommentBesideBlocksStillFillsBase(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html": {Data: []byte(`<main>{{ block "main" . }}{{ end }}</main>`)},
		"layouts/page.html": {Data: []byte("<!-- page -->\n{{ define \"main\" }}page {{ .Title }}{{ end }}\n<!-- x -->")},
	}
	set, ds := Load(fsys, Funcs(&Env{}), nil)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	p := &content.Page{Kind: content.KindPage, URL: "/x/", Title: "X"}
	var b bytes.Buffer
	if err := set.Execute(&b, "page.html", p, p); err != nil || b.String() != "<main>page X</main>" {
		t.Errorf("got %q, %v; want <main>page X</main>", b.String(), err)
	}
}

func TestMissingTemplateIsReportedAtTheCall(t *testing.T) {
	got := loadErrors(t, map[string]string{
		"layouts/base.html":        "<main>\n{{ block \"main\" . }}{{ end }}\n{{ template \"partials/footer.html\" . }}</main>",
		"layouts/page.html":        "{{ define \"main\" }}\n  <h1>{{ .Title }}</h1>\n  {{ if .Title }}{{ template \"partials/nav.html\" . }}{{ end }}\n{{ end }}",
		"layouts/section.html":     "{{ define \"main\" }}{{ template \"partials/nav.html\" . }}{{ end }}",
		"layouts/timeline.html":    "<p>{{ template \"list\" . }}</p>",
		"layouts/partials/nav.txt": "not a template",
	})
	want := strings.Join([]string{
		`layouts/base.html:3:13: there is no layouts/partials/footer.html for {{ template "partials/footer.html" }}: create it, or correct the name`,
		`layouts/page.html:3:30: there is no layouts/partials/nav.html for {{ template "partials/nav.html" }}: create it, or correct the name`,
		`layouts/section.html:1:32: there is no layouts/partials/nav.html for {{ template "partials/nav.html" }}: create it, or correct the name`,
		`layouts/timeline.html:1:16: no layout defines the template "list": add {{ define "list" }}…{{ end }}, or correct the name`,
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestStylesheetShadowingTheGeneratedOneIsReported(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/assets/css/syntax.css": {Data: []byte(".chroma{}")},
		"layouts/assets/css/site.css":   {Data: []byte("body{}")},
	}
	a, ds := LoadAssets(fsys, map[string][]byte{"css/syntax.css": []byte("/* generated */")})
	if len(ds) != 1 || ds.HasErrors() || ds[0].Path != "layouts/assets/css/syntax.css" || !strings.Contains(ds[0].Msg, "replaces the stylesheet the generator writes") {
		t.Fatalf("got %v, want one warning at layouts/assets/css/syntax.css", ds)
	}
	u, _ := a.Get("css/syntax.css")
	if string(a.Files[strings.TrimPrefix(u, "/")]) != ".chroma{}" {
		t.Errorf("the site's own css/syntax.css is not the one published")
	}
	if _, ds := LoadAssets(fsys, map[string][]byte{"css/code.css": []byte("x")}); len(ds) != 0 {
		t.Errorf("no shadowing, yet %v", ds)
	}
}

// An error html/template's escaper finds while rendering (here {{ if }}
// branches that end inside and outside a quoted attribute) is reported in
// the file that holds it, not in base.html, which was being executed.
func TestEscapeErrorIsReportedInTheFileThatHoldsIt(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html": {Data: []byte("<!DOCTYPE html>\n<main>{{ block \"main\" . }}{{ end }}</main>")},
		"layouts/page.html": {Data: []byte("{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n{{ if .Title }}<p>{{ else }}<a href=\"{{ end }}x\n{{ end }}")},
	}
	set, ds := Load(fsys, Funcs(&Env{}), nil)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	p := &content.Page{Kind: content.KindPage, Path: "content/x.md", Title: "X"}
	err := set.Execute(&bytes.Buffer{}, "page.html", p, p)
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/page.html:3:") || !strings.Contains(err.Error(), "branches end in different contexts") {
		t.Errorf("got %v, want an error at layouts/page.html:3", err)
	}
}
