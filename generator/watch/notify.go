package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// handle processes one fsnotify event.
func (w *Watcher) handle(ev fsnotify.Event) {
	if ev.Op == 0 || ev.Op == fsnotify.Chmod {
		return // chmod only, or touch
	}
	path := filepath.Clean(ev.Name)
	root := w.rootOf(path)
	if root == "" {
		// In an anchor: something appeared or vanished on the way to a
		// missing root.
		w.check(w.syncRoots(true))
		return
	}
	if w.ignored(path, root) {
		return
	}
	if ev.Op == fsnotify.Write {
		// kqueue and Windows also report a directory written when its
		// entries change; those entries come as events of their own.
		if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
			return
		}
	}
	w.mark(path)
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(path)
		if path == root {
			w.check(w.syncRoots(true))
		}
	}
	if ev.Has(fsnotify.Create) {
		// Always (re)add: the directory may be new, moved in, or a
		// recreation of one we watched before.
		if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
			w.check(w.addTree(path, true))
		}
		if path == root {
			w.check(w.syncRoots(true))
		}
	}
}

// handleError deals with an error from fsnotify's Errors channel.
func (w *Watcher) handleError(err error) {
	w.report(fmt.Errorf("watch: %w", err))
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		return
	}
	// Events were lost: report the roots (anything below may have changed)
	// and every path below them, re-adding every directory on the way.
	for _, r := range w.roots {
		w.mark(r)
		if w.dirs[r] {
			w.check(w.addTree(r, true))
		}
	}
	w.check(w.syncRoots(true))
}

// check switches to polling if err (from adding a watch) is not nil.
func (w *Watcher) check(err error) {
	if err == nil || w.fsw == nil {
		return
	}
	select {
	case <-w.done:
		return // Add failed because Close was called
	default:
	}
	w.fallback(err)
}

// syncRoots makes sure every root is watched or, when a root is missing,
// that its nearest existing ancestor is, so that the root's creation is
// seen. With report, the paths found in roots that just appeared are marked.
func (w *Watcher) syncRoots(report bool) error {
	if w.fsw == nil {
		return nil
	}
	missing := false
	for _, r := range w.roots {
		// Bounded, in case directories on the way keep flapping.
		for i := 0; i < 100 && !w.dirs[r]; i++ {
			a := existingDir(r)
			if a == r {
				if err := w.addTree(r, report); err != nil {
					return err
				}
				if existingDir(r) == r {
					break // watched, or unwatchable and reported
				}
				continue // vanished meanwhile: anchor an ancestor
			}
			if a == "" {
				break // unreachable in practice: "/" exists
			}
			// Added every time: cheap, and the anchor may have been
			// deleted and recreated since.
			if err := w.add(a); err == nil {
				w.anchors[a] = true
			} else if !vanished(err) {
				return fmt.Errorf("watch: %s: %w", a, err)
			}
			// Check again: a directory on the way may have been made
			// before the anchor's watch took effect.
			if existingDir(r) == a {
				break
			}
		}
		if !w.dirs[r] {
			missing = true
		}
	}
	if !missing && len(w.anchors) > 0 {
		for a := range w.anchors {
			w.fsw.Remove(a) // may already be gone; nothing to do then
		}
		clear(w.anchors)
	}
	return nil
}

// existingDir returns path if it is a directory, else the nearest ancestor
// that is one, or "" if none is.
func existingDir(path string) string {
	for {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			return path
		}
		parent := filepath.Dir(path)
		if parent == path {
			return ""
		}
		path = parent
	}
}

// addTree watches dir and every directory below it, marking (with report)
// dir and everything found. It carries on after an error that calls for
// polling so that the marks are complete, and returns the first such error.
func (w *Watcher) addTree(dir string, report bool) error {
	if report {
		w.mark(dir)
	}
	var first error
	if w.fsw != nil {
		switch err := w.add(dir); {
		case err == nil:
			w.dirs[dir] = true
		case vanished(err):
			return nil
		case errors.Is(err, fs.ErrPermission):
			w.report(fmt.Errorf("watch: %s: %w", dir, err))
		default:
			first = fmt.Errorf("watch: %s: %w", dir, err)
		}
	}
	root := w.rootOf(dir)
	entries, err := os.ReadDir(dir)
	if err != nil && !vanished(err) {
		w.report(fmt.Errorf("watch: %w", err))
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if w.ignored(p, root) {
			continue
		}
		if e.IsDir() {
			if err := w.addTree(p, report); err != nil && first == nil {
				first = err
			}
		} else if report {
			w.mark(p)
		}
	}
	return first
}

// add adds a watch, through the test hook when there is one.
func (w *Watcher) add(dir string) error {
	if w.addErr != nil {
		if err := w.addErr(dir); err != nil {
			return err
		}
	}
	return w.fsw.Add(dir)
}

// vanished reports whether err means the path is gone or no longer a
// directory, or the watcher was closed: nothing to fall back for.
func vanished(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) ||
		errors.Is(err, fsnotify.ErrClosed)
}

// forget drops the watches on path and below, if it was a watched
// directory, so that a later directory of the same name is added afresh and
// a renamed directory's old watches do not report under its old name.
func (w *Watcher) forget(path string) {
	if !w.dirs[path] {
		return
	}
	for d := range w.dirs {
		if within(d, path) {
			delete(w.dirs, d)
			w.fsw.Remove(d) // often already removed by the kernel
		}
	}
}

// fallback switches from fsnotify to polling after err.
func (w *Watcher) fallback(err error) {
	w.report(fmt.Errorf("watch: switching to polling: %w", err))
	fsw := w.fsw
	w.mu.Lock()
	w.fsw = nil
	w.mu.Unlock()
	w.startPolling()
	clear(w.dirs)
	clear(w.anchors)

	// Events still queued may describe changes the snapshot already holds,
	// which polling would then never report: take them in until fsnotify
	// has been silent for a moment.
	silence := time.NewTimer(w.quiet)
	defer silence.Stop()
	for {
		select {
		case ev, ok := <-fsw.Events:
			if !ok {
				return
			}
			silence.Reset(w.quiet)
			path := filepath.Clean(ev.Name)
			root := w.rootOf(path)
			if root == "" || ev.Op == fsnotify.Chmod || w.ignored(path, root) {
				break
			}
			w.mark(path)
			if fi, err := os.Lstat(path); err == nil && fi.IsDir() && ev.Has(fsnotify.Create) {
				w.addTree(path, true) // only marks, now that fsw is nil
			}
		case <-fsw.Errors:
		case <-silence.C:
			fsw.Close()
			return
		case <-w.done:
			fsw.Close()
			return
		}
	}
}
