// Package publish writes a build's output into the destination folder.
//
// A full build writes into a staging folder beside the destination
// (Staging) and, only when the build succeeded, swaps it with the
// destination in one atomic rename (renameat2 RENAME_EXCHANGE on Linux), so
// a failed or killed build leaves the previous site exactly as it was and
// readers never see a mix of old and new files. The preview server instead
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
}

const stagingMark = ".staging-"

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
		return &Staging{dest: dest, dir: dir, made: map[string]bool{".": true}, lock: lock}, nil
	}
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
		s.mu.Lock()
		s.made[d] = true
		s.mu.Unlock()
	}
	return os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(rel)), data, 0o644)
}

// mkdir creates folder d (slash-separated, relative to the staging folder)
// and its parents. A folder whose parent this staging folder already made
// takes one system call instead of MkdirAll's three.
func (s *Staging) mkdir(d string) error {
	full := filepath.Join(s.dir, filepath.FromSlash(d))
	parent := path.Dir(d)
	s.mu.Lock()
	parentMade := parent == "." || s.made[parent]
	s.mu.Unlock()
	if parentMade && os.Mkdir(full, 0o755) == nil {
		return nil
	}
	return os.MkdirAll(full, 0o755) // exists already, or a parent is missing
}

// Commit replaces the destination with the staging folder atomically and
// removes the previous output.
func (s *Staging) Commit() error {
	defer s.unlock()
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
	return os.RemoveAll(s.dir) // now holds the previous output
}

// Abort removes the staging folder, leaving the destination untouched.
func (s *Staging) Abort() error {
	defer s.unlock()
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
