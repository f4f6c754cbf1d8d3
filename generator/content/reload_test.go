package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/deepsum"
)

func TestReload(t *testing.T) {
	page := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + body + "\n")}
	}
	for _, c := range []struct {
		name   string
		change func(fstest.MapFS)
		paths  []string
		want   bool
	}{
		{"body edit", func(m fstest.MapFS) { m["content/a.md"] = page("A", "New body.") }, []string{"content/a.md"}, true},
		{"same path twice", func(m fstest.MapFS) { m["content/a.md"] = page("A", "New body.") }, []string{"content/a.md", "content/a.md"}, true},
		{"front matter edit", func(m fstest.MapFS) { m["content/a.md"] = page("A2", "Body.") }, []string{"content/a.md"}, false},
		{"new page", func(m fstest.MapFS) { m["content/c.md"] = page("C", "Body.") }, []string{"content/c.md"}, false},
		{"deleted page", func(m fstest.MapFS) { delete(m, "content/a.md") }, []string{"content/a.md"}, false},
		{"a folder", func(fstest.MapFS) {}, []string{"content"}, false},
		{"a layout", func(fstest.MapFS) {}, []string{"layouts/page.html"}, false},
		{"settings", func(fstest.MapFS) {}, []string{"content/site.yaml"}, false},
		{"a draft", func(m fstest.MapFS) { m["content/d.md"] = page("D\ndraft: true", "Edited.") }, []string{"content/d.md"}, false},
		{"broken now", func(m fstest.MapFS) { m["content/a.md"] = &fstest.MapFile{Data: []byte("no front matter")} }, []string{"content/a.md"}, false},
		{"nothing", func(fstest.MapFS) {}, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := fstest.MapFS{
				"content/site.yaml": {Data: []byte("title: T\n")},
				"content/a.md":      page("A", "Body."),
				"content/b.md":      page("B", "Body."),
				"content/d.md":      page("D\ndraft: true", "Body."),
			}
			cache := NewCache()
			s, ds := Load(m, Options{Cache: cache})
			if ds.HasErrors() {
				t.Fatal(ds)
			}
			a := s.ByPath["a.md"]
			before := deepsum.Of(s)
			oldBody := BodyOf(s, a)
			c.change(m)
			ns, pages, ok := Reload(s, m, Options{Cache: cache}, c.paths)
			if ok != c.want {
				t.Fatalf("Reload = %v, want %v", ok, c.want)
			}
			if deepsum.Of(s) != before {
				t.Fatalf("Reload changed the site it was given")
			}
			if !ok {
				if ns != nil || pages != nil {
					t.Errorf("a refused Reload returned a site")
				}
				return
			}
			body := BodyOf(ns, a)
			if len(pages) != 1 || pages[0] != a || strings.TrimLeft(string(body.Text), "\n") != "New body.\n" || body.Hash == oldBody.Hash {
				t.Errorf("pages %v, body %q", pages, body.Text)
			}
			if b := BodyOf(ns, s.ByPath["b.md"]); string(b.Text) != string(BodyOf(s, s.ByPath["b.md"]).Text) {
				t.Errorf("the page not edited has body %q", b.Text)
			}
			if e := cache.entries["content/a.md"]; e.page.hash != body.Hash || e.size != int64(len(m["content/a.md"].Data)) {
				t.Errorf("cache not updated: %+v", e)
			}
		})
	}
}
