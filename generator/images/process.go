package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/gen2brain/webp"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pool"
	"golang.org/x/image/draw"
)

// Encoding settings; part of every cache key.
const (
	jpegQuality = 85
	webpQuality = 80
	cacheFormat = "kpstrikes/images v3 jpeg85 webp80 catmullrom-streamed crc32c"
)

// Failure is an image Publish could not publish.
type Failure struct {
	Image *Image
	Err   error
}

// Keeper is an output folder that may already hold files of an earlier
// build (publish.Staging: a reused staging folder is the output before
// last).
type Keeper interface {
	// Identity describes the file at out in the folder (package fileid),
	// or returns "" when there is none.
	Identity(out string) string
	// Keep makes the file at out, as it is, part of the output.
	Keep(out string) error
}

// Publish writes each of imgs, and its responsive versions, with write,
// using at most Options.Workers goroutines; write may be called from
// several at once. It returns the images that failed, in the order of
// imgs.
//
// With a keep (which may be nil) and a cache folder, a file that keep's
// folder holds as this Set's cache wrote it there in an earlier build (the
// same identity, see memo.go) is kept, not written: a warm build of an
// unchanged site then reads neither the photos nor the cache.
func (s *Set) Publish(imgs []*Image, write func(out string, data []byte) error, keep Keeper) []Failure {
	workers := s.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if keep != nil && s.opts.CacheDir != "" {
		s.loadPlaced()
		defer s.savePlaced()
	} else {
		keep = nil
	}
	errs := make([]error, len(imgs))
	pool.Run(len(imgs), workers, func(i int) { errs[i] = s.publish(imgs[i], write, keep) })
	var out []Failure
	for i, err := range errs {
		if err != nil {
			out = append(out, Failure{imgs[i], err})
		}
	}
	s.count(func(st *Stats) { st.Images += len(imgs) - len(out) })
	return out
}

// Stats returns what Get and Publish did so far.
func (s *Set) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// product is one file to publish for an image.
type product struct {
	out    string
	width  int    // 0: the full-size original
	format Format // JPEG, PNG or WebP
	encode bool   // made by encoding pixels (else: the source, stripped)
	key    string // cache key
	data   []byte
}

