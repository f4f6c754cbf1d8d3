package content

import (
	"bytes"
	"testing"
	"testing/fstest"
)

func TestReadBodyGivesTheBodyLoadKept(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: S\n")},
		"content/yaml.md":   {Data: []byte("---\ntitle: Y\ntags: [a, b]\n---\n\n# Hello\n\nText.\n")},
		"content/crlf.md":   {Data: []byte("\ufeff---\r\ntitle: C\r\n---\r\nLine one\r\nLine two\r\n")},
		"content/toml.md":   {Data: []byte("+++\ntitle = \"T\"\n+++\nBody *here*.\n")},
		"content/json.md":   {Data: []byte("{\n\"title\": \"J\"\n}\nJSON body.\n")},
		"content/empty.md":  {Data: []byte("---\ntitle: E\n---\n")},
	}
	kept, ds := Load(fsys, Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	dropped, _ := Load(fsys, Options{DropBodies: true})
	n := 0
	for rel, p := range kept.ByPath {
		q := dropped.ByPath[rel]
		if q == nil || BodyOf(dropped, q).Text != nil {
			t.Fatalf("%s: with DropBodies, page %v", rel, q)
		}
		got, err := ReadBody(fsys, dropped, q)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if want := BodyOf(kept, p).Text; !bytes.Equal(got, want) {
			t.Errorf("%s: ReadBody = %q, Load kept %q", rel, got, want)
		}
		n++
	}
	if n != 5 {
		t.Errorf("compared %d pages", n)
	}
	// An edit that keeps the file's length.
	fsys["content/yaml.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Y\ntags: [a, b]\n---\n\n# Hello\n\nTest.\n")}
	if _, err := ReadBody(fsys, dropped, dropped.ByPath["yaml.md"]); err == nil {
		t.Error("no error for a file edited since it was loaded, to the same length")
	}
	fsys["content/yaml.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Y\n---\nEdited.\n")}
	if _, err := ReadBody(fsys, dropped, dropped.ByPath["yaml.md"]); err == nil {
		t.Error("no error for a file edited since it was loaded")
	}
}
