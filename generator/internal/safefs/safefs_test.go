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
