package layout

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

func TestLookupOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html":           {Data: []byte(`<main>{{block "main" .}}{{end}}</main>`)},
		"layouts/page.html":           {Data: []byte(`{{define "main"}}page {{.Title}}{{end}}`)},
		"layouts/section.html":        {Data: []byte(`{{define "main"}}section{{end}}`)},
		"layouts/faq/page.html":       {Data: []byte(`{{define "main"}}faq page{{end}}`)},
		"layouts/timeline.html":       {Data: []byte(`standalone {{template "partials/p.html"}}`)},
		"layouts/partials/p.html":     {Data: []byte(`partial`)},
		"layouts/assets/css/site.css": {Data: []byte(`body{}`)},
	}
	set, ds := Load(fsys, Funcs(&Env{}), nil)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	faq := &content.Page{Kind: content.KindSection, URL: "/faq/"}
	cases := []struct {
		p    *content.Page
		want string
		out  string
	}{
		{&content.Page{Kind: content.KindPage, URL: "/x/", Title: "X"}, "page.html", "<main>page X</main>"},
		{&content.Page{Kind: content.KindPage, URL: "/faq/q/", Section: faq}, "faq/page.html", "<main>faq page</main>"},
		{&content.Page{Kind: content.KindPage, URL: "/t/", Layout: "timeline"}, "timeline.html", "standalone partial"},
		{&content.Page{Kind: content.KindHome, URL: "/"}, "section.html", "<main>section</main>"},
		{&content.Page{Kind: content.KindTerm, URL: "/tags/a/"}, "section.html", "<main>section</main>"},
		{&content.Page{Kind: content.Kind404, URL: "/404.html"}, "page.html", "<main>page </main>"},
	}
	for _, c := range cases {
		name, err := set.Lookup(c.p)
		if err != nil || name != c.want {
			t.Errorf("Lookup(%s %s) = %q, %v; want %q", c.p.Kind, c.p.URL, name, err, c.want)
			continue
		}
		var b bytes.Buffer
		if err := set.Execute(&b, name, c.p, c.p); err != nil || b.String() != c.out {
			t.Errorf("Execute(%s) = %q, %v; want %q", name, b.String(), err, c.out)
		}
	}
	if _, err := set.Lookup(&content.Page{Kind: content.KindPage, Layout: "nope"}); err == nil || !strings.Contains(err.Error(), "layouts/nope.html") {
		t.Errorf("unknown layout: %v", err)
	}
}

func TestTemplateErrorsPointAtFileLine(t *testing.T) {
	_, ds := Load(fstest.MapFS{"layouts/page.html": {Data: []byte("ok\n{{ if }}")}}, Funcs(&Env{}), nil)
	if !strings.HasPrefix(ds.Error(), "layouts/page.html:2:") {
		t.Errorf("parse error: %q", ds.Error())
	}
	set, _ := Load(fstest.MapFS{"layouts/page.html": {Data: []byte("a\nb {{ .Nope }}")}}, Funcs(&Env{}), nil)
	err := set.Execute(&bytes.Buffer{}, "page.html", &content.Page{Path: "content/x.md"}, &content.Page{Path: "content/x.md"})
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/page.html:2:") || !strings.Contains(err.Error(), "content/x.md") || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("exec error: %v", err)
	}
}

func TestAssetsAreHashedAndCSSReferencesRewritten(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/assets/css/site.css": {Data: []byte(`a{background:url("../img/logo.svg")} b{background:url(data:x)}`)},
		"layouts/assets/img/logo.svg": {Data: []byte(`<svg/>`)},
	}
	a, ds := LoadAssets(fsys, map[string][]byte{"css/syntax.css": []byte(".chroma{}")})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	logo, _ := a.Get("img/logo.svg")
	css, _ := a.Get("css/site.css")
	if !strings.HasPrefix(logo, "/assets/img/logo.") || !strings.HasSuffix(logo, ".svg") {
		t.Errorf("logo URL %q", logo)
	}
	body := string(a.Files[strings.TrimPrefix(css, "/")])
	if !strings.Contains(body, `url("../img/`+strings.TrimPrefix(logo, "/assets/img/")+`")`) || !strings.Contains(body, "url(data:x)") {
		t.Errorf("CSS not rewritten: %s", body)
	}
	if _, err := a.Get("css/syntax.css"); err != nil {
		t.Error(err)
	}
	if _, err := a.Get("missing.css"); err == nil {
		t.Error("missing asset found")
	}
	_, ds = LoadAssets(fstest.MapFS{"layouts/assets/a.css": {Data: []byte("\n x{background:url(nope.png)}")}}, nil)
	if !strings.HasPrefix(ds.Error(), "layouts/assets/a.css:2:15:") {
		t.Errorf("missing url target: %q", ds.Error())
	}
}

