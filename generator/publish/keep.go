package publish

import (
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/nuhw-explainer/kpstrikes/generator/fileid"
)

// Identity describes the file at rel in the staging folder (see package
// fileid), or returns "" when there is none. In a reused staging folder it
// is a file of an earlier build: a caller that recorded the identity of a
// file it wrote may Keep it instead of writing the same bytes again.
func (s *Staging) Identity(rel string) string {
	if CheckRel(rel) != nil {
		return ""
	}
	fi, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return ""
	}
	return fileid.Of(fi)
}

// Keep makes the file at rel, as the staging folder holds it, part of the
// output, as if it had been written again.
func (s *Staging) Keep(rel string) error {
	if err := CheckRel(rel); err != nil {
		return err
	}
	s.gate.RLock()
	defer s.gate.RUnlock()
	if s.closed {
		return ErrAborted
	}
	if err := s.mkdir(path.Dir(rel)); err != nil {
		return err
	}
	fi, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("cannot keep %s: not a regular file", rel)
	}
	if s.reused {
		s.mu.Lock()
		s.written[rel] = true
		s.mu.Unlock()
	}
	return nil
}
