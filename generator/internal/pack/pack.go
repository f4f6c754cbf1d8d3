// Package pack keeps values by key in one file between runs, for caches a
// build reads again: the values are read from the file when asked for,
// not held in memory, and the values a run stores are written straight
// into the file that replaces the old one when the run commits.
//
// The file is
//
//	magic (8 bytes)
//	values, one after another
//	index: count, then per value key (32 bytes), offset, length (uvarints)
//	       and the value's CRC-32C (4 bytes, big-endian)
//	index offset (8 bytes), CRC-32C of the index (4 bytes), magic (8 bytes)
//
// A file whose trailer or index does not check out is ignored as a whole;
// a value whose checksum does not match is missing. Commit writes the new
// file beside the old one and renames it into place, so a run that is
// killed leaves the old file as it was.
package pack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Key identifies a value, typically a SHA-256 of everything it was made
// from.
type Key [32]byte

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const trailerSize = 8 + 4 + 8

// maxIndexSize bounds the index Open reads: 2 million values.
const maxIndexSize = 2_000_000 * (32 + 10 + 10 + 4)

// Pack is the values of one file and those stored since it was opened.
// Its methods are safe for concurrent use.
type Pack struct {
	path  string
	magic [8]byte

	mu      sync.Mutex
	entries map[Key]entry // by value: no small object per value, which a long build would keep
	old     *os.File      // the file opened, nil when none
	stored  int           // values the file opened holds
	added   bool          // a Put stored a value
	used    int           // entries with used set

	next    *os.File // the file Commit renames into place; nil until the first Put
	nextEnd atomic.Int64
	err     error // the first write error to next
}

// entry locates one value.
type entry struct {
	off    int64
	n      int
	sum    uint32
	inNext bool // in next, else in old
	used   bool // read or stored since Open
}

// Ref is where a value is: it reads the value until the Pack is closed.
type Ref struct {
	f   *os.File
	off int64
	n   int
	sum uint32
}

// Len is the length of the value.
func (r Ref) Len() int { return r.n }

// Read reads the value into a new slice and checks it against its
// checksum.
func (r Ref) Read() ([]byte, error) {
	return r.ReadTo(make([]byte, 0, r.n))
}

// ReadTo is Read into buf's array when it is large enough (a new one
// otherwise): for a caller that is done with the value before it reads
// the next, so that its reads touch the same memory. A fresh process
// pays a page fault for each new page it reads into: a megabyte of
// stored pages cost the explainer's build a millisecond.
func (r Ref) ReadTo(buf []byte) ([]byte, error) {
	b := buf[:0]
	if cap(b) < r.n {
		b = make([]byte, r.n)
	}
	b = b[:r.n]
	if r.n == 0 {
		return b, nil
	}
	if _, err := r.f.ReadAt(b, r.off); err != nil {
		return nil, err
	}
	if crc32.Checksum(b, castagnoli) != r.sum {
		return nil, errors.New("pack: damaged value")
	}
	return b, nil
}

// ReadAt reads len(b) bytes of the value from its byte off, without
// checking them: for a part of a value Read has checked.
func (r Ref) ReadAt(b []byte, off int) error {
	if off < 0 || off+len(b) > r.n {
		return errors.New("pack: read past the value")
	}
	_, err := r.f.ReadAt(b, r.off+int64(off))
	return err
}

// Open opens the pack file at path and reads its index. A missing or
// damaged file gives an empty pack, not an error; a path that is not a
// regular file is an error. The folder need not exist: Put and Commit make
// it. magic tells this file's kind and format from any other.
func Open(path string, magic [8]byte) (*Pack, error) {
	p := &Pack{path: path, magic: magic, entries: map[Key]entry{}}
	removeStale(path)
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("cache %s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	entries, ok, err := readIndex(f, fi.Size(), magic)
	if err != nil || !ok {
		f.Close()
		return p, err
	}
	p.old, p.entries, p.stored = f, entries, len(entries)
	return p, nil
}

// removeStale removes what killed runs left beside path: unfinished
// files more than a day old (a younger one may be another run's).
func removeStale(path string) {
	names, _ := filepath.Glob(path + ".*.tmp")
	for _, n := range names {
		if fi, err := os.Lstat(n); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
			_ = os.Remove(n)
		}
	}
}

