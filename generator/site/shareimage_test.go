package site

import (
	"testing"
	"testing/fstest"
)

// TestImageSizeReadsWebP reads the size of each kind of WebP header (lossy
// VP8, lossless VP8L, extended VP8X), laid out as the WebP container
// specification says.
func TestImageSizeReadsWebP(t *testing.T) {
	riff := func(chunk string, payload []byte) []byte {
		b := append([]byte("RIFF\x00\x00\x00\x00WEBP"+chunk+"\x00\x00\x00\x00"), payload...)
		for len(b) < 40 {
			b = append(b, 0)
		}
		return b
	}
	w, h := 1200, 630
	vp8 := []byte{0, 0, 0, 0x9d, 0x01, 0x2a, byte(w), byte(w >> 8), byte(h), byte(h >> 8)}
	v := uint32(w-1) | uint32(h-1)<<14
	vp8l := []byte{0x2f, byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}
	vp8x := []byte{0, 0, 0, 0, byte(w - 1), byte((w - 1) >> 8), 0, byte(h - 1), byte((h - 1) >> 8), 0}
	for name, data := range map[string][]byte{"vp8": riff("VP8 ", vp8), "vp8l": riff("VP8L", vp8l), "vp8x": riff("VP8X", vp8x)} {
		fsys := fstest.MapFS{"a.webp": {Data: data}}
		f, _ := fsys.Open("a.webp")
		gw, gh, ok := imageSize(f)
		if !ok || gw != w || gh != h {
			t.Errorf("%s: got %d×%d (%v), want %d×%d", name, gw, gh, ok, w, h)
		}
	}
}
