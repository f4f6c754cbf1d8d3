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
// the destination. Implementations are safe for concurrent use.
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
// content/ or layouts/.
func CheckDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(dest)
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

// Staging is a folder beside the destination that a build writes into.
type Staging struct {
	dest, dir string
	mu        sync.Mutex
	made      map[string]bool
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
	if old, _ := filepath.Glob(filepath.Join(parent, prefix+"*")); len(old) > 0 {
		for _, o := range old {
			os.RemoveAll(o)
		}
	}
	dir, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	return &Staging{dest: dest, dir: dir, made: map[string]bool{".": true}}, nil
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
		if err := os.MkdirAll(filepath.Join(s.dir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
		s.mu.Lock()
		s.made[d] = true
		s.mu.Unlock()
	}
	return os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(rel)), data, 0o644)
}

// Commit replaces the destination with the staging folder atomically and
// removes the previous output.
func (s *Staging) Commit() error {
	info, err := os.Lstat(s.dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.Rename(s.dir, s.dest)
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
func (s *Staging) Abort() error { return os.RemoveAll(s.dir) }
