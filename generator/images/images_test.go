package images

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// testJPEG returns a w×h JPEG; with orientation > 0 it carries an EXIF
// block with that orientation and a GPS marker text.
func testJPEG(t testing.TB, w, h, orientation int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// Left half red, right half blue: shows which way is up.
			c := color.RGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.RGBA{30, 30, 200, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if orientation == 0 {
		return data
	}
	tiff := []byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00")
	tiff = binary.LittleEndian.AppendUint16(tiff, uint16(orientation))
	tiff = append(tiff, 0, 0, 0, 0, 0, 0, 'G', 'P', 'S', '3', '7', '.', '7')
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xff, 0xe1}
	app1 = binary.BigEndian.AppendUint16(app1, uint16(len(seg)+2))
	app1 = append(app1, seg...)
	return append(append(append([]byte(nil), data[:2]...), app1...), data[2:]...)
}

func testPNG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// hugePNG is the header of a 30,000×30,000 PNG: a few bytes that claim
// 900 megapixels.
func hugePNG(t testing.TB) []byte {
	data := testPNG(t, 1, 1)
	binary.BigEndian.PutUint32(data[16:], 30000)
	binary.BigEndian.PutUint32(data[20:], 30000)
	// The header's checksum no longer matches; fix it so only the size is wrong.
	return fixIHDRCRC(data)
}

func TestGetReadsSizesAndRefusesBadFiles(t *testing.T) {
	photo := testJPEG(t, 800, 600, 0)
	fsys := fstest.MapFS{
		"c/photo.jpg":     {Data: photo},
		"c/turned.jpg":    {Data: testJPEG(t, 800, 600, 6)},
		"c/chart.png":     {Data: testPNG(t, 300, 200)},
		"c/logo.svg":      {Data: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><path d="M0 0h1"/></svg>`)},
		"c/sized.svg":     {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="64px" viewBox="0 0 32 16"></svg>`)},
		"c/page.jpg":      {Data: []byte("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not found</body></html>")},
		"c/truncated.jpg": {Data: photo[:len(photo)/2]},
		"c/garbage.png":   {Data: []byte("\x89PNG\r\n\x1a\nthis is not a png at all")},
		"c/huge.png":      {Data: hugePNG(t)},
		"c/empty.gif":     {Data: nil},
		"c/text.jpg":      {Data: []byte("just some text")},
	}
	s := New(fsys, Options{Widths: []int{640, 1024, 1600}})
	for _, tc := range []struct {
		name      string
		format    Format
		w, h, o   int
		versions  int
		errSubstr string
	}{
		{"photo.jpg", JPEG, 800, 600, 1, 2, ""},
		{"turned.jpg", JPEG, 600, 800, 6, 0, ""},
		{"chart.png", PNG, 300, 200, 1, 0, ""},
		{"logo.svg", SVG, 120, 40, 1, 0, ""},
		{"sized.svg", SVG, 64, 32, 1, 0, ""},
		{"page.jpg", "", 0, 0, 0, 0, "the file is a web page (HTML), not an image"},
		{"truncated.jpg", "", 0, 0, 0, 0, "the JPEG image is incomplete"},
		{"garbage.png", "", 0, 0, 0, 0, "the file is a damaged PNG image"},
		{"huge.png", "", 0, 0, 0, 0, "the image is 30000×30000 pixels, more than the 64 megapixels"},
		{"empty.gif", "", 0, 0, 0, 0, "the file is empty"},
		{"text.jpg", "", 0, 0, 0, 0, "not a JPEG, PNG, GIF, WebP or SVG image"},
	} {
		img, err := s.Get("c/"+tc.name, tc.name)
		if tc.errSubstr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errSubstr) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.errSubstr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if img.Format != tc.format || img.Width != tc.w || img.Height != tc.h || img.Orientation != tc.o || len(img.Versions) != tc.versions {
			t.Errorf("%s: got %s %dx%d orientation %d, %d versions; want %s %dx%d %d, %d", tc.name, img.Format, img.Width, img.Height, img.Orientation, len(img.Versions), tc.format, tc.w, tc.h, tc.o, tc.versions)
		}
	}
}

func TestPlanCapsVersionsAtTheLargestWidth(t *testing.T) {
	fsys := fstest.MapFS{"c/wide.jpg": {Data: testJPEG(t, 2000, 1000, 0)}, "c/mid.jpg": {Data: testJPEG(t, 1200, 900, 0)}}
	s := New(fsys, Options{Widths: []int{1600, 640, 1024}})
	wide, _ := s.Get("c/wide.jpg", "p/wide.jpg")
	want := []Version{{640, 320, "p/wide.640w.jpg", "p/wide.640w.webp"}, {1024, 512, "p/wide.1024w.jpg", "p/wide.1024w.webp"}, {1600, 800, "p/wide.1600w.jpg", "p/wide.1600w.webp"}}
	if len(wide.Versions) != 3 || wide.Versions[0] != want[0] || wide.Versions[2] != want[2] {
		t.Errorf("wide: %+v", wide.Versions)
	}
	mid, _ := s.Get("c/mid.jpg", "mid.jpg")
	if len(mid.Versions) != 3 || mid.Versions[2].Width != 1200 || mid.Versions[2].Height != 900 {
		t.Errorf("mid: %+v", mid.Versions)
	}
}

