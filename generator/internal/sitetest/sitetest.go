// Package sitetest is what the generator's tests share to set up a site
// and look at what a build wrote, in the manner of golang/website's site
// tests and Hugo's integration test builder:
//
//   - write a site into a new temporary folder from a map, an [fs.FS]
//     (such as [testing/fstest.MapFS]) or txtar archives ([FromMap],
//     [FromFS], [FromArchive], [FromArchiveFile]), or into a folder of
//     the test's choosing ([Write], [WriteArchive], [WriteArchiveFile]);
//   - read an output folder into a [Tree], compare two trees with a
//     readable message ([Diff]), turn a tree into a golden archive and
//     compare it with its file ([Archive], [Golden]);
//   - edit a site between builds the way an editor and the watcher do,
//     noting what changed for the next rebuild ([Editor]);
//   - describe a folder, directories and links included, to prove a
//     command left it alone ([Snapshot]);
//   - build the generator command once per test process ([Generator]).
//
// It imports no package of the generator outside internal/, so the tests
// of every package can use it.
package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
)

// Write writes files (slash-separated name → content, text or bytes)
// under dir, making folders as needed.
func Write[T ~string | ~[]byte](tb testing.TB, dir string, files map[string]T) {
	tb.Helper()
	for name, data := range files {
		writeFile(tb, dir, name, []byte(data))
	}
}

// FromMap writes files (slash-separated name → content, text or bytes)
// into a new temporary folder and returns it.
func FromMap[T ~string | ~[]byte](tb testing.TB, files map[string]T) string {
	tb.Helper()
	dir := tb.TempDir()
	Write(tb, dir, files)
	return dir
}

// FromFS copies every file of fsys into a new temporary folder and returns
// it.
func FromFS(tb testing.TB, fsys fs.FS) string {
	tb.Helper()
	dir := tb.TempDir()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		writeFile(tb, dir, name, data)
		return nil
	})
	if err != nil {
		tb.Fatalf("sitetest: copying the site: %v", err)
	}
	return dir
}

// FromArchive writes the files of txtar archives into a new temporary
// folder and returns it; see [WriteArchive].
func FromArchive(tb testing.TB, archives ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	WriteArchive(tb, dir, archives...)
	return dir
}

// WriteArchive writes the files of txtar archives (the text of each, in
// order: a later file of the same name wins) under dir.
func WriteArchive(tb testing.TB, dir string, archives ...string) {
	tb.Helper()
	_, files := txtar.Parse([]byte(strings.Join(archives, "\n")))
	if err := txtar.WriteDir(dir, files); err != nil {
		tb.Fatal(err)
	}
}

// FromArchiveFile writes the txtar archive file at path into a new
// temporary folder and returns it; see [WriteArchiveFile].
func FromArchiveFile(tb testing.TB, path string, hold ...string) (dir string, held map[string]string) {
	tb.Helper()
	dir = tb.TempDir()
	return dir, WriteArchiveFile(tb, dir, path, hold...)
}

// WriteArchiveFile writes the txtar archive file at path under dir, except
// the files named in hold (such as the "want" of a test case), which it
// returns by name instead.
func WriteArchiveFile(tb testing.TB, dir, path string, hold ...string) (held map[string]string) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	_, files := txtar.Parse(data)
	var site []txtar.File
	held = map[string]string{}
	for _, f := range files {
		if slices.Contains(hold, f.Name) {
			held[f.Name] = string(f.Data)
			continue
		}
		site = append(site, f)
	}
	if err := txtar.WriteDir(dir, site); err != nil {
		tb.Fatal(err)
	}
	return held
}

// writeFile writes one file of a site, refusing names that leave dir.
func writeFile(tb testing.TB, dir, name string, data []byte) {
	tb.Helper()
	if !fs.ValidPath(name) {
		tb.Fatalf("sitetest: %q is not a slash-separated path inside the site", name)
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}
