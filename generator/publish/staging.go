package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/rawfile"
)

// ErrAborted is returned by WriteFile and Commit after Abort.
var ErrAborted = errors.New("the build was stopped")

// Staging is a folder a build writes into: beside the destination, or
// inside it when the destination cannot be swapped. While a build runs, it
// holds a lock on its staging folder, so that other builds into the same
// destination leave the folder alone and remove only the staging folders
// of builds that were killed.
type Staging struct {
	dest, dir string
	inPlace   string // why the destination cannot be swapped; "" when it can
	mu        sync.Mutex
	made      map[string]bool
	lock      *os.File // the held lock on dir; nil once released
	destLock  *os.File // shared lock on dest; nil when dest did not exist
	// reused says dir is a former output (the spare): files are written
	// over in place, and what the build did not write is removed.
	reused  bool
	written map[string]bool // files written, when reused

	gate   sync.RWMutex // WriteFile holds it for reading; Abort and Commit for writing
	closed bool         // Abort or Commit ran
}

const (
	stagingMark   = ".staging-"
	spareMark     = ".spare"
	inPlacePrefix = ".generator-staging-"
)

// SpareDir is the folder beside dest where the output a build replaced is
// kept for the next build to reuse.
func SpareDir(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+spareMark)
}

// NewStaging creates a staging folder for dest, holding the Marker, and
// removes staging folders left by builds that were killed. It fails when
// a preview server holds dest (see LockDest).
func NewStaging(dest string) (*Staging, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	s := &Staging{dest: dest, made: map[string]bool{".": true}}
	if info, err := os.Lstat(dest); err == nil {
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			s.inPlace = "is a symbolic link"
		case isMountPoint(dest):
			s.inPlace = "is a mount point"
		}
		l, err := lockDest(dest, false)
		if errors.Is(err, errBusy) {
			return nil, fmt.Errorf("output folder %s is in use by a running generator serve; stop it (Ctrl-C) before building into it, or build into another folder with --dest", dest)
		}
		if err != nil {
			return nil, err
		}
		s.destLock = l
	} else if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	var err error
	if s.inPlace == "" {
		s.dir, s.lock, err = newLockedDir(parent, "."+filepath.Base(dest)+stagingMark)
		if errors.Is(err, fs.ErrPermission) || isReadOnly(err) {
			if err := os.Mkdir(dest, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("cannot create %s in a read-only folder: %w", dest, err)
			}
			s.inPlace, err = "is in a folder the generator cannot write to", nil
		} else if err == nil {
			s.reuseSpare()
		}
	}
	if s.inPlace != "" {
		s.dir, s.lock, err = newLockedDir(dest, inPlacePrefix)
	}
	if err == nil {
		err = WriteMarker(s.dir)
		if s.reused {
			s.written[Marker] = true
		}
	}
	if err != nil {
		if s.lock != nil {
			os.RemoveAll(s.dir)
		}
		s.unlock()
		return nil, err
	}
	return s, nil
}

// newLockedDir removes the unlocked folders named prefix* in parent (left
// by killed builds) and creates and locks a new one.
func newLockedDir(parent, prefix string) (string, *os.File, error) {
	old, _ := filepath.Glob(filepath.Join(parent, prefix+"*"))
	for _, o := range old {
		// A lock that can be taken belongs to no running build.
		if l, err := lockDir(o, false); err == nil {
			os.RemoveAll(o)
			l.Close()
		}
	}
	for {
		dir, err := os.MkdirTemp(parent, prefix)
		if err != nil {
			return "", nil, err
		}
		lock, err := lockDir(dir, true)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed as stale by another build before it was locked
		}
		if err != nil {
			os.RemoveAll(dir)
			return "", nil, err
		}
		if !sameDir(lock, dir) {
			lock.Close()
			continue
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			lock.Close()
			os.RemoveAll(dir)
			return "", nil, err
		}
		return dir, lock, nil
	}
}

