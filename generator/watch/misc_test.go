package watch

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestIsTempName(t *testing.T) {
	temp := []string{".page.md.swp", ".page.md.swo", ".page.md.swx", "4913", "page.md~",
		".#page.md", "#page.md#", "page.md.tmp", "page.md.TMP", "page.mdQ7xz2a.bck",
		".DS_Store", "page.md___jb_tmp___", "page.md___jb_old___", "page.md___jb_bak___",
		"page.md.vsctmp", ".page.md.kate-swp", ".goutputstream-X1Y2Z3", ".~lock.data.ods#"}
	kept := []string{"page.md", "4914", "#hash.md", "index.md", "swp.md", "tmp",
		"_index.md", "notes.jb", "#", ".htaccess", "a~b.md"}
	for _, name := range temp {
		if !IsTempName(name) {
			t.Errorf("IsTempName(%q) = false, want true", name)
		}
	}
	for _, name := range kept {
		if IsTempName(name) {
			t.Errorf("IsTempName(%q) = true, want false", name)
		}
	}
}

func TestNewCleansRoots(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	writeFile(t, file, "x")
	if _, err := New(Options{}); err == nil {
		t.Error("New without roots: no error")
	}
	if _, err := New(Options{Roots: []string{file}}); err == nil {
		t.Error("New with a file as root: no error")
	}
	w, err := New(Options{Roots: []string{
		filepath.Join(dir, "b", "inner"), filepath.Join(dir, "b"), filepath.Join(dir, "a"), filepath.Join(dir, "a"),
	}})
	must(t, err)
	defer w.Close()
	if want := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}; !slices.Equal(w.roots, want) {
		t.Errorf("roots = %q, want %q", w.roots, want)
	}
}

// After lost events the roots and everything below them are reported, and
// directories made meanwhile are watched. Run is not running: the test
// drives the Watcher's loop by hand.
func TestOverflowReportsEverything(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "page.md"), "x")
	var errs []error
	w, err := New(Options{Roots: []string{root}, OnError: func(err error) { errs = append(errs, err) }})
	must(t, err)
	defer w.Close()
	must(t, os.MkdirAll(filepath.Join(root, "new", "sub"), 0o755))
	writeFile(t, filepath.Join(root, "new", "sub", "x.md"), "x")

	w.handleError(fsnotify.ErrEventOverflow)
	want := []string{root, filepath.Join(root, "new"), filepath.Join(root, "new", "sub"),
		filepath.Join(root, "new", "sub", "x.md"), filepath.Join(root, "page.md")}
	if got := slices.Sorted(maps.Keys(w.pending)); !slices.Equal(got, want) {
		t.Errorf("pending = %q, want %q", got, want)
	}
	if !w.dirs[filepath.Join(root, "new", "sub")] {
		t.Error("directory made before the overflow is not watched")
	}
	if len(errs) != 1 || w.Polling() {
		t.Errorf("errors %v, polling %v; want the overflow reported and fsnotify kept", errs, w.Polling())
	}
}

func TestFsnotifyErrorsDoNotStopTheWatcher(t *testing.T) {
	h := start(t, Options{})
	h.w.mu.Lock()
	errs := h.w.fsw.Errors
	h.w.mu.Unlock()

	errs <- errors.New("boom") // as fsnotify's reader would send it
	writeFile(t, h.path("page.md"), "after the error")
	h.exactly(h.path("page.md"))
	wantError(t, h, "boom")

	errs <- fsnotify.ErrEventOverflow
	h.exactly(h.root, h.path("page.md"))
	wantError(t, h, "overflow")
	if h.w.Polling() {
		t.Error("Polling() = true after fsnotify errors")
	}
}

// Goroutines started by New and Run all end after cancel or Close.
func TestNoGoroutineLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, poll := range []time.Duration{0, 10 * time.Millisecond} {
		root := t.TempDir()
		opts := Options{Roots: []string{root}, Poll: poll}

		// Cancelled while a batch waits for the consumer.
		w, err := New(opts)
		must(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- w.Run(ctx, make(chan Batch)) }()
		writeFile(t, filepath.Join(root, "x.md"), "x")
		time.Sleep(100 * time.Millisecond)
		cancel()
		if err := waitErr(t, done); err != context.Canceled {
			t.Errorf("Run after cancel = %v, want context.Canceled", err)
		}

		// Closed while running.
		w, err = New(opts)
		must(t, err)
		go func() { done <- w.Run(context.Background(), make(chan Batch)) }()
		time.Sleep(20 * time.Millisecond)
		must(t, w.Close())
		if err := waitErr(t, done); err != nil {
			t.Errorf("Run after Close = %v, want nil", err)
		}
		must(t, w.Close()) // twice is fine

		// Closed without ever running; Run afterwards returns at once.
		w, err = New(opts)
		must(t, err)
		must(t, w.Close())
		if err := w.Run(context.Background(), make(chan Batch)); err != nil {
			t.Errorf("Run after Close = %v, want nil", err)
		}
	}
	deadline := time.Now().Add(waitFor)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

func waitErr(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(waitFor):
		t.Fatal("Run did not return")
		return nil
	}
}
