package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Editor changes the files of a site between builds the way an editor
// does, and notes the changed paths the way the watcher reports them, for
// the next rebuild: build, edit, rebuild with [Editor.Changed].
//
//	ed := sitetest.NewEditor(t, sitetest.FromArchive(t, site))
//	b, _ := site.NewBuilder(site.Options{Source: ed.Root, ...})
//	b.Build(nil)
//	ed.Replace("content/a.md", "old", "new")
//	res, err := b.Build(ed.Changed())
type Editor struct {
	tb      testing.TB
	Root    string // the site's folder
	changed []string
}

// NewEditor edits the site in root.
func NewEditor(tb testing.TB, root string) *Editor { return &Editor{tb: tb, Root: root} }

// Path is the absolute path of a slash-separated site path.
func (e *Editor) Path(rel string) string { return filepath.Join(e.Root, filepath.FromSlash(rel)) }

// Read returns the text of a file of the site.
func (e *Editor) Read(rel string) string {
	e.tb.Helper()
	b, err := os.ReadFile(e.Path(rel))
	if err != nil {
		e.tb.Fatal(err)
	}
	return string(b)
}

// Write saves a file, making its folder, atomically as most editors do
// (a temporary file renamed over it).
func (e *Editor) Write(rel, text string) {
	e.tb.Helper()
	p := e.Path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.tb.Fatal(err)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		e.tb.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		e.tb.Fatal(err)
	}
	e.Touch(rel)
}

// Append adds text at the end of a file.
func (e *Editor) Append(rel, text string) {
	e.tb.Helper()
	e.Write(rel, e.Read(rel)+text)
}

// Replace replaces the first old in a file with new; the test fails when
// the file does not hold old.
func (e *Editor) Replace(rel, old, new string) {
	e.tb.Helper()
	text := e.Read(rel)
	if !strings.Contains(text, old) {
		e.tb.Fatalf("sitetest: %s does not contain %q", rel, old)
	}
	e.Write(rel, strings.Replace(text, old, new, 1))
}

// Remove deletes a file or a folder with everything in it.
func (e *Editor) Remove(rel string) {
	e.tb.Helper()
	if err := os.RemoveAll(e.Path(rel)); err != nil {
		e.tb.Fatal(err)
	}
	e.Touch(rel)
}

// Rename moves a file or folder within the site.
func (e *Editor) Rename(old, new string) {
	e.tb.Helper()
	if err := os.MkdirAll(filepath.Dir(e.Path(new)), 0o755); err != nil {
		e.tb.Fatal(err)
	}
	if err := os.Rename(e.Path(old), e.Path(new)); err != nil {
		e.tb.Fatal(err)
	}
	e.Touch(old)
	e.Touch(new)
}

// Touch notes a path as changed without changing it, as for a change made
// by other means. A changed folder can be noted as the folder itself.
func (e *Editor) Touch(rel string) { e.changed = append(e.changed, e.Path(rel)) }

// Changed returns the absolute paths changed since the last call, in the
// order they changed, and forgets them.
func (e *Editor) Changed() []string {
	c := e.changed
	e.changed = nil
	return c
}
