package highlight

import (
	"bufio"
	"bytes"
	"crypto/sha256"
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
)

// CacheFile is the name of the pack file inside the cache directory.
const CacheFile = "highlight-v2.cache"

// oldCacheFiles are the pack files of earlier formats, which Save removes.
var oldCacheFiles = []string{"highlight-v1.cache"}

// packMagic starts every pack file. The layout is
//
//	magic (8 bytes)
//	entries: key (32 bytes), uvarint length, HTML (length bytes) ...
//	CRC-32C of everything before it (4 bytes, big-endian)
//
// A file that does not match exactly is ignored as a whole. (Format 1 had
// a SHA-256 there, which took most of the time of opening a cache: 15 ms
// of the 30 MB a 10,000-page site fills; the checksum is there to find a
// damaged file, and every entry's HTML is checked before it is used.)
var packMagic = [8]byte{'K', 'P', 'H', 'L', 'P', 'K', 0, 2}

// packSumSize is the size of the checksum ending a pack file.
const packSumSize = 4

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Key identifies one highlighted block: the SHA-256 of the chroma version,
// the formatter options, the markup version, the language and the code.
type Key [sha256.Size]byte

// keyPrefix returns the constant part hashed into every key.
func keyPrefix(chromaVersion string) []byte {
	var b []byte
	for _, s := range []string{"kpstrikes/highlight", chromaVersion, formatterOptions, markupVersion} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func newKey(prefix []byte, lang string, code []byte) Key {
	h := sha256.New()
	h.Write(prefix)
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(lang)))])
	h.Write([]byte(lang))
	h.Write(code)
	var k Key
	h.Sum(k[:0])
	return k
}

// Cache maps keys to highlighted HTML and persists them in one pack file.
// Its methods are safe for concurrent use.
//
// The HTML is not held in memory: entries of the pack file opened are read
// from it when asked for, and entries stored during the build are appended
// to an unlinked spool file beside it as they come, so that a build of
// 50,000 pages does not keep every block it highlighted (about 400 MiB)
// until [Cache.Save] writes the next pack file from the two.
type Cache struct {
	path string

	mu      sync.RWMutex
	entries map[Key]*cacheEntry
	pack    *os.File      // the pack file the entries with inPack come from; nil: none
	spool   *os.File      // entries stored since the last Save; nil until the first
	spoolW  *bufio.Writer // buffers writes to spool
	spoolN  int64         // bytes written to spoolW
	flushed int64         // bytes of spool flushed to the file
	added   bool          // a Put stored a new entry since the last Save
	stored  int           // number of entries the pack file on disk holds
}

// cacheEntry locates one entry's HTML: in memory (html, when the spool
// file could not be made), in the pack file or in the spool.
type cacheEntry struct {
	html   []byte
	inPack bool
	off    int64
	n      int
	used   atomic.Bool // read or written by this process
}

// MaxCacheSize is the largest pack file OpenCache reads; a bigger one is
// ignored and replaced by the next Save.
const MaxCacheSize = 256 << 20

