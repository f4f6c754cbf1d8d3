// Package watch reports changes below a set of directories, for the preview
// server, as debounced batches of paths.
//
// # What is watched
//
// Each root (for example <site>/content and <site>/layouts) is watched
// recursively. fsnotify does not recurse on Linux, so every directory is
// added when the watcher starts, and a directory created later (or moved in,
// or deleted and recreated by a git checkout) is added when its Create event
// arrives and then listed, so that files made inside it before its watch
// existed are still reported. A root that does not exist yet is found later:
// its nearest existing ancestor is watched until the root appears. Symbolic
// links below a root are reported but not followed.
//
// # Editor saves
//
// Every way editors save produces at least one event for the saved file's
// own name: writing in place (VS Code, nano), renaming a new file over it
// (vim with backupcopy=no or auto, JetBrains "safe write", Helix, Emacs), or
// renaming the old file away first. Temporary, swap, lock and backup names
// ([IsTempName]: *.swp, 4913, *~, .#*, #*#, *___jb_tmp___, *.bck, ...) are
// never reported, nor are chmod-only events (note that `touch` is one).
//
// # Batches
//
// Events are collected until none has arrived for Options.Quiet (default
// 30 ms), then sent as one [Batch]. The event kind is not reported, since it
// is not reliable across editors and platforms: the consumer stats each path.
// A burst that never goes quiet is still cut into batches, every second (or
// 4×Quiet if longer).
//
// The 30 ms default was measured on Linux (ext4 on virtio, 2 cores): a vim
// save (`backupcopy=auto`, 4913 probe, rename to page.md~, write, fsync,
// chmod, unlink) spans 0.7 to 12 ms from first to last event, the largest gap
// being the fsync. JetBrains and Helix saves (not measured: neither was
// installed) are a few renames and a write in a row. 30 ms covers those
// with margin and is not noticeable in a preview. A save that is slower than that is still not
// lost: its remaining events simply make a second batch.
//
// Latency from a write to its batch being received is Quiet plus 1 to 3 ms:
// BenchmarkLatency measured 30.9 to 32.9 ms per write with the default Quiet
// on the machine above (see latency_test.go).
//
// # Polling fallback
//
// If fsnotify cannot be used, because the watcher cannot be created or a
// directory cannot be added (for example ENOSPC when the inotify watch limit
// is reached), the Watcher switches to polling: it walks the roots every
// 500 ms (or Options.Poll) and compares each entry's type, size, modification
// time and inode with the previous walk. Options.Poll > 0 forces polling.
// [Watcher.Polling] tells which mode is in use; the switch is reported to
// Options.OnError; there is no way back to fsnotify. A walk that finds
// changes sends them at once, without waiting for Quiet. Like fsnotify mode,
// polling ignores permission changes; it cannot see a rewrite that keeps
// size, mtime and inode, which needs a file system with coarse timestamps.
//
// Only Linux (inotify) is tested; other fsnotify backends should work.
package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

const (
	defaultQuiet = 30 * time.Millisecond
	defaultPoll  = 500 * time.Millisecond
	// minMaxDelay is the least time a burst that never goes quiet is held
	// back before a batch is cut anyway (4×Quiet if that is longer).
	minMaxDelay = time.Second
)

// Options configures a Watcher.
type Options struct {
	// Roots are the directories to watch, recursively. They need not exist
	// yet. Relative roots are made absolute; nested roots are merged.
	Roots []string

	// Quiet is the trailing quiet period: a batch is sent once no event has
	// arrived for this long. Zero means 30 ms.
	Quiet time.Duration

	// Poll, when positive, forces polling at this interval instead of
	// fsnotify. When zero, fsnotify is used and polling (every 500 ms) is only
	// a fallback.
	Poll time.Duration

	// Ignore, when not nil, is called with the absolute path of files and
	// directories below the roots; returning true hides the path and, for a
	// directory, everything below it. Editor temporary names (see
	// IsTempName) are always ignored.
	Ignore func(path string) bool

	// OnError, when not nil, receives problems that do not stop the Watcher:
	// errors from fsnotify, unreadable directories, the switch to polling. It
	// is called from New or from the goroutine running Run.
	OnError func(error)

	// Test hooks: a non-nil testNewErr is returned in place of creating the
	// fsnotify watcher, testAddErr is consulted before every Add, and
	// testFallbackPoll replaces the 500 ms of the polling fallback.
	testNewErr       error
	testAddErr       func(dir string) error
	testFallbackPoll time.Duration
}

// Batch is one debounced group of changes.
type Batch struct {
	// Paths holds the absolute paths of the files and directories that may
	// have changed (created, written, removed or renamed; both names of a
	// rename when known), sorted and without duplicates. Stat each one to
	// learn what happened. A directory in Paths (created, removed, renamed,
	// or a root after events were lost) means anything below it may have
	// changed.
	Paths []string
}

// Watcher watches the roots given to New. Create it with New, start it with
// Run, and release it with Close (or by cancelling Run's context).
type Watcher struct {
	roots        []string
	quiet        time.Duration
	maxDelay     time.Duration
	poll         time.Duration // forced polling interval, or 0
	fallbackPoll time.Duration // polling interval after a fallback
	ignore       func(string) bool
	onError      func(error)
	newErr       error
	addErr       func(string) error
	polling      atomic.Bool
	running      atomic.Bool
	done         chan struct{}
	stopOnce     sync.Once

	mu  sync.Mutex        // guards writes of fsw (made by the Run goroutine) against Close
	fsw *fsnotify.Watcher // nil when polling

	// Owned by New, then by the goroutine running Run.
	dirs    map[string]bool      // watched directories below the roots
	anchors map[string]bool      // watched ancestors of missing roots
	snap    map[string]fileState // last walk, when polling
	pending map[string]bool      // paths of the batch being collected
	touched bool                 // an event arrived since the timer was last reset
}

