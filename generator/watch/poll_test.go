package watch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestPollingReportsCreateEditDelete(t *testing.T) {
	h := start(t, Options{Poll: 20 * time.Millisecond})
	if !h.w.Polling() {
		t.Fatal("Polling() = false with Options.Poll set")
	}
	exercisePolling(t, h)
}

// exercisePolling checks the changes polling must see.
func exercisePolling(t *testing.T, h *harness) {
	t.Helper()
	writeFile(t, h.path("new.md"), "created")
	h.exactly(h.path("new.md"))

	writeFile(t, h.path("page.md"), "edited, longer than before")
	h.exactly(h.path("page.md"))

	must(t, os.Remove(h.path("new.md")))
	h.exactly(h.path("new.md"))

	// Same size, new inode: an atomic save that mtime alone might miss.
	writeFile(t, h.path("page.md.tmp"), "edited, longer than BEFORE")
	must(t, os.Rename(h.path("page.md.tmp"), h.path("page.md")))
	h.exactly(h.path("page.md"))

	must(t, os.MkdirAll(h.path("sec", "sub"), 0o755))
	writeFile(t, h.path("sec", "sub", "x.md"), "x")
	h.exactly(h.path("sec"), h.path("sec", "sub"), h.path("sec", "sub", "x.md"))

	must(t, os.RemoveAll(h.path("sec")))
	h.exactly(h.path("sec"), h.path("sec", "sub"), h.path("sec", "sub", "x.md"))

	writeFile(t, h.path(".page.md.swp"), "swap")
	must(t, os.Chmod(h.path("page.md"), 0o600))
	h.none()
}

func TestPollingSeesRootCreatedLater(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	h := start(t, Options{Roots: []string{root}, Poll: 20 * time.Millisecond})
	must(t, os.Mkdir(root, 0o755))
	writeFile(t, filepath.Join(root, "a.md"), "a")
	h.exactly(root, filepath.Join(root, "a.md"))
}

func TestFallsBackToPollingWhenFsnotifyCannotStart(t *testing.T) {
	h := start(t, Options{testNewErr: errors.New("inotify unavailable"), testFallbackPoll: 20 * time.Millisecond})
	if !h.w.Polling() {
		t.Fatal("Polling() = false after fsnotify failed to start")
	}
	wantError(t, h, "inotify unavailable")
	writeFile(t, h.path("new.md"), "created")
	h.exactly(h.path("new.md"))
}

func TestFallsBackToPollingWhenWatchLimitIsReached(t *testing.T) {
	h := start(t, Options{
		testAddErr:       func(string) error { return syscall.ENOSPC },
		testFallbackPoll: 20 * time.Millisecond,
	})
	if !h.w.Polling() {
		t.Fatal("Polling() = false after Add failed with ENOSPC")
	}
	wantError(t, h, "no space left on device")
	exercisePolling(t, h)
}

func TestFallsBackToPollingWhenANewFolderCannotBeWatched(t *testing.T) {
	h := start(t, Options{testAddErr: func(dir string) error {
		if filepath.Base(dir) == "deep" {
			return syscall.ENOSPC
		}
		return nil
	}})
	if h.w.Polling() {
		t.Fatal("Polling() = true before any failure")
	}
	must(t, os.MkdirAll(h.path("deep", "er"), 0o755))
	writeFile(t, h.path("deep", "er", "x.md"), "x")
	h.exactly(h.path("deep"), h.path("deep", "er"), h.path("deep", "er", "x.md"))
	if !h.w.Polling() {
		t.Fatal("Polling() = false after Add failed with ENOSPC")
	}
	wantError(t, h, "switching to polling")

	// x.md may come again: the first poll can see the end of its write.
	writeFile(t, h.path("deep", "er", "y.md"), "y")
	writeFile(t, h.path("page.md"), "edited, longer than before")
	h.await(h.path("deep", "er", "y.md"), h.path("page.md"))
}

func TestPermissionDeniedFolderIsReportedNotFatal(t *testing.T) {
	h := start(t, Options{testAddErr: func(dir string) error {
		if filepath.Base(dir) == "locked" {
			return syscall.EACCES
		}
		return nil
	}})
	must(t, os.Mkdir(h.path("locked"), 0o755))
	h.exactly(h.path("locked"))
	wantError(t, h, "permission denied")
	if h.w.Polling() {
		t.Error("Polling() = true after a permission error")
	}
	writeFile(t, h.path("page.md"), "still watched")
	h.exactly(h.path("page.md"))
}

// wantError fails unless OnError received an error containing substr.
func wantError(t *testing.T, h *harness, substr string) {
	t.Helper()
	var got []string
	for _, err := range h.errors() {
		if strings.Contains(err.Error(), substr) {
			return
		}
		got = append(got, err.Error())
	}
	t.Errorf("OnError got %q, want an error containing %q", got, substr)
}
