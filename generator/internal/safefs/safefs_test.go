package safefs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadFileRefusesLargeFiles(t *testing.T) {
	fsys := New(fstest.MapFS{"small": {Data: []byte("ok")}, "big": {Data: make([]byte, 2<<20)}}, 1<<20)
	if b, err := fs.ReadFile(fsys, "small"); err != nil || string(b) != "ok" {
		t.Errorf("small: %q %v", b, err)
	}
	if _, err := fs.ReadFile(fsys, "big"); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("big: %v", err)
	}
}

func TestSpecialFilesAreRefusedBeforeOpening(t *testing.T) {
	fsys := New(fstest.MapFS{"pipe": {Mode: fs.ModeNamedPipe}, "dev": {Mode: fs.ModeDevice | fs.ModeCharDevice}, "sock": {Mode: fs.ModeSocket}}, 1<<20)
	for name, what := range map[string]string{"pipe": "named pipe", "dev": "device", "sock": "socket"} {
		if _, err := fsys.Open(name); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), what) {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := fs.ReadFile(fsys, name); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestDirReadsAsNewDoes compares Dir's own reading with New over
// os.DirFS: the same bytes, and errors for the same names.
func TestDirReadsAsNewDoes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"a.md": "# A\n", "empty.md": "", "sub/b.yaml": strings.Repeat("k: v\n", 3000), "big.md": strings.Repeat("x", 2000)}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, viaOS := Dir(dir, 1000), New(os.DirFS(dir), 1000)
	for _, name := range []string{"a.md", "empty.md", "sub/b.yaml", "big.md", "missing.md", "sub", "../a.md", "/a.md", "sub/../a.md", ""} {
		got, gerr := fs.ReadFile(raw, name)
		want, werr := fs.ReadFile(viaOS, name)
		if !bytes.Equal(got, want) || (gerr == nil) != (werr == nil) {
			t.Errorf("%q: Dir read %d bytes, %v; New %d bytes, %v", name, len(got), gerr, len(want), werr)
			continue
		}
		if gerr != nil && gerr.Error() != werr.Error() && !strings.Contains(gerr.Error(), name) {
			t.Errorf("%q: Dir's error %q names another file than New's %q", name, gerr, werr)
		}
		if errors.Is(werr, fs.ErrNotExist) != errors.Is(gerr, fs.ErrNotExist) {
			t.Errorf("%q: Dir's error %v and New's %v disagree about fs.ErrNotExist", name, gerr, werr)
		}
	}
}