// readIndex reads the index of a pack file of size bytes; ok is false
// when any part of the file's frame is wrong.
func readIndex(r io.ReaderAt, size int64, magic [8]byte) (map[Key]entry, bool, error) {
	if size < int64(len(magic)+trailerSize) {
		return nil, false, nil
	}
	var head [8]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return nil, false, err
	}
	var tr [trailerSize]byte
	if _, err := r.ReadAt(tr[:], size-trailerSize); err != nil {
		return nil, false, err
	}
	if head != magic || [8]byte(tr[12:]) != magic {
		return nil, false, nil
	}
	indexOff := int64(binary.BigEndian.Uint64(tr[:8]))
	indexEnd := size - trailerSize
	if indexOff < int64(len(magic)) || indexOff > indexEnd || indexEnd-indexOff > maxIndexSize {
		return nil, false, nil
	}
	index := make([]byte, indexEnd-indexOff)
	if _, err := r.ReadAt(index, indexOff); err != nil {
		return nil, false, err
	}
	if crc32.Checksum(index, castagnoli) != binary.BigEndian.Uint32(tr[8:12]) {
		return nil, false, nil
	}
	entries, ok := parseIndex(index, indexOff)
	return entries, ok, nil
}

// parseIndex reads the entries of an index; every value must lie between
// the magic and dataEnd.
func parseIndex(index []byte, dataEnd int64) (map[Key]entry, bool) {
	count, n := binary.Uvarint(index)
	if n <= 0 || count > uint64(len(index))/(32+1+1+4) {
		return nil, false
	}
	index = index[n:]
	entries := make(map[Key]entry, count)
	for range count {
		if len(index) < 32 {
			return nil, false
		}
		k := Key(index[:32])
		index = index[32:]
		off, n1 := binary.Uvarint(index)
		if n1 <= 0 {
			return nil, false
		}
		size, n2 := binary.Uvarint(index[n1:])
		if n2 <= 0 || len(index) < n1+n2+4 {
			return nil, false
		}
		sum := binary.BigEndian.Uint32(index[n1+n2:])
		index = index[n1+n2+4:]
		if off < 8 || off > uint64(dataEnd) || size > uint64(dataEnd)-off {
			return nil, false
		}
		entries[k] = entry{off: int64(off), n: int(size), sum: sum}
	}
	if len(index) != 0 {
		return nil, false
	}
	return entries, true
}

// Get returns where the value stored under k is, and counts it as used:
// Commit keeps it.
func (p *Pack) Get(k Key) (Ref, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.entries[k]
	if !ok {
		return Ref{}, false
	}
	if !e.used {
		e.used = true
		p.entries[k] = e
		p.used++
	}
	return p.ref(e), true
}

// ref is where e's value is; p.mu is held.
func (p *Pack) ref(e entry) Ref {
	f := p.old
	if e.inNext {
		f = p.next
	}
	return Ref{f: f, off: e.off, n: e.n, sum: e.sum}
}

// Put stores v under k, replacing what k held, and returns where it is.
// ok is false when it could not be written (the pack then keeps what it
// had, and Commit writes nothing). Put does not keep v.
func (p *Pack) Put(k Key, v []byte) (ref Ref, ok bool) {
	p.mu.Lock()
	if p.next == nil && p.err == nil {
		p.err = p.create()
	}
	f, failed := p.next, p.err != nil
	p.mu.Unlock()
	if failed {
		return Ref{}, false
	}
	n := int64(len(v))
	off := p.nextEnd.Add(n) - n
	if _, err := f.WriteAt(v, off); err != nil {
		p.fail(err)
		return Ref{}, false
	}
	e := entry{inNext: true, off: off, n: len(v), sum: crc32.Checksum(v, castagnoli), used: true}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.entries[k].used {
		p.used++
	}
	p.entries[k], p.added = e, true
	return p.ref(e), true
}

func (p *Pack) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
}