// New prepares a Watcher on opts.Roots. Changes made after New returns are
// reported by Run, even those made before Run starts. New fails only on bad
// options; when fsnotify is unusable it falls back to polling.
func New(opts Options) (*Watcher, error) {
	roots, err := cleanRoots(opts.Roots)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		roots:   roots,
		quiet:   opts.Quiet,
		poll:    opts.Poll,
		ignore:  opts.Ignore,
		onError: opts.OnError,
		newErr:  opts.testNewErr,
		addErr:  opts.testAddErr,
		done:    make(chan struct{}),
		dirs:    make(map[string]bool),
		anchors: make(map[string]bool),
		pending: make(map[string]bool),
	}
	w.fallbackPoll = cmp.Or(opts.testFallbackPoll, defaultPoll)
	if w.quiet <= 0 {
		w.quiet = defaultQuiet
	}
	w.maxDelay = max(minMaxDelay, 4*w.quiet)
	if w.poll > 0 {
		w.startPolling()
		return w, nil
	}
	if w.newErr != nil {
		err = w.newErr
	} else {
		w.fsw, err = fsnotify.NewWatcher()
	}
	if err == nil {
		err = w.syncRoots(false)
		if err == nil {
			return w, nil
		}
		w.fsw.Close()
		w.fsw = nil
		w.dirs, w.anchors = map[string]bool{}, map[string]bool{}
	}
	w.report(fmt.Errorf("watch: polling instead of fsnotify: %w", err))
	w.startPolling()
	return w, nil
}

// cleanRoots makes the roots absolute, sorts them and drops duplicates and
// roots nested inside another one.
func cleanRoots(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, errors.New("watch: no roots")
	}
	var roots []string
	for _, r := range in {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("watch: root %q: %w", r, err)
		}
		if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
			return nil, fmt.Errorf("watch: root %s is not a directory", abs)
		}
		roots = append(roots, abs)
	}
	slices.Sort(roots)
	out := roots[:0]
	for _, r := range roots {
		if len(out) == 0 || !within(r, out[len(out)-1]) {
			out = append(out, r)
		}
	}
	return out, nil
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	if path == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(path, dir)
}

// Polling reports whether the Watcher polls instead of using fsnotify.
func (w *Watcher) Polling() bool { return w.polling.Load() }

// Close stops Run and releases the fsnotify watcher. It is safe to call more
// than once and concurrently with Run.
func (w *Watcher) Close() error {
	w.stopOnce.Do(func() { close(w.done) })
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

// Run sends batches of changed paths to batches until ctx is cancelled or
// Close is called, and then closes the Watcher. It returns ctx.Err() when ctx
// was cancelled, nil after Close. Errors never stop it (see
// Options.OnError). Run does not close batches. It may be called only once.
func (w *Watcher) Run(ctx context.Context, batches chan<- Batch) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("watch: Run called twice")
	}
	defer w.Close()

	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	defer quiet.Stop()
	var (
		burst  time.Time       // when the pending batch got its first path
		ready  map[string]bool // quiet batch waiting for the consumer
		out    Batch           // ready, sorted; built when needed
		ticker *time.Ticker
		tick   <-chan time.Time
	)
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
	}()
	flush := func() {
		burst = time.Time{}
		if len(w.pending) == 0 {
			return
		}
		if ready == nil {
			ready = make(map[string]bool)
		}
		for p := range w.pending {
			ready[p] = true
		}
		clear(w.pending)
		out.Paths = nil
	}

	for {
		if w.polling.Load() && ticker == nil {
			ticker = time.NewTicker(w.pollInterval())
			tick = ticker.C
		}
		var events <-chan fsnotify.Event
		var errs <-chan error
		if w.fsw != nil {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		var send chan<- Batch
		if len(ready) > 0 {
			send = batches
			if out.Paths == nil {
				out.Paths = slices.Sorted(maps.Keys(ready))
			}
		}

		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.done:
			return nil
		case ev, ok := <-events:
			if !ok {
				return nil // closed by Close
			}
			w.handle(ev)
		case err, ok := <-errs:
			if !ok {
				return nil
			}
			w.handleError(err)
		case <-quiet.C:
			flush()
		case <-tick:
			w.pollOnce()
			flush()
			w.touched = false
		case send <- out:
			ready, out = nil, Batch{}
		}

		if w.touched {
			w.touched = false
			now := time.Now()
			if burst.IsZero() {
				burst = now
			}
			quiet.Reset(max(0, min(w.quiet, burst.Add(w.maxDelay).Sub(now))))
		}
	}
}

// mark adds a path to the batch being collected.
func (w *Watcher) mark(path string) {
	w.pending[path] = true
	w.touched = true
}

// report passes a non-fatal error to Options.OnError.
func (w *Watcher) report(err error) {
	if w.onError != nil && err != nil {
		w.onError(err)
	}
}

// ignored reports whether a path below root is hidden from batches.
func (w *Watcher) ignored(path, root string) bool {
	if path == root {
		return false
	}
	return IsTempName(filepath.Base(path)) || (w.ignore != nil && w.ignore(path))
}

// rootOf returns the root that path is in, or "".
func (w *Watcher) rootOf(path string) string {
	for _, r := range w.roots {
		if within(path, r) {
			return r
		}
	}
	return ""
}