// OpenCache opens dir/[CacheFile] and reads its index. A missing,
// truncated or corrupt file gives an empty cache, not an error; only an
// unreadable file is an error. The directory need not exist yet:
// [Cache.Put] and [Cache.Save] create it.
func OpenCache(dir string) (*Cache, error) {
	c := &Cache{path: filepath.Join(dir, CacheFile), entries: map[Key]*cacheEntry{}}
	fi, err := os.Stat(c.path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		// A FIFO or device would block or never end.
		return nil, fmt.Errorf("highlight cache %s is not a regular file", c.path)
	}
	if fi.Size() > MaxCacheSize {
		return c, nil // start over; Save replaces it
	}
	f, err := os.Open(c.path)
	if err != nil {
		return nil, err
	}
	entries, ok, err := decodePack(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	if !ok {
		f.Close()
		return c, nil
	}
	c.pack, c.entries, c.stored = f, entries, len(entries)
	return c, nil
}

// decodePack reads the index of a pack file of size bytes; ok is false if
// any part of it is wrong. err reports a file that cannot be read.
func decodePack(r io.ReaderAt, size int64) (entries map[Key]*cacheEntry, ok bool, err error) {
	if size < int64(len(packMagic)+packSumSize) {
		return nil, false, nil
	}
	bodySize := size - packSumSize
	sum := crc32.New(castagnoli)
	br := bufio.NewReaderSize(io.TeeReader(io.NewSectionReader(r, 0, bodySize), sum), 64<<10)
	var magic [len(packMagic)]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, false, err
	}
	if magic != packMagic {
		return nil, false, nil
	}
	entries = map[Key]*cacheEntry{}
	off := int64(len(packMagic))
	for off < bodySize {
		if bodySize-off < sha256.Size {
			return nil, false, nil
		}
		var k Key
		if _, err := io.ReadFull(br, k[:]); err != nil {
			return nil, false, err
		}
		off += sha256.Size
		lr := &countingByteReader{r: br}
		n, err := binary.ReadUvarint(lr)
		if err != nil {
			return nil, false, nil // a truncated or overlong length
		}
		off += lr.n // the bytes read, which a damaged file may write longer than needed
		if n > uint64(bodySize-off) {
			return nil, false, nil
		}
		if _, err := br.Discard(int(n)); err != nil {
			return nil, false, err
		}
		entries[k] = &cacheEntry{inPack: true, off: off, n: int(n)}
		off += int64(n)
	}
	var want [packSumSize]byte
	if _, err := r.ReadAt(want[:], bodySize); err != nil {
		return nil, false, err
	}
	if !bytes.Equal(sum.Sum(nil), want[:]) {
		return nil, false, nil
	}
	return entries, true, nil
}

// countingByteReader counts the bytes read through it.
type countingByteReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingByteReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// Get returns the HTML stored under k and marks the entry as used. A
// stored entry that can no longer be read counts as missing.
func (c *Cache) Get(k Key) ([]byte, bool) {
	c.mu.RLock()
	e := c.entries[k]
	c.mu.RUnlock()
	if e == nil {
		return nil, false
	}
	html, err := c.read(e)
	if err != nil {
		return nil, false
	}
	e.used.Store(true)
	return html, true
}