// publishAll publishes every image of fsys and returns the files written.
func publishAll(t *testing.T, fsys fstest.MapFS, opts Options) (map[string][]byte, Stats) {
	t.Helper()
	s := New(fsys, opts)
	var imgs []*Image
	for name := range fsys {
		img, err := s.Get(name, strings.TrimPrefix(name, "c/"))
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, img)
	}
	var mu sync.Mutex
	out := map[string][]byte{}
	if f := s.Publish(imgs, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		out[p] = data
		return nil
	}, nil); len(f) > 0 {
		t.Fatalf("failures: %v", f[0].Err)
	}
	return out, s.Stats()
}

func TestPublishIsTheSameWithAndWithoutTheCache(t *testing.T) {
	fsys := fstest.MapFS{
		"c/a.jpg":   {Data: testJPEG(t, 1300, 700, 0)},
		"c/t.jpg":   {Data: testJPEG(t, 900, 700, 8)},
		"c/b.png":   {Data: testPNG(t, 700, 100)},
		"c/s.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`)},
		"c/gps.jpg": {Data: testJPEG(t, 100, 100, 1)},
	}
	dir := t.TempDir()
	opts := Options{Widths: []int{640, 1024}, CacheDir: dir, Workers: 2}
	cold, st := publishAll(t, fsys, opts)
	if st.Encoded == 0 || st.FromCache != 0 {
		t.Errorf("cold build stats %+v", st)
	}
	warm, st := publishAll(t, fsys, opts)
	if st.Encoded != 0 || st.FromCache == 0 {
		t.Errorf("warm build encoded %d files (from cache %d); want none", st.Encoded, st.FromCache)
	}
	noCache, _ := publishAll(t, fsys, Options{Widths: []int{640, 1024}})
	for _, other := range []map[string][]byte{warm, noCache} {
		if len(other) != len(cold) {
			t.Fatalf("%d files, want %d", len(other), len(cold))
		}
		for name, data := range cold {
			if !bytes.Equal(other[name], data) {
				t.Errorf("%s differs between builds", name)
			}
		}
	}
	for _, name := range []string{"a.jpg", "a.640w.jpg", "a.640w.webp", "a.1024w.jpg", "a.1024w.webp", "t.jpg", "t.640w.webp", "t.700w.jpg", "s.svg", "gps.jpg"} {
		if cold[name] == nil {
			t.Errorf("%s not written; have %d files", name, len(cold))
		}
	}
	if bytes.Contains(cold["gps.jpg"], []byte("Exif")) || bytes.Contains(cold["gps.jpg"], []byte("GPS37.7")) {
		t.Error("published JPEG keeps its EXIF block")
	}
	// The turned photo is published upright: 700 wide, 900 high, red on
	// the left (orientation 8: turned a quarter anticlockwise).
	m, err := jpeg.Decode(bytes.NewReader(cold["t.jpg"]))
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Bounds(); b.Dx() != 700 || b.Dy() != 900 {
		t.Errorf("upright original is %v", b)
	}
	// Orientation 8: the stored left side (red) is the bottom.
	if r, _, b, _ := m.At(350, 850).RGBA(); r < b {
		t.Error("the bottom of the upright photo is not red")
	}
	if r, _, b, _ := m.At(350, 50).RGBA(); r > b {
		t.Error("the top of the upright photo is not blue")
	}
	if bytes.Contains(cold["t.jpg"], []byte("Exif")) {
		t.Error("upright original keeps its EXIF block")
	}
	if v, err := jpeg.Decode(bytes.NewReader(cold["t.640w.jpg"])); err != nil || v.Bounds().Dx() != 640 || v.Bounds().Dy() != 823 {
		t.Errorf("turned version: %v %v", v.Bounds(), err)
	}
}

func TestAppendHTMLWritesSizesAndResponsiveSources(t *testing.T) {
	img := &Image{Out: "p/a b.jpg", Width: 2000, Height: 1000, Versions: []Version{{640, 320, "p/a b.640w.jpg", "p/a b.640w.webp"}, {1600, 800, "p/a b.1600w.jpg", "p/a b.1600w.webp"}}}
	got := string(AppendHTML(nil, img, Attrs{Alt: `A "quote"`}))
	want := `<picture><source type="image/webp" srcset="/p/a%20b.640w.webp 640w, /p/a%20b.1600w.webp 1600w" sizes="(min-width: 45rem) 42rem, 100vw">` +
		`<img src="/p/a%20b.1600w.jpg" srcset="/p/a%20b.640w.jpg 640w, /p/a%20b.1600w.jpg 1600w" sizes="(min-width: 45rem) 42rem, 100vw" alt="A &#34;quote&#34;" width="1600" height="800" loading="lazy" decoding="async"></picture>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	small := &Image{Out: "x.png", Width: 30, Height: 20}
	if got := string(AppendHTML(nil, small, Attrs{Alt: "x", Eager: true, Class: "c", Title: "t"})); got != `<img src="/x.png" alt="x" title="t" class="c" width="30" height="20" decoding="async">` {
		t.Errorf("got %s", got)
	}
}

func fixIHDRCRC(data []byte) []byte {
	// IHDR: length at 8, type at 12, data 16..29, CRC 29..33.
	binary.BigEndian.PutUint32(data[29:], crc32IEEE(data[12:29]))
	return data
}

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
