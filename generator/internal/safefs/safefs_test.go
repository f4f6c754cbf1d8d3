package safefs

import (
	"errors"
	"io/fs"
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
	allocs := testing.AllocsPerRun(10, func() { ReadSized(strings.NewReader(text), 10000, 10001) })
	if allocs > 3 { // the buffer, the readers
		t.Errorf("ReadSized of a file of known size: %.0f allocations, want at most 3", allocs)
	}
}