// reuseSpare moves the spare folder, when there is one and no other build
// is taking it, into the place of the (empty) staging folder.
func (s *Staging) reuseSpare() {
	spare := SpareDir(s.dest)
	if fi, err := os.Lstat(spare); err != nil || !fi.IsDir() {
		return
	}
	lock, err := lockDir(spare, false)
	if err != nil {
		return // another build is taking it
	}
	// rename(2) replaces an empty folder (os.Rename refuses to); the lock
	// moves with the spare, so the staging folder is never unlocked.
	if err := syscall.Rename(spare, s.dir); err != nil || !sameDir(lock, s.dir) {
		lock.Close()
		return
	}
	s.lock.Close()
	s.lock = lock
	s.reused = true
	s.made = map[string]bool{}
	s.written = map[string]bool{}
	if err := os.Chmod(s.dir, 0o755); err != nil {
		s.reused = false
	}
	s.made["."] = true
}

// sameDir reports whether the open folder f is still the one at path dir.
func sameDir(f *os.File, dir string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(dir)
	return err == nil && os.SameFile(a, b)
}

// Dir is the staging folder.
func (s *Staging) Dir() string { return s.dir }

// InPlace says why the destination cannot be swapped in one step ("is a
// mount point", "is a symbolic link", "is in a folder the generator
// cannot write to"), or returns "" when it can. When it cannot, Commit
// moves the new files in entry by entry and then removes stale ones, so
// readers may briefly see a mix of old and new top-level entries.
func (s *Staging) InPlace() string { return s.inPlace }

// WriteFile writes one output file into the staging folder. It may run
// while another goroutine calls Abort (on an interrupt): a write that
// has not started then fails with ErrAborted.
func (s *Staging) WriteFile(rel string, data []byte) error {
	if err := CheckRel(rel); err != nil {
		return err
	}
	if rel == Marker {
		return fmt.Errorf("refusing to write %q: the generator's own marker file", rel)
	}
	s.gate.RLock()
	defer s.gate.RUnlock()
	if s.closed {
		return ErrAborted
	}
	if err := s.mkdir(path.Dir(rel)); err != nil {
		return err
	}
	full := filepath.Join(s.dir, filepath.FromSlash(rel))
	if !s.reused {
		return rawfile.WriteFile(full, data, 0o644)
	}
	s.mu.Lock()
	s.written[rel] = true
	s.mu.Unlock()
	return overwrite(full, data)
}

