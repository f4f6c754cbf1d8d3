// Package images reads the size of the images a site publishes and makes
// their responsive versions.
//
// [Set.Get] reads one image file of the site's fs.FS: its format (JPEG,
// PNG, GIF, WebP or SVG, told by its first bytes, never by its name), its
// size in pixels from the header alone, with the EXIF orientation applied,
// and whether it is complete. It refuses, with a message for editors, a
// file that is not an image (an HTML page saved under an image's name), a
// truncated or corrupt one, and one too large to process
// ([MaxPixels]): the size is read before any pixel is decoded, so a
// 30,000×30,000 image costs nothing.
//
// A JPEG photo wider than the smallest of [Options.Widths] gets
// responsive versions: one per configured width below its own (and one at
// its own width, capped at the largest configured width), each as WebP
// and in the original format, resized with Catmull-Rom. [Set.Publish]
// makes them on a bounded pool of workers (one decoded photo per worker,
// so memory does not grow with the number of photos) and writes them with
// every published image. Published JPEG and PNG files lose their EXIF,
// XMP, IPTC and text metadata (GPS positions included); a JPEG whose EXIF
// orientation is not upright is re-encoded upright. SVG files are copied
// as they are.
//
// Every encoded file is kept in the cache folder under a hash of the
// source bytes and the encoding settings (content-addressed), so a second
// build of an unchanged site encodes nothing; the encoders are
// deterministic, so the output is byte for byte the same with or without
// the cache. The cache folder also remembers what Get read from each
// source file and which output files Publish wrote, by file identity
// (size, modification and change time, inode: see memo.go), so that a
// warm build of an unchanged site stats each photo and keeps the files the
// reused staging folder already holds, reading neither photos nor cache.
//
// [AppendHTML] writes the <img> or <picture> markup of an image; the
// Markdown converter and the layouts' image function both use it.
package images

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/rawfile"
)

// MaxPixels is the largest image, in pixels, the generator decodes: 64
// megapixels, 8,000×8,000. Larger images are refused before decoding.
const MaxPixels = 64 << 20

// MaxFileSize is the largest image file the generator reads, 100 MiB.
const MaxFileSize = 100 << 20

// Options configure a [Set].
type Options struct {
	// Widths are the widths of responsive versions, in pixels. None means
	// images are published as they are (metadata stripped).
	Widths []int

	// CacheDir holds encoded versions between builds; "" keeps none.
	CacheDir string

	// Workers is the number of images processed at once; 0 means
	// runtime.GOMAXPROCS.
	Workers int
}

// Format is an image file format.
type Format string

// The formats Set reads.
const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
	GIF  Format = "gif"
	WebP Format = "webp"
	SVG  Format = "svg"
)

// Image is an image file of the site as it will be published.
type Image struct {
	Path   string // fs path of the source file, e.g. content/photos/picket.jpg
	Out    string // output path of the published original, e.g. photos/picket.jpg
	Format Format
	// Width and Height are the size as displayed (EXIF orientation
	// applied); for SVG, from its width and height, else its viewBox, or
	// 0 when it has neither.
	Width, Height int
	Size          int64     // bytes of the source file
	Orientation   int       // EXIF orientation, 1 (upright) to 8
	Versions      []Version // responsive versions, narrowest first; empty for none
	hash          [sha256.Size]byte
}

// Version is one responsive version of an image.
type Version struct {
	Width, Height int
	Out           string // output path of the original-format file
	WebP          string // output path of the WebP file
}

// Responsive reports whether img has responsive versions.
func (img *Image) Responsive() bool { return len(img.Versions) > 0 }

// Set reads and publishes the images of one build. Its methods are safe
// for concurrent use.
type Set struct {
	fsys fs.FS
	opts Options

	mu     sync.Mutex
	byPath map[string]*entry
	stats  Stats
	placed placed
}

type entry struct {
	once sync.Once
	img  *Image
	err  error
}

