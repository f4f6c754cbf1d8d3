package safefs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
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

func TestReadSizedReadsEverythingUpToTheLimit(t *testing.T) {
	text := strings.Repeat("0123456789", 1000)
	for _, c := range []struct {
		size, limit int64
		want        string
	}{
		{10000, 10001, text},
		{100, 10001, text},     // the file grew after it was opened
		{20000, 10001, text},   // or shrank
		{10000, 50, text[:50]}, // the limit wins
		{-1, 10001, text},
	} {
		got, err := ReadSized(strings.NewReader(text), c.size, c.limit)
		if err != nil || string(got) != c.want {
			t.Errorf("ReadSized(size %d, limit %d) = %d bytes, %v; want %d bytes", c.size, c.limit, len(got), err, len(c.want))
		}
	}
	// One buffer of the file's size, not io.ReadAll's doubling (about
	// twice the size for this file). The race detector's instrumentation
	// allocates too, so this is measured without it (go test ./...), as
	// the standard library's allocation tests are.
	if raceEnabled {
		return
	}
	const runs = 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		ReadSized(strings.NewReader(text), 10000, 10001)
	}
	runtime.ReadMemStats(&after)
	if per, most := (after.TotalAlloc-before.TotalAlloc)/runs, uint64(len(text)+bytes.MinRead+1024); per > most {
		t.Errorf("ReadSized of a %d-byte file of known size allocated %d bytes a read, want at most %d", len(text), per, most)
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
