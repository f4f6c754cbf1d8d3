package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
)

// TestBuildRefusesDestThatHoldsSources runs `generator build` with --dest
// at the source folder, at content/, inside layouts/, at a parent of the
// source, and at each of these through a symbolic link: every build must
// be refused with exit status 1 and a clear message, and delete nothing.
func TestBuildRefusesDestThatHoldsSources(t *testing.T) {
	bin := generatorBinary(t)
	baseData, err := os.ReadFile("testdata/badinput/_base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	_, files := txtar.Parse(baseData)
	top := t.TempDir()
	src := filepath.Join(top, "site")
	if err := txtar.WriteDir(src, files); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(top, "link")
	if err := os.Symlink(src, link); err != nil {
		t.Fatal(err)
	}
	const (
		replaces = "would replace the site's own sources"
		inside   = "is inside content/"
		inLayout = "is inside layouts/"
	)
	for _, c := range []struct {
		name, dest, msg string
	}{
		{"source folder", src, replaces},
		{"source folder written with a dot", filepath.Join(src, "."), replaces},
		{"content", filepath.Join(src, "content"), inside},
		{"folder in content", filepath.Join(src, "content", "public"), inside},
		{"folder in layouts", filepath.Join(src, "layouts", "out"), inLayout},
		{"parent of the source", top, replaces},
		{"relative parent of the source", filepath.Join(src, "content", "..", ".."), replaces},
		{"link to the source folder", link, replaces},
		{"content through a link", filepath.Join(link, "content"), inside},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := hashTree(t, top)
			_, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--source", src, "--dest", c.dest)
			checkNoCrash(t, stderr)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if !strings.Contains(stderr, c.msg) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr:\n%s\nwant one line saying %q", stderr, c.msg)
			}
			if d := treeChanges(before, hashTree(t, top)); d != "" {
				t.Errorf("the refused build changed files:\n%s", d)
			}
		})
	}
	// The source given through the link, dest at its real content folder.
	before := hashTree(t, top)
	_, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--source", link, "--dest", filepath.Join(src, "content"))
	if code != 1 || !strings.Contains(stderr, inside) {
		t.Errorf("source through a link: exit %d, stderr:\n%s", code, stderr)
	}
	if d := treeChanges(before, hashTree(t, top)); d != "" {
		t.Errorf("the refused build changed files:\n%s", d)
	}
}