// read returns the HTML of e in a new slice (or e.html itself).
func (c *Cache) read(e *cacheEntry) ([]byte, error) {
	if e.html != nil || e.n == 0 {
		return e.html, nil
	}
	buf := make([]byte, e.n)
	if e.inPack {
		_, err := c.pack.ReadAt(buf, e.off)
		return buf, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.off+int64(e.n) > c.flushed {
		if c.spoolW == nil {
			return nil, errors.New("highlight cache: spool file failed")
		}
		if err := c.spoolW.Flush(); err != nil {
			return nil, err
		}
		c.flushed = c.spoolN
	}
	_, err := c.spool.ReadAt(buf, e.off)
	return buf, err
}

// Put stores html under k (keeping an existing entry) and marks it as used.
// The entry goes to the spool file; the cache does not keep html.
func (c *Cache) Put(k Key, html []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[k]; e != nil {
		e.used.Store(true)
		return
	}
	e := &cacheEntry{n: len(html)}
	if c.spool == nil && c.openSpool() != nil || c.spoolW == nil {
		e.html = html // no spool: kept in memory
	} else {
		e.off = c.spoolN
		n, err := c.spoolW.Write(html)
		c.spoolN += int64(n)
		if err != nil {
			// The spool is broken from here on: keep this and later
			// entries in memory.
			e.html, c.spoolW = html, nil
		}
	}
	e.used.Store(true)
	c.entries[k] = e
	c.added = true
}

// openSpool creates the spool file, unlinked at once where the system
// allows it, so that nothing is left behind by a build that is killed.
func (c *Cache) openSpool() error {
	dir := filepath.Dir(c.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(c.path)+".*.new")
	if err != nil {
		return err
	}
	_ = os.Remove(f.Name()) // fails on Windows; Save removes it there
	c.spool, c.spoolW = f, bufio.NewWriterSize(f, 64<<10)
	return nil
}

// Save writes the entries used since the cache was opened (read with Get or
// stored with Put) to the pack file, dropping the others. It writes nothing
// when that set equals what the file already holds. The file is replaced
// atomically: written to a temporary file in the same directory, then
// renamed. It is not fsynced; a torn file fails its checksum and is ignored.
// The entries are then read from the new pack file.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]Key, 0, len(c.entries))
	for k, e := range c.entries {
		if e.used.Load() {
			keys = append(keys, k)
		}
	}
	if !c.added && len(keys) == c.stored {
		return nil
	}
	if c.spoolW != nil {
		if err := c.spoolW.Flush(); err != nil {
			return err
		}
		c.flushed = c.spoolN
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	// Streamed, one entry at a time, with the place of each in the new file.
	offs := make([]int64, len(keys))
	tmp, err := writeTemp(c.path, func(w io.Writer) error {
		sum := crc32.New(castagnoli)
		bw := bufio.NewWriterSize(io.MultiWriter(w, sum), 64<<10)
		bw.Write(packMagic[:])
		off := int64(len(packMagic))
		var n [binary.MaxVarintLen64]byte
		var buf []byte
		for i, k := range keys {
			e := c.entries[k]
			html := e.html
			if html == nil && e.n > 0 {
				buf = slices.Grow(buf[:0], e.n)[:e.n]
				src := c.spool
				if e.inPack {
					src = c.pack
				}
				if _, err := src.ReadAt(buf, e.off); err != nil {
					return err
				}
				html = buf
			}
			bw.Write(k[:])
			w := binary.PutUvarint(n[:], uint64(len(html)))
			bw.Write(n[:w])
			offs[i] = off + int64(sha256.Size+w)
			off = offs[i] + int64(len(html))
			bw.Write(html)
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		_, err := w.Write(sum.Sum(nil))
		return err
	})
	if err != nil {
		return err
	}
	c.closeFiles()
	entries := make(map[Key]*cacheEntry, len(keys))
	if err := os.Rename(tmp, c.path); err != nil {
		_ = os.Remove(tmp)
		c.entries, c.stored, c.added = entries, 0, false
		return err
	}
	for _, old := range oldCacheFiles { // a cache of an earlier format, of no more use
		_ = os.Remove(filepath.Join(filepath.Dir(c.path), old))
	}
	c.added, c.stored = false, len(keys)
	f, err := os.Open(c.path)
	if err != nil {
		c.entries, c.stored = entries, 0 // start over; the next Save rewrites it
		return nil
	}
	c.pack = f
	for i, k := range keys {
		e := &cacheEntry{inPack: true, off: offs[i], n: c.entries[k].n}
		e.used.Store(true)
		entries[k] = e
	}
	c.entries = entries
	return nil
}

// closeFiles closes the pack and spool files.
func (c *Cache) closeFiles() {
	if c.pack != nil {
		c.pack.Close()
		c.pack = nil
	}
	if c.spool != nil {
		c.spool.Close()
		_ = os.Remove(c.spool.Name())
		c.spool, c.spoolW, c.spoolN, c.flushed = nil, nil, 0, 0
	}
}

// KeepAll counts every entry as used, so that Save keeps them all: for a
// build that reused pages converted earlier (the Markdown cache), which
// did not look up the code blocks they show. A build that converts every
// page again drops the entries no page uses.
func (c *Cache) KeepAll() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, e := range c.entries {
		e.used.Store(true)
	}
}

// Len reports how many entries the cache holds in memory.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// writeTemp writes a temporary file beside path with write and returns
// its name; the caller renames it into place.
func writeTemp(path string, write func(io.Writer) error) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}
