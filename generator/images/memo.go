package images

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/fileid"
)

// What a warm build learns without reading a photo. Both records live in
// the cache folder and trust a file's identity (package fileid: size,
// modification time and, on Linux, device, inode and change time):
//
//   - the memo of a source image maps its path and identity to what Get
//     read from it (format, size, orientation, content hash), so that Get
//     on an unchanged image costs one stat and no read;
//   - the placed record maps the identity of a file Publish wrote into an
//     output folder to the cache key of its bytes, so that when the
//     staging folder (the output before last, see package publish) still
//     holds that very file, Publish keeps it instead of reading the cache
//     or the photo and writing the same bytes again.
//
// A file changed without changing its identity would be missed: on Linux
// that takes setting the system clock back, since no program can set a
// change time; elsewhere, writing the same number of bytes and setting
// the modification time back by hand. Options.CacheDir "" (--no-cache)
// trusts nothing and reads every file.

const (
	memoDir    = "images-v3/src"
	placedFile = "images-v3/placed"
	memoMagic  = "kpstrikes-images-memo-1"
	// placedDays is how long the placed record keeps a file no build
	// has seen.
	placedDays = 30
)

// memoPath is the memo file of a source image with the given stamp.
func (s *Set) memoPath(stamp string) string {
	sum := sha256.Sum256([]byte(cacheFormat + "\x00" + stamp))
	key := hex.EncodeToString(sum[:])
	return filepath.Join(s.opts.CacheDir, filepath.FromSlash(memoDir), key[:2], key)
}

// stampOf is what identifies the source image at fs path p with file
// info fi in the memo, or "" when the memo may not be used for it.
func stampOf(p string, fi fs.FileInfo) string {
	id := fileid.Of(fi)
	if id == "" {
		return ""
	}
	return p + "\x00" + id
}

// recall returns the image the memo holds for stamp, or nil.
func (s *Set) recall(stamp string) *Image {
	if s.opts.CacheDir == "" || stamp == "" {
		return nil
	}
	b, err := os.ReadFile(s.memoPath(stamp))
	if err != nil {
		return nil
	}
	f := strings.Fields(string(b))
	if len(f) != 7 || f[0] != memoMagic {
		return nil
	}
	img := &Image{Format: Format(f[1])}
	var nums [4]int64
	for i := range nums {
		if nums[i], err = strconv.ParseInt(f[2+i], 10, 64); err != nil || nums[i] < 0 {
			return nil
		}
	}
	img.Width, img.Height, img.Orientation, img.Size = int(nums[0]), int(nums[1]), int(nums[2]), nums[3]
	h, err := hex.DecodeString(f[6])
	if err != nil || len(h) != len(img.hash) {
		return nil
	}
	copy(img.hash[:], h)
	switch img.Format {
	case JPEG, PNG, GIF, WebP, SVG:
	default:
		return nil
	}
	if img.Orientation < 1 || img.Orientation > 8 || img.Size > MaxFileSize || int64(img.Width)*int64(img.Height) > MaxPixels {
		return nil
	}
	return img
}

// remember writes the memo of img, read from a file with stamp.
func (s *Set) remember(stamp string, img *Image) {
	if s.opts.CacheDir == "" || stamp == "" {
		return
	}
	line := fmt.Sprintf("%s %s %d %d %d %d %x\n", memoMagic, img.Format, img.Width, img.Height, img.Orientation, img.Size, img.hash)
	writeAtomic(s.memoPath(stamp), []byte(line))
}

// forget removes the memo of a source image.
func (s *Set) forget(stamp string) {
	if s.opts.CacheDir != "" && stamp != "" {
		os.Remove(s.memoPath(stamp))
	}
}

// placed is the record of the files Publish wrote into output folders.
type placed struct {
	once    sync.Once
	mu      sync.Mutex
	today   int64
	entries map[string]placedEntry // by file identity
	dirty   bool
}

type placedEntry struct {
	key  string // cache key of the file's bytes
	seen int64  // day (Unix time / 86400) a build last wrote or kept it
}

func (s *Set) placedPath() string {
	return filepath.Join(s.opts.CacheDir, filepath.FromSlash(placedFile))
}

// loadPlaced reads the placed record once.
func (s *Set) loadPlaced() {
	s.placed.once.Do(func() {
		pl := &s.placed
		pl.today = time.Now().Unix() / 86400
		pl.entries = map[string]placedEntry{}
		if s.opts.CacheDir == "" {
			return
		}
		b, err := os.ReadFile(s.placedPath())
		if err != nil {
			return
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			// day key identity (the identity has spaces)
			day, rest, ok1 := strings.Cut(sc.Text(), " ")
			key, id, ok2 := strings.Cut(rest, " ")
			d, err := strconv.ParseInt(day, 10, 64)
			if !ok1 || !ok2 || err != nil || len(key) != 2*sha256.Size || id == "" {
				continue
			}
			if pl.today-d > placedDays {
				pl.dirty = true
				continue
			}
			pl.entries[id] = placedEntry{key, d}
		}
	})
}

// placedKey returns the cache key of the bytes of the output file with
// identity id, or "".
func (s *Set) placedKey(id string) string {
	if id == "" || s.opts.CacheDir == "" {
		return ""
	}
	s.placed.mu.Lock()
	defer s.placed.mu.Unlock()
	e := s.placed.entries[id]
	if e.key != "" && e.seen != s.placed.today {
		e.seen = s.placed.today
		s.placed.entries[id] = e
		s.placed.dirty = true
	}
	return e.key
}

// place records that the output file with identity id holds the bytes of
// cache key key.
func (s *Set) place(id, key string) {
	if id == "" || s.opts.CacheDir == "" {
		return
	}
	s.placed.mu.Lock()
	defer s.placed.mu.Unlock()
	s.placed.entries[id] = placedEntry{key, s.placed.today}
	s.placed.dirty = true
}

// savePlaced writes the placed record when it changed.
func (s *Set) savePlaced() {
	pl := &s.placed
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if !pl.dirty || s.opts.CacheDir == "" {
		return
	}
	var b bytes.Buffer
	for id, e := range pl.entries {
		fmt.Fprintf(&b, "%d %s %s\n", e.seen, e.key, id)
	}
	writeAtomic(s.placedPath(), b.Bytes())
	pl.dirty = false
}

// writeAtomic writes a cache file, the parts one after the other, through
// a temporary file and a rename, so that readers see the old or the new
// file, never a part. A cache that cannot be written only makes the next
// build slower.
func writeAtomic(p string, parts ...[]byte) {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	for _, part := range parts {
		if _, err = f.Write(part); err != nil {
			break
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
