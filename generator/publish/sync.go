package publish

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Sync updates a destination folder in place for the preview server. It
// remembers the hash of every file it wrote, rewrites a file only when its
// bytes changed (each write is atomic: a temporary file renamed over the
// old one), and Finish removes what the latest build did not write.
type Sync struct {
	dest    string
	mu      sync.Mutex
	hashes  map[string][32]byte // files present after the previous build
	written map[string]bool     // files written or confirmed by this build
	keepAll bool                // this build keeps every file it does not write
	changed []string
}

// NewSync prepares in-place updates of dest and writes the Marker into
// it. Files already in dest that no build writes are removed by the first
// Finish.
func NewSync(dest string) (*Sync, error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	if err := WriteMarker(dest); err != nil {
		return nil, err
	}
	s := &Sync{dest: dest, hashes: map[string][32]byte{}}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dest, p)
		if rel == Marker {
			return nil
		}
		b, err := os.ReadFile(p)
		if err == nil {
			s.hashes[filepath.ToSlash(rel)] = sha256.Sum256(b)
		}
		return nil
	})
	return s, err
}

// Begin starts a build.
func (s *Sync) Begin() {
	s.mu.Lock()
	s.written = map[string]bool{}
	s.changed = nil
	s.keepAll = false
	s.mu.Unlock()
}

// KeepAll records that every file of the previous build is still part of
// the output unless this build writes it: a rebuild that knows it removed
// nothing.
func (s *Sync) KeepAll() {
	s.mu.Lock()
	s.keepAll = true
	s.mu.Unlock()
}

// Keep records that a file is still part of the output, unchanged, without
// its bytes (a rebuild that skipped rendering it).
func (s *Sync) Keep(rel string) {
	s.mu.Lock()
	s.written[rel] = true
	s.mu.Unlock()
}

// Hash returns the SHA-256 of the file rel as this Sync last wrote or
// found it, and whether it has one.
func (s *Sync) Hash(rel string) ([32]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.hashes[rel]
	return h, ok
}

// WriteFile writes rel if its content differs from what dest holds.
func (s *Sync) WriteFile(rel string, data []byte) error {
	if err := CheckRel(rel); err != nil {
		return err
	}
	if rel == Marker {
		return fmt.Errorf("refusing to write %q: the generator's own marker file", rel)
	}
	sum := sha256.Sum256(data)
	s.mu.Lock()
	old, had := s.hashes[rel]
	s.written[rel] = true
	s.mu.Unlock()
	if had && bytes.Equal(old[:], sum[:]) {
		return nil
	}
	full := filepath.Join(s.dest, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		// A file where a folder must go: an earlier page's output.
		if fi, serr := os.Stat(filepath.Dir(full)); serr == nil && !fi.IsDir() {
			os.Remove(filepath.Dir(full))
			err = os.MkdirAll(filepath.Dir(full), 0o755)
		}
		if err != nil {
			return err
		}
	}
	if fi, err := os.Lstat(full); err == nil && fi.IsDir() {
		os.RemoveAll(full)
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), full)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return werr
	}
	s.mu.Lock()
	s.hashes[rel] = sum
	s.changed = append(s.changed, rel)
	s.mu.Unlock()
	return nil
}

// Finish removes files the build did not write and folders left empty,
// and returns the sorted list of paths whose content changed or that were
// removed.
func (s *Sync) Finish() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	dirs := map[string]bool{}
	for rel := range s.hashes {
		if s.written[rel] || s.keepAll {
			continue
		}
		os.Remove(filepath.Join(s.dest, filepath.FromSlash(rel)))
		delete(s.hashes, rel)
		s.changed = append(s.changed, rel)
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	// Remove emptied folders, deepest first.
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return strings.Count(list[i], "/") > strings.Count(list[j], "/") })
	for _, d := range list {
		os.Remove(filepath.Join(s.dest, filepath.FromSlash(d))) // fails unless empty
	}
	sort.Strings(s.changed)
	out := s.changed
	s.changed = nil
	return out
}
