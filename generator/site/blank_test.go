package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// wantLayoutError checks that err is one diagnostic at path containing
// text.
func wantLayoutError(t *testing.T, err error, path, text string) {
	t.Helper()
	var ds diag.List
	if !errors.As(err, &ds) || len(ds) == 0 {
		t.Fatalf("got %v, want an error at %s", err, path)
	}
	for _, d := range ds {
		if d.Path != path || !strings.Contains(d.Msg, text) {
			t.Errorf("got %q, want %s: …%s…", d.Error(), path, text)
		}
	}
}

// TestHalfSavedBaseLayoutKeepsLastGoodBuild saves the base layout empty,
// then half written, during a preview: each rebuild fails naming the
// layout and leaves the output of the last good build; the whole file
// brings the clean build back.
func TestHalfSavedBaseLayoutKeepsLastGoodBuild(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/basic.txtar")
	b, dest, _ := liveBuilder(t, src)
	good := sitetest.ReadTree(t, dest)
	base := filepath.Join(src, "layouts", "base.html")
	full, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"", "the base layout writes nothing"},
		{"\n", "the base layout writes nothing"},
		{string(full[:strings.Index(string(full), "{{ asset")+5]), ""},
	} {
		if err := os.WriteFile(base, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := b.Build([]string{base})
		wantLayoutError(t, err, "layouts/base.html", c.want)
		if d := sitetest.Diff(good, sitetest.ReadTree(t, dest)); d != "" {
			t.Fatalf("base layout %q: the failed rebuild changed the output:\n%s", c.text, d)
		}
	}
	if err := os.WriteFile(base, full, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build([]string{base}); err != nil {
		t.Fatal(err)
	}
	if d := sitetest.Diff(good, sitetest.ReadTree(t, dest)); d != "" {
		t.Fatalf("after saving the whole base layout:\n%s", d)
	}
}

// TestLayoutThatWritesNothingFailsTheBuild checks a layout that renders
// every page using it to white space, in a clean build and in rebuilds,
// where pages not rendered again count with their last output.
func TestLayoutThatWritesNothingFailsTheBuild(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/basic.txtar")
	write := func(rel, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(rel)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("layouts/note.html", "{{ .Content }}\n")
	write("content/note-a.md", "---\ntitle: A\nlayout: note\n---\nFirst note.\n")
	write("content/note-b.md", "---\ntitle: B\nlayout: note\n---\nSecond note.\n")
	b, _, _ := liveBuilder(t, src)
	clean := func() error {
		_, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "clean"), NoCache: true})
		return err
	}
	// One page blank: fine.
	write("content/note-a.md", "---\ntitle: A\nlayout: note\n---\n")
	if _, err := b.Build([]string{filepath.Join(src, "content/note-a.md")}); err != nil {
		t.Fatal(err)
	}
	if err := clean(); err != nil {
		t.Fatal(err)
	}
	// Both blank: an error, whichever build finds it.
	write("content/note-b.md", "---\ntitle: B\nlayout: note\n---\n")
	_, err := b.Build([]string{filepath.Join(src, "content/note-b.md")})
	want := "the layout wrote nothing for any of the 2 pages that use it (such as content/note-a.md)"
	wantLayoutError(t, err, "layouts/note.html", want)
	wantLayoutError(t, clean(), "layouts/note.html", want)

	// A base layout that writes nothing for any page.
	write("content/note-b.md", "---\ntitle: B\nlayout: note\n---\nSecond note.\n")
	write("layouts/base.html", "{{ if .Params.never }}<!DOCTYPE html><main>{{ block \"main\" . }}{{ end }}</main>{{ end }}\n")
	wantLayoutError(t, clean(), "layouts/base.html", "the base layout wrote nothing for")
}
