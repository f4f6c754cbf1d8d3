package site

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// tinyPNG is a valid 4×3 grey PNG, for test sites that need an image file.
const tinyPNG = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04\x00\x00\x00\x03\b\x00\x00\x00\x00\x91\x9f\xf1\x1a\x00\x00\x00\x13IDATx\x9cbb```@\x10\x80\x00\x00\x00\xff\xff\x00K\x00\a\nJ\xeb%\x00\x00\x00\x00IEND\xaeB`\x82"

// imageBadInputSetups write the broken images of the bad-input cases.
func imageBadInputSetups(write func(root, rel string, data []byte) error) map[string]func(root string) error {
	return map[string]func(root string) error{
		"image-truncated": func(root string) error {
			return write(root, "content/photo.jpg", testJPEG(900, 600)[:2000])
		},
		"image-huge": func(root string) error {
			return write(root, "content/huge.png", hugePNG())
		},
		"image-corrupt": func(root string) error {
			data := testJPEG(800, 100)
			i := bytes.Index(data, []byte{0xff, 0xc4}) // the Huffman tables, after the header
			for k := i + 5; k < i+21; k++ {
				data[k] = 0xff // code counts no table can have
			}
			return write(root, "content/photo.jpg", data)
		},
	}
}

func testJPEG(w, h int) []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, testNoise(w, h), &jpeg.Options{Quality: 80})
	return b.Bytes()
}

// testNoise is a w×h image of deterministic noise.
func testNoise(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	x := uint32(1)
	for i := range m.Pix {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		m.Pix[i] = byte(x)
	}
	return m
}

// hugePNG is a PNG header claiming 30,000×30,000 pixels, with a correct
// checksum, and an end.
func hugePNG() []byte {
	data := []byte(tinyPNG)
	binary.BigEndian.PutUint32(data[16:], 30000)
	binary.BigEndian.PutUint32(data[20:], 30000)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// TestCheckWarnsAboutHeavyImages: check warns about an image over 500 KB
// published as it is, and one over twice the display width without
// smaller versions; photos with responsive versions get no warning.
func TestCheckWarnsAboutHeavyImages(t *testing.T) {
	root := t.TempDir()
	var heavy, wide bytes.Buffer
	_ = png.Encode(&heavy, testNoise(700, 300))                      // ~800 KB of noise, not resized (PNG)
	_ = png.Encode(&wide, image.NewGray(image.Rect(0, 0, 3300, 10))) // wider than 2 × 1600
	files := map[string][]byte{
		"content/site.yaml": []byte("title: T\n"),
		"content/_index.md": []byte("---\ntitle: Home\ndescription: d\n---\n![Noise](heavy.png)\n\n![A thin line](wide.png)\n\n![A photo](photo.jpg)\n"),
		"content/heavy.png": heavy.Bytes(),
		"content/wide.png":  wide.Bytes(),
		"content/photo.jpg": testJPEG(3300, 2000),
		"layouts/base.html": []byte("<!DOCTYPE html><html lang=\"en\"><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>"),
		"layouts/404.html":  []byte("x"),
		"layouts/home.html": []byte("{{ .Content }}"),
	}
	sitetest.Write(t, root, files)
	var got []string
	for _, d := range Check(Options{Source: root, NoCache: true}, time.Now()) {
		got = append(got, d.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"content/_index.md:5:1: warning: image heavy.png is 8",
		"KB and is published as it is",
		"content/_index.md:7:1: warning: image wide.png is 3300 pixels wide, more than twice the 1600 it is shown at",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("check output lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "photo.jpg") {
		t.Errorf("a photo with responsive versions got a warning:\n%s", all)
	}
}