// create makes the file Put writes to, with the magic at its start.
func (p *Pack) create() error {
	dir := filepath.Dir(p.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(p.path)+".*.tmp")
	if err != nil {
		return err
	}
	if _, err := f.Write(p.magic[:]); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	p.next = f
	p.nextEnd.Store(int64(len(p.magic)))
	return nil
}

// Commit replaces the file with one holding the values used since Open
// (read with Get or stored with Put), dropping the others. It writes
// nothing when that is what the file holds. Values are copied from the
// old file by the system, without passing through memory. The file is not
// fsynced: a torn file fails its checksums and is ignored. Refs stay
// valid until Close.
func (p *Pack) Commit() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	if !p.added && p.used == p.stored {
		return nil
	}
	if p.next == nil {
		if p.err = p.create(); p.err != nil {
			return p.err
		}
	}
	keys := make([]Key, 0, p.used)
	var fromOld []entry
	for k, e := range p.entries {
		if !e.used {
			continue
		}
		keys = append(keys, k)
		if !e.inNext {
			fromOld = append(fromOld, e)
		}
	}
	// The old values, in file order, in runs the system copies whole.
	slices.SortFunc(fromOld, func(a, b entry) int { return int(a.off - b.off) })
	end := p.nextEnd.Load()
	moved := make(map[int64]int64, len(fromOld)) // old offset → new
	for i := 0; i < len(fromOld); {
		j, runEnd := i+1, fromOld[i].off+int64(fromOld[i].n)
		for j < len(fromOld) && fromOld[j].off == runEnd {
			runEnd += int64(fromOld[j].n)
			j++
		}
		start := fromOld[i].off
		if err := copyRange(p.next, end, p.old, start, runEnd-start); err != nil {
			p.err = err
			return err
		}
		for _, e := range fromOld[i:j] {
			moved[e.off] = end + e.off - start
		}
		end += runEnd - start
		i = j
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	index := binary.AppendUvarint(nil, uint64(len(keys)))
	for _, k := range keys {
		e := p.entries[k]
		off := e.off
		if !e.inNext {
			off = moved[e.off]
		}
		index = append(index, k[:]...)
		index = binary.AppendUvarint(index, uint64(off))
		index = binary.AppendUvarint(index, uint64(e.n))
		index = binary.BigEndian.AppendUint32(index, e.sum)
	}
	tail := binary.BigEndian.AppendUint64(index, uint64(end))
	tail = binary.BigEndian.AppendUint32(tail, crc32.Checksum(index, castagnoli))
	tail = append(tail, p.magic[:]...)
	if _, err := p.next.WriteAt(tail, end); err != nil {
		p.err = err
		return err
	}
	if err := os.Rename(p.next.Name(), p.path); err != nil {
		p.err = err
		return err
	}
	// The values now stand where the new file has them; the old file's
	// handle stays open for the Refs given out.
	for _, k := range keys {
		if e := p.entries[k]; !e.inNext {
			p.entries[k] = entry{inNext: true, off: moved[e.off], n: e.n, sum: e.sum, used: true}
		}
	}
	p.stored, p.added = len(keys), false
	p.err = errCommitted // a second run of the same Pack would need a new file
	return nil
}

var errCommitted = errors.New("pack: already committed")

// copyRange copies n bytes of src from srcOff to dst at dstOff. On Linux
// io.Copy from a file to a file is a copy_file_range.
func copyRange(dst *os.File, dstOff int64, src *os.File, srcOff, n int64) error {
	if _, err := src.Seek(srcOff, io.SeekStart); err != nil {
		return err
	}
	if _, err := dst.Seek(dstOff, io.SeekStart); err != nil {
		return err
	}
	got, err := io.Copy(dst, io.LimitReader(src, n))
	if err == nil && got != n {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// Close closes the files; an uncommitted new file is removed.
func (p *Pack) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.old != nil {
		p.old.Close()
		p.old = nil
	}
	if p.next != nil {
		name := p.next.Name()
		p.next.Close()
		p.next = nil
		if !errors.Is(p.err, errCommitted) {
			_ = os.Remove(name)
		}
	}
	return nil
}
