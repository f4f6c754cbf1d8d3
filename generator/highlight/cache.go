package highlight

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
)

// CacheFile is the name of the pack file inside the cache directory.
const CacheFile = "highlight-v1.cache"

// packMagic starts every pack file. The layout is
//
//	magic (8 bytes)
//	entries: key (32 bytes), uvarint length, HTML (length bytes) ...
//	SHA-256 of everything before it (32 bytes)
//
// A file that does not match exactly is ignored as a whole.
var packMagic = [8]byte{'K', 'P', 'H', 'L', 'P', 'K', 0, 1}

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
type Cache struct {
	path string

	mu      sync.RWMutex
	entries map[Key]*cacheEntry
	added   bool // a Put stored a new entry since the last Save
	stored  int  // number of entries the pack file on disk holds
}

type cacheEntry struct {
	html []byte
	used atomic.Bool // read or written by this process
}

// MaxCacheSize is the largest pack file OpenCache reads; a bigger one is
// ignored and replaced by the next Save.
const MaxCacheSize = 256 << 20

// OpenCache loads dir/[CacheFile]. A missing, truncated or corrupt file gives
// an empty cache, not an error; only an unreadable file is an error. The
// directory need not exist yet: [Cache.Save] creates it.
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
	data, err := io.ReadAll(io.LimitReader(f, MaxCacheSize))
	f.Close()
	if err != nil {
		return nil, err
	}
	if entries, ok := decodePack(data); ok {
		c.entries = entries
		c.stored = len(entries)
	}
	return c, nil
}

// decodePack parses a pack file; ok is false if any part of it is wrong.
func decodePack(data []byte) (map[Key]*cacheEntry, bool) {
	if len(data) < len(packMagic)+sha256.Size || !bytes.Equal(data[:len(packMagic)], packMagic[:]) {
		return nil, false
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, false
	}
	entries := map[Key]*cacheEntry{}
	rest := body[len(packMagic):]
	for len(rest) > 0 {
		if len(rest) < sha256.Size {
			return nil, false
		}
		var k Key
		copy(k[:], rest)
		rest = rest[sha256.Size:]
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		rest = rest[w:]
		// Full slice expression: the entry must never grow into its neighbour.
		entries[k] = &cacheEntry{html: rest[:n:n]}
		rest = rest[n:]
	}
	return entries, true
}

// Get returns the HTML stored under k and marks the entry as used.
func (c *Cache) Get(k Key) ([]byte, bool) {
	c.mu.RLock()
	e := c.entries[k]
	c.mu.RUnlock()
	if e == nil {
		return nil, false
	}
	e.used.Store(true)
	return e.html, true
}

// Put stores html under k (keeping an existing entry) and marks it as used.
// The cache keeps html; the caller must not modify it afterwards.
func (c *Cache) Put(k Key, html []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[k]; e != nil {
		e.used.Store(true)
		return
	}
	e := &cacheEntry{html: html}
	e.used.Store(true)
	c.entries[k] = e
	c.added = true
}

// Save writes the entries used since the cache was opened (read with Get or
// stored with Put) to the pack file, dropping the others. It writes nothing
// when that set equals what the file already holds. The file is replaced
// atomically: written to a temporary file in the same directory, then
// renamed. It is not fsynced; a torn file fails its checksum and is ignored.
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
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	// Streamed rather than assembled in memory: the pack of a large site is
	// tens of megabytes, written while the build still holds every page.
	err := writeAtomic(c.path, func(w io.Writer) error {
		sum := sha256.New()
		bw := bufio.NewWriterSize(io.MultiWriter(w, sum), 64<<10)
		bw.Write(packMagic[:])
		var n [binary.MaxVarintLen64]byte
		for _, k := range keys {
			html := c.entries[k].html
			bw.Write(k[:])
			bw.Write(n[:binary.PutUvarint(n[:], uint64(len(html)))])
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
	for k, e := range c.entries {
		if !e.used.Load() {
			delete(c.entries, k)
		}
	}
	c.added = false
	c.stored = len(keys)
	return nil
}

// Len reports how many entries the cache holds in memory.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// writeAtomic writes the file at path with write, through a temporary file
// in the same directory renamed into place.
func writeAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}