func (s *Set) publish(img *Image, write func(string, []byte) error, keep Keeper) error {
	orig := &product{out: img.Out, format: img.Format}
	orig.encode = img.Format == JPEG && img.Orientation != 1 // re-encoded upright
	todo := []*product{orig}
	for _, v := range img.Versions {
		todo = append(todo,
			&product{out: v.Out, width: v.Width, format: img.Format, encode: true},
			&product{out: v.WebP, width: v.Width, format: WebP, encode: true})
	}
	var data []byte // the source file, read when a product needs it
	source := func() ([]byte, error) {
		if data != nil {
			return data, nil
		}
		s.count(func(st *Stats) { st.Read++ })
		d, err := fs.ReadFile(s.fsys, img.Path)
		if err != nil {
			return nil, err
		}
		if int64(len(d)) != img.Size || sha256.Sum256(d) != img.hash {
			if fi, err := fs.Stat(s.fsys, img.Path); err == nil {
				s.forget(stampOf(img.Path, fi))
			}
			return nil, errors.New("the file changed during the build; build again")
		}
		data = d
		return data, nil
	}
	var missing, pending []*product
	kept := 0
	for _, p := range todo {
		p.key = s.key(img, p)
		if keep != nil {
			if id := keep.Identity(p.out); id != "" && s.placedKey(id) == p.key {
				if err := keep.Keep(p.out); err == nil {
					kept++
					continue
				}
			}
		}
		pending = append(pending, p)
		if !p.encode {
			d, err := source()
			if err != nil {
				return err
			}
			if img.Format == JPEG || img.Format == PNG {
				d = Strip(img.Format, d)
			}
			p.data = d
		} else if p.data = s.cached(p.key); p.data == nil {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		d, err := source()
		if err != nil {
			return err
		}
		if err := s.encode(img, d, missing); err != nil {
			return err
		}
	}
	s.count(func(st *Stats) {
		st.Encoded += len(missing)
		st.Kept += kept
		for _, p := range pending {
			if p.encode {
				st.FromCache++
			}
		}
		st.FromCache -= len(missing)
	})
	for _, p := range pending {
		if err := write(p.out, p.data); err != nil {
			return err
		}
		if keep != nil {
			s.place(keep.Identity(p.out), p.key)
		}
	}
	return nil
}

// key is the cache key of one product of img.
func (s *Set) key(img *Image, p *product) string {
	h := sha256.New()
	h.Write([]byte(cacheFormat))
	h.Write(img.hash[:])
	var b [16]byte
	binary.BigEndian.PutUint32(b[0:], uint32(p.width))
	binary.BigEndian.PutUint32(b[4:], uint32(img.Orientation))
	h.Write(b[:8])
	h.Write([]byte(img.Format + "→" + p.format))
	if !p.encode {
		h.Write([]byte(" as published")) // the source, stripped
	}
	if p.format == WebP && webp.Dynamic() == nil {
		// gen2brain/webp uses a system libwebp.so when it finds one; its
		// output may differ from the built-in encoder's.
		h.Write([]byte(" system libwebp"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// encode decodes img once and encodes the missing products from it.
func (s *Set) encode(img *Image, data []byte, missing []*product) error {
	var src image.Image
	var err error
	if img.Format == JPEG {
		src, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		src, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return fmt.Errorf("the %s image is damaged and cannot be decoded (%v): export or download it again", strings.ToUpper(string(img.Format)), err)
	}
	// The widest version is resized from the original, narrower ones from
	// the widest: as sharp, and several times faster.
	byWidth := map[int]image.Image{}
	var widest *image.RGBA
	sized := func(w int) image.Image {
		if m := byWidth[w]; m != nil {
			return m
		}
		if w == 0 {
			byWidth[0] = orient(src, img.Orientation)
			return byWidth[0]
		}
		if widest == nil {
			top := maxWidth(img)
			dw, dh := top, max(1, (img.Height*top+img.Width/2)/img.Width)
			if img.Orientation >= 5 {
				dw, dh = dh, dw // resize before turning
			}
			widest = orient(resize(src, dw, dh), img.Orientation)
			byWidth[top] = widest
			if w == top {
				return widest
			}
		}
		dst := resize(widest, w, max(1, (img.Height*w+img.Width/2)/img.Width))
		byWidth[w] = dst
		return dst
	}
	// The full size first, then the widest version: after that the
	// decoded photo is no longer needed, and the collector may take it
	// back while the encoders run.
	slices.SortStableFunc(missing, func(a, b *product) int {
		if (a.width == 0) != (b.width == 0) {
			if a.width == 0 {
				return -1
			}
			return 1
		}
		return b.width - a.width
	})
	for i, p := range missing {
		m := sized(p.width)
		if widest != nil && p.width != 0 {
			src = nil
		}
		if p.width == 0 && (i+1 == len(missing) || missing[i+1].width != 0) {
			delete(byWidth, 0) // m stays until encoded below
		}
		var buf bytes.Buffer
		switch p.format {
		case JPEG:
			err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality})
		case PNG:
			err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, m)
		case WebP:
			err = webp.Encode(&buf, m, webp.Options{Quality: webpQuality, Lossless: img.Format == PNG})
		}
		if err != nil {
			return fmt.Errorf("cannot encode %s: %v", p.out, err)
		}
		p.data = buf.Bytes()
		s.store(p.key, p.data)
	}
	return nil
}

func maxWidth(img *Image) int {
	if len(img.Versions) == 0 {
		return img.Width
	}
	return img.Versions[len(img.Versions)-1].Width
}

// orient turns and flips m as EXIF orientation o says, so that it shows
// upright. An *image.RGBA that is upright is returned as it is; other
// images are converted a row at a time, so that a decoded photo is never
// held twice as RGBA.
func orient(m image.Image, o int) *image.RGBA {
	if o < 1 || o > 8 {
		o = 1
	}
	if r, ok := m.(*image.RGBA); ok && o == 1 {
		return r
	}
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	row := image.NewRGBA(image.Rect(0, 0, w, 1))
	for y := 0; y < h; y++ {
		draw.Draw(row, row.Rect, m, image.Pt(b.Min.X, b.Min.Y+y), draw.Src)
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 1:
				dx, dy = x, y
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			di := out.PixOffset(dx, dy)
			copy(out.Pix[di:di+4], row.Pix[4*x:4*x+4])
		}
	}
	return out
}

// cachePath is where the cache keeps a product.
func (s *Set) cachePath(key string) string {
	return filepath.Join(s.opts.CacheDir, "images-v3", key[:2], key)
}

// cached returns a product from the cache, or nil. A file whose checksum
// (CRC-32C, enough against truncation and disk errors, and cheap) does not
// match is ignored.
func (s *Set) cached(key string) []byte {
	if s.opts.CacheDir == "" {
		return nil
	}
	b, err := os.ReadFile(s.cachePath(key))
	if err != nil || len(b) < 4 {
		return nil
	}
	data, sum := b[:len(b)-4], b[len(b)-4:]
	if crc32.Checksum(data, castagnoli) != binary.BigEndian.Uint32(sum) {
		return nil
	}
	return data
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// store keeps a product in the cache; a cache that cannot be written only
// makes the next build slower.
func (s *Set) store(key string, data []byte) {
	if s.opts.CacheDir == "" {
		return
	}
	sum := binary.BigEndian.AppendUint32(nil, crc32.Checksum(data, castagnoli))
	writeAtomic(s.cachePath(key), data, sum)
}
