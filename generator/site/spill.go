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
	file   func() (*os.File, error) // creates the file at its first call
	opened atomic.Bool
	size   atomic.Int64
	mu     sync.Mutex
	err    error // the first write or read error
}

// spillRef is where one page's HTML is in the spill file.
type spillRef struct {
	off int64
	n   int
}

// newSpill returns a spill whose file is created at its first put: a
// build whose pages' HTML all goes to the Markdown cache makes none.
func newSpill() *spill {
	s := &spill{}
	s.file = sync.OnceValues(func() (*os.File, error) {
		s.opened.Store(true)
		f, err := os.CreateTemp("", "generator-build-*")
		if err != nil {
			return nil, err
		}
		os.Remove(f.Name()) // the open file lives on until closed
		return f, nil
	})
	return s
}

// put appends html to the file; safe for concurrent use. ok is false when
// the write failed: keep the HTML in memory then. put does not keep html.
func (s *spill) put(html []byte) (ref spillRef, ok bool) {
	f, err := s.file()
	if err != nil {
		return spillRef{}, false // no file: the HTML stays in memory, as without a spill
	}
	n := len(html)
	off := s.size.Add(int64(n)) - int64(n)
	if _, err := f.WriteAt(html, off); err != nil {
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
	f, err := s.file() // made by the put that gave ref
	if err != nil {
		s.fail(err)
		return ""
	}
	b := make([]byte, ref.n)
	if _, err := f.ReadAt(b, ref.off); err != nil {
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
	if s.opened.Load() {
		if f, err := s.file(); err == nil {
			f.Close()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
