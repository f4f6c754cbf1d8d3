package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// fileState is what polling compares between two walks. Directories are
// compared by type only: their size and mtime change whenever an entry does,
// and that entry is reported itself. Permission bits are left out so that,
// as with fsnotify, a chmod alone is not a change.
type fileState struct {
	mode  fs.FileMode // type bits only
	size  int64
	mtime int64 // UnixNano
	ino   uint64
}

func stateOf(fi fs.FileInfo) fileState {
	if fi.IsDir() {
		return fileState{mode: fs.ModeDir}
	}
	return fileState{
		mode:  fi.Mode().Type(),
		size:  fi.Size(),
		mtime: fi.ModTime().UnixNano(),
		ino:   inode(fi),
	}
}

// startPolling switches to polling mode, taking the first snapshot.
func (w *Watcher) startPolling() {
	w.polling.Store(true)
	w.snap = w.scan()
}

func (w *Watcher) pollInterval() time.Duration {
	if w.poll > 0 {
		return w.poll
	}
	return w.fallbackPoll
}

// pollOnce walks the roots and marks every path added, removed or changed
// since the last walk.
func (w *Watcher) pollOnce() {
	next := w.scan()
	for p, st := range next {
		if old, ok := w.snap[p]; !ok || old != st {
			w.mark(p)
		}
	}
	for p := range w.snap {
		if _, ok := next[p]; !ok {
			w.mark(p)
		}
	}
	w.snap = next
}

// scan records the state of every path below the roots. Unreadable
// directories are skipped silently, as they would be reported on every poll.
func (w *Watcher) scan() map[string]fileState {
	snap := make(map[string]fileState)
	for _, r := range w.roots {
		if fi, err := os.Stat(r); err == nil && fi.IsDir() {
			snap[r] = stateOf(fi)
			w.scanDir(r, r, snap)
		}
	}
	return snap
}

func (w *Watcher) scanDir(dir, root string, snap map[string]fileState) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if w.ignored(p, root) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed since ReadDir
		}
		snap[p] = stateOf(fi)
		if fi.IsDir() {
			w.scanDir(p, root, snap)
		}
	}
}