// Stats count the work of [Set.Publish].
type Stats struct {
	Images    int // images published
	Encoded   int // files encoded
	FromCache int // encoded files taken from the cache
	Kept      int // files the output folder already held (see Keeper)
	Read      int // source files read by Get or Publish (not only stat'ed)
}

// New returns a Set reading images from fsys.
func New(fsys fs.FS, opts Options) *Set {
	opts.Widths = slices.Clone(opts.Widths)
	slices.Sort(opts.Widths)
	opts.Widths = slices.Compact(opts.Widths)
	return &Set{fsys: fsys, opts: opts, byPath: map[string]*entry{}}
}

// IsImage reports whether a file name has an image extension the Set
// handles.
func IsImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg":
		return true
	}
	return false
}

// Get reads the image at fs path p, published at output path out. The
// result is remembered: later calls return it again.
func (s *Set) Get(p, out string) (*Image, error) {
	s.mu.Lock()
	e := s.byPath[p]
	if e == nil {
		e = &entry{}
		s.byPath[p] = e
	}
	s.mu.Unlock()
	e.once.Do(func() { e.img, e.err = s.read(p, out) })
	return e.img, e.err
}

// read reads one image's header and plans its versions. An image the
// memo knows (see memo.go) costs one stat and is not opened.
func (s *Set) read(p, out string) (*Image, error) {
	if s.opts.CacheDir != "" {
		if fi, err := fs.Stat(s.fsys, p); err == nil {
			if img := s.recall(stampOf(p, fi)); img != nil && img.Size == fi.Size() {
				img.Path, img.Out = p, out
				if img.Format == JPEG {
					s.plan(img)
				}
				return img, nil
			}
		}
	}
	f, err := s.fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("the file is %d MB; images over %d MB are not published: make it smaller", st.Size()>>20, MaxFileSize>>20)
	}
	s.count(func(st *Stats) { st.Read++ })
	data, err := rawfile.ReadSized(f, st.Size(), MaxFileSize+1)
	if err != nil {
		return nil, err
	}
	img := &Image{Path: p, Out: out, Size: int64(len(data)), Orientation: 1, hash: sha256.Sum256(data)}
	if err := sniff(img, data, path.Ext(p)); err != nil {
		return nil, err
	}
	if img.Format == JPEG {
		s.plan(img) // PNG is for charts and drawings: resizing blurs them and makes them bigger
	}
	// The memo is written only when the file did not change while it was
	// read: the same identity before and after.
	if after, err := f.Stat(); err == nil && int64(len(data)) == st.Size() {
		if stamp := stampOf(p, st); stamp != "" && stamp == stampOf(p, after) {
			s.remember(stamp, img)
		}
	}
	return img, nil
}

// count updates the Set's statistics.
func (s *Set) count(f func(*Stats)) {
	s.mu.Lock()
	f(&s.stats)
	s.mu.Unlock()
}

// plan fills in the responsive versions of a JPEG photo.
func (s *Set) plan(img *Image) {
	ws := s.opts.Widths
	if len(ws) == 0 || img.Width <= ws[0] {
		return
	}
	largest := ws[len(ws)-1]
	var widths []int
	for _, w := range ws {
		if w < img.Width {
			widths = append(widths, w)
		}
	}
	if top := min(img.Width, largest); widths[len(widths)-1] != top {
		widths = append(widths, top)
	}
	dir, name := path.Split(img.Out)
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for _, w := range widths {
		h := max(1, (img.Height*w+img.Width/2)/img.Width)
		base := fmt.Sprintf("%s%s.%dw", dir, stem, w)
		img.Versions = append(img.Versions, Version{Width: w, Height: h, Out: base + ext, WebP: base + ".webp"})
	}
}

// Outputs lists the output paths an image's versions are written to.
func (img *Image) Outputs() []string {
	var out []string
	for _, v := range img.Versions {
		out = append(out, v.Out, v.WebP)
	}
	return out
}