// mkdir creates folder d (slash-separated, relative to the staging folder)
// and its parents, and records them as made; a folder already made costs
// a map lookup. In a new staging folder, a
// folder whose parent is made takes one system call. In a reused one, a
// folder that exists is kept; anything else in its place (a file, a
// symbolic link) is removed first, so no write can leave the folder.
func (s *Staging) mkdir(d string) error {
	s.mu.Lock()
	made := d == "." || s.made[d]
	s.mu.Unlock()
	if made {
		return nil
	}
	if err := s.mkdir(path.Dir(d)); err != nil {
		return err
	}
	full := filepath.Join(s.dir, filepath.FromSlash(d))
	err := os.Mkdir(full, 0o755)
	if err != nil && errors.Is(err, fs.ErrExist) {
		fi, lerr := os.Lstat(full)
		switch {
		case lerr != nil:
			return lerr
		case fi.IsDir():
			err = nil
		default:
			if err = os.Remove(full); err == nil {
				err = os.Mkdir(full, 0o755)
			}
		}
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.made[d] = true
	s.mu.Unlock()
	return nil
}

// overwrite writes data to the file at full in place, keeping the file
// (its inode) when there is one: no truncation to zero first, which on
// ext4 would start writing the file back at close. A folder or symbolic
// link in its place is removed.
func overwrite(full string, data []byte) error {
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|oNoFollow, 0o644)
	if err != nil {
		fi, lerr := os.Lstat(full)
		if lerr != nil || fi.Mode().IsRegular() {
			return err
		}
		if err := os.RemoveAll(full); err != nil {
			return err
		}
		return os.WriteFile(full, data, 0o644)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Truncate(int64(len(data)))
	}
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil && fi.Mode().Perm() != 0o644 {
			err = f.Chmod(0o644)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// prune removes from a reused staging folder every file the build did
// not write and every folder it did not make.
func (s *Staging) prune() error {
	var stale []string
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(s.dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if !s.made[rel] {
				stale = append(stale, p)
				return filepath.SkipDir
			}
			return nil
		}
		if !s.written[rel] {
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}

// Commit replaces the destination with the staging folder and keeps the
// previous output as the spare folder for the next build: atomically, or
// entry by entry when InPlace says why not.
func (s *Staging) Commit() error {
	s.gate.Lock()
	defer s.gate.Unlock()
	if s.closed {
		return ErrAborted
	}
	s.closed = true
	defer s.unlock()
	if s.inPlace != "" {
		return s.commitInPlace()
	}
	if s.reused {
		if err := s.prune(); err != nil {
			return err
		}
	}
	info, err := os.Lstat(s.dest)
	if errors.Is(err, fs.ErrNotExist) {
		err = os.Rename(s.dir, s.dest)
		if err == nil {
			return nil
		}
		// Another build may have created the destination meanwhile.
		info, err = os.Lstat(s.dest)
	}
	switch {
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("output folder %s exists and is not a folder", s.dest)
	}
	if err := exchange(s.dir, s.dest); err != nil {
		return err
	}
	// s.dir now holds the previous output: keep it for the next build,
	// unless a spare is there already (another build's).
	if os.Rename(s.dir, SpareDir(s.dest)) == nil {
		return nil
	}
	return os.RemoveAll(s.dir)
}

// commitInPlace moves every entry of the staging folder (inside dest) into
// dest, then moves the entries the new output lacks into a folder inside
// the staging folder and removes it.
func (s *Staging) commitInPlace() error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	fresh := map[string]bool{}
	for _, e := range entries {
		fresh[e.Name()] = true
	}
	trash := filepath.Join(s.dir, ".old")
	for i := 0; fresh[filepath.Base(trash)]; i++ {
		trash = filepath.Join(s.dir, fmt.Sprintf(".old%d", i))
	}
	if err := os.Mkdir(trash, 0o755); err != nil {
		return err
	}
	// Entries in name order, the marker last.
	names := make([]string, 0, len(fresh))
	for n := range fresh {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == Marker) != (names[j] == Marker) {
			return names[j] == Marker
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		from, to := filepath.Join(s.dir, n), filepath.Join(s.dest, n)
		if err := os.Rename(from, to); err != nil {
			// A folder cannot replace a folder (or a file) in one rename:
			// move the old entry aside first.
			if err := os.Rename(to, filepath.Join(trash, n)); err != nil {
				return err
			}
			if err := os.Rename(from, to); err != nil {
				return err
			}
		}
	}
	old, err := os.ReadDir(s.dest)
	if err != nil {
		return err
	}
	for _, e := range old {
		n := e.Name()
		if fresh[n] || strings.HasPrefix(n, inPlacePrefix) {
			continue
		}
		if err := os.Rename(filepath.Join(s.dest, n), filepath.Join(trash, n)); err != nil {
			return err
		}
	}
	return os.RemoveAll(s.dir)
}

// Abort removes the staging folder, leaving the destination untouched (a
// reused spare goes back to being the spare). It may be called from
// another goroutine while files are being written. After Commit it does
// nothing.
func (s *Staging) Abort() error {
	s.gate.Lock()
	defer s.gate.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	defer s.unlock()
	if s.reused && os.Rename(s.dir, SpareDir(s.dest)) == nil {
		return nil
	}
	return os.RemoveAll(s.dir)
}

func (s *Staging) unlock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
	if s.destLock != nil {
		s.destLock.Close()
		s.destLock = nil
	}
}
