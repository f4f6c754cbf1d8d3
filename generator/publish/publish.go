// Package publish writes a build's output into the destination folder.
//
// A full build writes into a staging folder beside the destination
// (Staging) and, only when the build succeeded, swaps it with the
// destination in one atomic rename (renameat2 RENAME_EXCHANGE on Linux), so
// a failed or killed build leaves the previous site exactly as it was and
// readers never see a mix of old and new files.
//
// The output the swap replaced is not deleted: it is kept beside the
// destination as a spare folder (".public.spare" for "public"), and the
// next build takes it as its staging folder, rewriting its files in place
// and removing the ones it does not write. A rebuild then creates and
// deletes almost no files or folders: on a disk, creating tens of thousands
// of files right after deleting as many costs more than writing them (an
// ext4 file system without a journal scans past every inode deleted in the
// last minute for each new one), and deleting them costs as much again. The preview server instead
// updates the destination in place (Sync), rewriting only files whose bytes
// changed and removing files the new build no longer has.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// Writer receives output files. Paths are slash-separated and relative to
// the destination. Implementations are safe for concurrent use, and must
// not keep data after WriteFile returns: callers reuse the buffer.
type Writer interface {
	WriteFile(rel string, data []byte) error
}

// CheckRel reports an output path that is not a clean relative path inside
// the destination.
func CheckRel(rel string) error {
	if rel == "" || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || strings.ContainsRune(rel, 0) ||
		path.Clean(rel) != rel || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	return nil
}

// CheckDest refuses destinations that would destroy the site's sources: the
// source folder itself, a folder that holds it, or a folder inside
// content/ or layouts/. Symbolic links in either path are followed first,
// so a link to the source folder is no way around the check.
func CheckDest(source, dest string) error {
	src, err := realPath(source)
	if err != nil {
		return err
	}
	dst, err := realPath(dest)
	if err != nil {
		return err
	}
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site's own sources; choose a folder such as %s", dest, filepath.Join(source, "public"))
	}
	for _, d := range []string{"content", "layouts", "generator"} {
		in := filepath.Join(src, d)
		if dst == in || strings.HasPrefix(dst, in+string(filepath.Separator)) {
			return fmt.Errorf("output folder %s is inside %s/; choose a folder such as %s", dest, d, filepath.Join(source, "public"))
		}
	}
	return nil
}

// realPath returns the absolute form of p with every symbolic link in its
// existing part resolved; the part that does not exist yet is kept as
// written.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// Staging is a folder beside the destination that a build writes into.
// While a build runs, it holds a lock on its staging folder, so that other
// builds into the same destination leave the folder alone and remove only
// the staging folders of builds that were killed.
type Staging struct {
	dest, dir string
	mu        sync.Mutex
	made      map[string]bool
	lock      *os.File // the held lock on dir; nil once released
	// reused says dir is a former output (the spare): files are written
	// over in place, and what the build did not write is removed.
	reused  bool
	written map[string]bool // files written, when reused
}

const (
	stagingMark = ".staging-"
	spareMark   = ".spare"
)

// SpareDir is the folder beside dest where the output a build replaced is
// kept for the next build to reuse.
func SpareDir(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+spareMark)
}

// NewStaging creates an empty staging folder next to dest and removes
// staging folders left by builds that were killed.
func NewStaging(dest string) (*Staging, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	prefix := "." + filepath.Base(dest) + stagingMark
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
			return nil, err
		}
		lock, err := lockDir(dir, true)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed as stale by another build before it was locked
		}
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		if !sameDir(lock, dir) {
			lock.Close()
			continue
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			lock.Close()
			os.RemoveAll(dir)
			return nil, err
		}
		s := &Staging{dest: dest, dir: dir, made: map[string]bool{".": true}, lock: lock}
		s.reuseSpare()
		return s, nil
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

// WriteFile writes one output file into the staging folder.
func (s *Staging) WriteFile(rel string, data []byte) error {
	if err := CheckRel(rel); err != nil {
		return err
	}
	d := path.Dir(rel)
	s.mu.Lock()
	made := s.made[d]
	s.mu.Unlock()
	if !made {
		if err := s.mkdir(d); err != nil {
			return err
		}
	}
	full := filepath.Join(s.dir, filepath.FromSlash(rel))
	if !s.reused {
		return os.WriteFile(full, data, 0o644)
	}
	s.mu.Lock()
	s.written[rel] = true
	s.mu.Unlock()
	return overwrite(full, data)
}

// mkdir creates folder d (slash-separated, relative to the staging folder)
// and its parents, and records them as made. In a new staging folder, a
// folder whose parent is made takes one system call. In a reused one, a
// folder that exists is kept; anything else in its place (a file, a
// symbolic link) is removed first, so no write can leave the folder.
func (s *Staging) mkdir(d string) error {
	parent := path.Dir(d)
	s.mu.Lock()
	parentMade := parent == "." || s.made[parent]
	s.mu.Unlock()
	if !parentMade {
		if err := s.mkdir(parent); err != nil {
			return err
		}
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
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
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

// Commit replaces the destination with the staging folder atomically and
// keeps the previous output as the spare folder for the next build.
func (s *Staging) Commit() error {
	defer s.unlock()
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

// Abort removes the staging folder, leaving the destination untouched. A
// reused spare goes back to being the spare.
func (s *Staging) Abort() error {
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
}
