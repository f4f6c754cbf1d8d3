package site

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// richPhotos writes the photos of testdata/rich: a 1700×1000 JPEG, the
// same turned on its side with an EXIF orientation and a GPS note, and a
// 900×500 PNG chart.
func richPhotos(t *testing.T, root string) {
	t.Helper()
	photo := func(w, h int) *image.RGBA {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 63), 255})
			}
		}
		return m
	}
	var j, turned, p bytes.Buffer
	if err := jpeg.Encode(&j, photo(1700, 1000), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&turned, photo(800, 700), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&p, photo(900, 500)); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"photo.jpg": j.Bytes(), "turned.jpg": withOrientation(turned.Bytes(), 6), "chart.png": p.Bytes()} {
		if err := os.WriteFile(filepath.Join(root, "content", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// withOrientation inserts an EXIF block with orientation o and a GPS note
// after a JPEG's start marker.
func withOrientation(data []byte, o int) []byte {
	tiff := []byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00")
	tiff = binary.LittleEndian.AppendUint16(tiff, uint16(o))
	tiff = append(tiff, "\x00\x00\x00\x00\x00\x00GPS 37.77N 122.41W"...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(len(seg)+2))
	return append(append(append([]byte(nil), data[:2]...), append(app1, seg...)...), data[2:]...)
}

// TestRichSiteMatchesGolden builds testdata/rich three times (without a
// cache, with a cold cache, with a warm one): the output must match the
// golden file, be the same byte for byte each time, and the warm build
// must encode nothing.
func TestRichSiteMatchesGolden(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/rich/site.txtar")
	richPhotos(t, src)
	cache := t.TempDir()
	var trees []sitetest.Tree
	for i, opts := range []Options{{NoCache: true}, {CacheDir: cache}, {CacheDir: cache}} {
		opts.Source, opts.Dest = src, filepath.Join(t.TempDir(), "public")
		res, err := Build(opts)
		if err != nil {
			t.Fatalf("build %d failed:\n%v", i, err)
		}
		if res.Images != 4 {
			t.Errorf("build %d published %d images, want 4", i, res.Images)
		}
		if i == 2 && res.ImagesEncoded != 0 {
			t.Errorf("the warm build encoded %d files; want none", res.ImagesEncoded)
		}
		if i < 2 && res.ImagesEncoded == 0 {
			t.Errorf("build %d encoded nothing", i)
		}
		trees = append(trees, sitetest.ReadTree(t, opts.Dest))
	}
	for i, tree := range trees[1:] {
		if d := sitetest.Diff(trees[0], tree); d != "" {
			t.Errorf("build %d differs from the build without cache:\n%s", i+2, d)
		}
	}
	for _, name := range []string{"photo.jpg", "turned.jpg"} {
		if bytes.Contains(trees[0][name], []byte("GPS")) || bytes.Contains(trees[0][name], []byte("Exif")) {
			t.Errorf("%s keeps its EXIF block", name)
		}
	}
	// The highlighting stylesheet under assets/ is not this test's business.
	got := sitetest.Archive(trees[0].Without("assets/"))
	sitetest.Golden(t, filepath.Join("testdata", "rich", "golden.txtar"), got, *update)
	if *update {
		return
	}
	story := string(trees[0]["story/index.html"])
	for _, want := range []string{`<aside class="callout callout-note">`, `<div class="callout-pair">`, `<figcaption>`, `class="figure-credit"`, `<picture>`, `loading="lazy"`, `<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`, `&lt;iframe`} {
		if !strings.Contains(story, want) {
			t.Errorf("story/index.html lacks %q", want)
		}
	}
}