type citer []*content.Citation

func (c citer) Citation(key string) *content.Citation {
	for _, x := range c {
		if x.Source.Key == key {
			return x
		}
	}
	return nil
}

func (c citer) SourcePath() string { return "content/x.md" }

func TestFuncs(t *testing.T) {
	src := &content.Source{Key: "k"}
	p := citer{{Number: 3, Source: src}}
	f := Funcs(&Env{BaseURL: "https://x.org/sub/", Sources: map[string]*content.Source{"k": src}})
	if got := f["absURL"].(func(string) string)("/a/"); got != "https://x.org/sub/a/" {
		t.Errorf("absURL %q", got)
	}
	citeref := f["citeref"].(func(Citer, any) (template.HTML, error))
	h, err := citeref(p, "k")
	if err != nil || !strings.Contains(string(h), `href="#source-k"`) || !strings.Contains(string(h), ">3<") {
		t.Errorf("citeref = %q, %v", h, err)
	}
	if _, err := citeref(p, "zz"); err == nil {
		t.Error("citeref of unknown key succeeded")
	}
	// A list of keys (as a data file gives it): one bracket, numbers ascending, each once.
	p = append(p, &content.Citation{Number: 1, Source: &content.Source{Key: "j"}})
	h, err = citeref(p, []any{"k", "j", "k"})
	want := `<sup class="cite">[<a href="#source-j" aria-label="Source 1">1</a>, <a href="#source-k" aria-label="Source 3">3</a>]</sup>`
	if err != nil || string(h) != want {
		t.Errorf("citeref of a list = %q, %v\nwant %q", h, err, want)
	}
	if _, err := citeref(p, []any{"k", 7}); err == nil {
		t.Error("citeref of a list holding a number succeeded")
	}
	daysf := f["days"].(func(any, any) (int, error))
	for _, c := range []struct {
		a, b any
		want int
	}{
		{"2024-10-21", "2025-05-04", 195}, // the 196th day of the strike
		{"2022-08", "2022-08-15", 14},
		{time.Date(2026, 3, 18, 23, 0, 0, 0, time.FixedZone("PDT", -7*3600)), "2026-03-18", 0},
		{"2025-01-01", "2024-12-31", -1},
	} {
		if got, err := daysf(c.a, c.b); err != nil || got != c.want {
			t.Errorf("days %v %v = %d, %v; want %d", c.a, c.b, got, err, c.want)
		}
	}
	if _, err := daysf("2024-10-21", "soon"); err == nil {
		t.Error("days of a text that is no date succeeded")
	}
	if _, err := daysf(nil, "2024-10-21"); err == nil {
		t.Error("days of no date succeeded")
	}
	if n, err := f["div"].(func(int, int) (int, error))(7, 2); n != 3 || err != nil {
		t.Errorf("div 7 2 = %d, %v", n, err)
	}
	if _, err := f["div"].(func(int, int) (int, error))(7, 0); err == nil {
		t.Error("div by zero succeeded")
	}
	if n := f["mul"].(func(int, int) int)(6, 7); n != 42 {
		t.Errorf("mul 6 7 = %d", n)
	}
	ap, _ := f["apdate"].(func(any) (string, error))("2024-10-21")
	if ap != "Oct. 21, 2024" {
		t.Errorf("apdate %q", ap)
	}
}

// hasCodePage is a page whose HasCode is a method, as site.Page's is.
type hasCodePage struct {
	Title string
	code  bool
}

func (p *hasCodePage) HasCode() bool { return p.code }

func TestWhereReadsMethodsFieldsAndKeys(t *testing.T) {
	a, b := &hasCodePage{"A", true}, &hasCodePage{"B", false}
	got, err := where([]*hasCodePage{a, b}, "HasCode", true)
	if err != nil || len(got) != 1 || got[0] != a {
		t.Errorf("where by method = %v, %v", got, err)
	}
	got, _ = where([]*hasCodePage{a, b}, "Title", "B")
	if len(got) != 1 || got[0] != b {
		t.Errorf("where by field = %v", got)
	}
	got, _ = where([]any{map[string]any{"k": 1}, map[string]any{"k": 2}}, "k", 2)
	if len(got) != 1 {
		t.Errorf("where by key = %v", got)
	}
	got, _ = where([]*hasCodePage{a, nil}, "code", true)
	if len(got) != 0 {
		t.Errorf("where read an unexported field: %v", got)
	}
}
