package rawfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestReadFileReadsEverythingUpToTheLimit(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("0123456789", 1000)
	for _, c := range []struct {
		name        string
		data        string
		size, limit int64
		want        string
	}{
		{"exact size", text, 10000, 10001, text},
		{"empty", "", 0, 10, ""},
		{"grew since the stat", text, 100, 10001, text},
		{"shrank", text, 20000, 10001, text},
		{"no size", text, -1, 10001, text},
		{"over the limit", text, 10000, 50, text[:50]},
		{"limit is the size", text, 10000, 10000, text},
	} {
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(p, "f", c.size, c.limit)
		if err != nil || string(got) != c.want {
			t.Errorf("%s: ReadFile(size %d, limit %d) = %d bytes, %v; want %d bytes", c.name, c.size, c.limit, len(got), err, len(c.want))
		}
	}
}

func TestReadFileErrorsNameTheFileAsAsked(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadFile(filepath.Join(dir, "missing.md"), "content/missing.md", 0, 100)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != "content/missing.md" {
		t.Errorf("missing file: %#v, want a *fs.PathError for content/missing.md that is fs.ErrNotExist", err)
	}
	if _, err := ReadFile(dir, "content", 0, 100); err == nil {
		t.Error("reading a folder: no error")
	}
}

func TestWriteFileCreatesAndTruncates(t *testing.T) {
	p := filepath.Join(t.TempDir(), "index.html")
	if err := WriteFile(p, []byte("a longer first version"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(got, []byte("short")) {
		t.Errorf("after two writes: %q, %v; want %q", got, err, "short")
	}
	if fi, err := os.Stat(p); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o644&^umask()) {
		t.Errorf("mode %v, %v; want %v", fi.Mode(), err, fs.FileMode(0o644&^umask()))
	}
	err = WriteFile(filepath.Join(p, "under-a-file"), nil, 0o644)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "open" {
		t.Errorf("writing under a file: %v, want an open *fs.PathError", err)
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
