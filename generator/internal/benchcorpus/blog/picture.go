package blog

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
)

// Picture returns image k (from 1) of post i, a PNG of about 30–110 KB:
// a gradient with noise, as a photo-sized file costs the copy step more
// than an icon.
func Picture(i, k int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), uint64(100+k)))
	wd, ht := 160+r.IntN(160), 90+r.IntN(90)
	img := image.NewNRGBA(image.Rect(0, 0, wd, ht))
	base := uint8(r.IntN(200))
	for y := range ht {
		for x := range wd {
			img.SetNRGBA(x, y, color.NRGBA{base + uint8(x*50/wd), uint8(y * 255 / ht), uint8(r.IntN(64)), 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img) // cannot fail on a bytes.Buffer
	return buf.Bytes()
}
