package publish

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// TestCheckDestRefusesFoldersItDidNotWrite: a folder of unrelated files
// (or a git repository) is replaced only with force; an empty, missing or
// marked folder, or one shaped exactly like an earlier build's output, is
// replaced without it.
func TestCheckDestRefusesFoldersItDidNotWrite(t *testing.T) {
	src := t.TempDir()
	top := t.TempDir()
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string // "" = allowed
	}{
		{"missing", nil, ""},
		{"unrelated files", map[string]string{"notes.txt": "x", "photos/a.jpg": "x", "b.txt": "", "c.txt": "", "d.txt": ""},
			"holds files the generator did not write (b.txt, c.txt, d.txt and 2 more)"},
		{"a repository", map[string]string{".git/HEAD": "ref", "index.html": "x"}, "(.git/, index.html)"},
		{"marked", map[string]string{Marker: markerText, "x.txt": "x"}, ""},
		{"built before the marker", map[string]string{"index.html": "x", "404.html": "x", "assets/site.css": "x", "sitemap.xml": "x"}, ""},
		{"built shape with a repository", map[string]string{"index.html": "x", "404.html": "x", "assets/site.css": "x", ".git/HEAD": "x"}, "did not write"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dest := filepath.Join(top, strings.ReplaceAll(c.name, " ", "-"))
			if c.files != nil {
				sitetest.Write(t, dest, c.files)
			}
			err := CheckDest(src, dest, false)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "--force")):
				t.Errorf("got %v; want an error saying %q and how to proceed", err, c.want)
			}
			if err := CheckDest(src, dest, true); err != nil {
				t.Errorf("with force: %v", err)
			}
		})
	}
	empty := filepath.Join(top, "empty")
	os.Mkdir(empty, 0o755)
	if err := CheckDest(src, empty, false); err != nil {
		t.Errorf("empty folder refused: %v", err)
	}
}

// TestCheckDestRefusesRootHomeAndGitEvenWithForce.
func TestCheckDestRefusesRootHomeAndGitEvenWithForce(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	home := t.TempDir()
	t.Setenv("HOME", home)
	os.MkdirAll(filepath.Join(src, ".git", "objects"), 0o755)
	for _, c := range []struct{ dest, want string }{
		{"/", "root of the file system"},
		{"/.", "root of the file system"},
		{home, "home folder"},
		{filepath.Dir(home), "home folder"},
		{filepath.Join(src, ".git"), "is a .git folder"},
		{filepath.Join(src, ".git", "objects"), "is a .git folder or inside one"},
		{filepath.Join(src, ".git", "new"), "is a .git folder or inside one"},
	} {
		for _, force := range []bool{false, true} {
			err := CheckDest(src, c.dest, force)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("CheckDest(%q, force=%v) = %v; want %q", c.dest, force, err, c.want)
			}
		}
	}
}

func TestEveryOutputHoldsTheMarker(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	s, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile(Marker, []byte("x")); err == nil {
		t.Error("a page may overwrite the marker")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, Marker)); err != nil || string(b) != markerText {
		t.Errorf("marker after a build: %q, %v", b, err)
	}
	serve := t.TempDir()
	if _, err := NewSync(serve); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(serve, Marker)); err != nil {
		t.Errorf("marker after NewSync: %v", err)
	}
}

// replaceInPlace builds twice into dest, checks the InPlace reason, and
// that realDir ends up holding exactly the second build.
func replaceInPlace(t *testing.T, dest, realDir, why string) {
	t.Helper()
	sitetest.Write(t, realDir, map[string]string{"gone/index.html": "old", "a/index.html": "old", "b": "old file", Marker: markerText})
	s, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.InPlace(); got != why {
		t.Errorf("InPlace() = %q, want %q", got, why)
	}
	s.WriteFile("a/index.html", []byte("new"))
	s.WriteFile("b/index.html", []byte("new b")) // a folder where a file was
	s.WriteFile("c.css", []byte("new c"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, realDir)
	want := map[string]string{"a/index.html": "new", "b/index.html": "new b", "c.css": "new c"}
	if len(got) != len(want) {
		t.Errorf("after commit: %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("after commit %s = %q, want %q", k, got[k], v)
		}
	}
	if _, err := os.Stat(filepath.Join(realDir, Marker)); err != nil {
		t.Error("marker missing")
	}
}

func TestStagingReplacesContentsOfALinkedDestination(t *testing.T) {
	top := t.TempDir()
	realDir := filepath.Join(top, "real")
	dest := filepath.Join(top, "public")
	os.Mkdir(realDir, 0o755)
	if err := os.Symlink(realDir, dest); err != nil {
		t.Fatal(err)
	}
	replaceInPlace(t, dest, realDir, "is a symbolic link")
	if fi, err := os.Lstat(dest); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a folder")
	}
}

func TestStagingReplacesContentsOfAMountPoint(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	os.Mkdir(dest, 0o755)
	if err := exec.Command("mount", "-t", "tmpfs", "none", dest).Run(); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root): %v", err)
	}
	defer exec.Command("umount", dest).Run()
	replaceInPlace(t, dest, dest, "is a mount point")
}

func TestStagingReplacesContentsWhenParentIsReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	os.Mkdir(dest, 0o755)
	sitetest.Write(t, dest, map[string]string{"x": "x"})
	os.Chmod(parent, 0o555)
	defer os.Chmod(parent, 0o755)
	replaceInPlace(t, dest, dest, "is in a folder the generator cannot write to")
}

func TestAbortStopsLaterWrites(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	s, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	s.WriteFile("a/index.html", []byte("x"))
	s.Abort()
	if err := s.WriteFile("b/index.html", []byte("x")); !errors.Is(err, ErrAborted) {
		t.Errorf("write after abort: %v", err)
	}
	if err := s.Commit(); !errors.Is(err, ErrAborted) {
		t.Errorf("commit after abort: %v", err)
	}
	if _, err := os.Stat(s.Dir()); !os.IsNotExist(err) {
		t.Error("staging folder still there")
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("dest created")
	}
}

// TestBuildAndPreviewNeverShareAFolder: a build cannot start into a folder
// the preview server holds, and the server cannot take a folder a build is
// writing; two builds may run at once.
func TestBuildAndPreviewNeverShareAFolder(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	l, err := LockDest(dest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewStaging(dest); err == nil || !strings.Contains(err.Error(), "in use by a running generator serve") {
		t.Errorf("build while serving: %v", err)
	}
	if _, err := LockDest(dest); err == nil {
		t.Error("two servers share a folder")
	}
	l.Close()
	a, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewStaging(dest)
	if err != nil {
		t.Fatalf("second build: %v", err)
	}
	if _, err := LockDest(dest); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("server while building: %v", err)
	}
	a.Commit()
	b.Commit()
	l, err = LockDest(dest)
	if err != nil {
		t.Fatalf("after the builds: %v", err)
	}
	l.Close()
}
