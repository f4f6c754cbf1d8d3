package site

import (
	"html/template"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"
)

// spill keeps the pages' HTML out of memory between the markdown and
// render stages of a one-off build: each page's HTML is appended to a
// temporary file, already deleted, and read back whenever a render shows
// it. At 50,000 pages the HTML alone is 600 MB; in the file it stays in
// the system's page cache, which the system may reclaim, instead of
// doubling the heap the garbage collector keeps (peak memory 2.1 GiB).
type spill struct {
	f    *os.File
	size atomic.Int64
	mu   sync.Mutex
	err  error // the first write or read error
}

// spillRef is where one page's HTML is in the spill file.
type spillRef struct {
	off int64
	n   int
}

// newSpill creates the spill file, or returns nil when it cannot (the HTML
// then stays in memory).
func newSpill() *spill {
	f, err := os.CreateTemp("", "generator-build-*")
	if err != nil {
		return nil
	}
	os.Remove(f.Name()) // the open file lives on until closed
	return &spill{f: f}
}

// put appends html to the file; safe for concurrent use. ok is false when
// the write failed: keep the HTML in memory then. put does not keep html.
func (s *spill) put(html []byte) (ref spillRef, ok bool) {
	n := len(html)
	off := s.size.Add(int64(n)) - int64(n)
	if _, err := s.f.WriteAt(html, off); err != nil {
		s.fail(err)
		return spillRef{}, false
	}
	return spillRef{off, n}, true
}

// get reads back the HTML put at ref, with one read; safe for concurrent
// use. The string is made from the bytes read without a copy, so reading
// costs one allocation of the page's size.
func (s *spill) get(ref spillRef) template.HTML {
	if ref.n == 0 {
		return ""
	}
	b := make([]byte, ref.n)
	if _, err := s.f.ReadAt(b, ref.off); err != nil {
		s.fail(err)
		return ""
	}
	return template.HTML(unsafe.String(&b[0], len(b))) // b is not used again
}

func (s *spill) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// close removes the file and returns the first error met.
func (s *spill) close() error {
	s.f.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
