package images

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"testing"
	"testing/fstest"

	"golang.org/x/image/draw"
)

// scene is a w×h image with gradients, edges and fine detail.
func scene(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x * y) >> 4), 255}
			if (x/37+y/53)%2 == 0 {
				c.B = 255 - c.B
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// TestResizeMatchesCatmullRom: the streamed resize gives, within a level
// on average, what golang.org/x/image/draw's Catmull-Rom scaler gives, for
// opaque and translucent images, shrinking and enlarging.
func TestResizeMatchesCatmullRom(t *testing.T) {
	opaque := scene(901, 677)
	translucent := scene(300, 200)
	for i := 3; i < len(translucent.Pix); i += 4 {
		a := uint8(i / 4 % 256)
		translucent.Pix[i] = a
		for c := 1; c <= 3; c++ { // premultiplied
			translucent.Pix[i-c] = uint8(int(translucent.Pix[i-c]) * int(a) / 255)
		}
	}
	var yc image.Image
	var b bytes.Buffer
	if err := jpeg.Encode(&b, opaque, nil); err != nil {
		t.Fatal(err)
	}
	yc, _ = jpeg.Decode(&b) // *image.YCbCr, as photos are decoded
	for _, tc := range []struct {
		name string
		src  image.Image
		w, h int
	}{
		{"shrink", opaque, 640, 481},
		{"shrink ycbcr", yc, 333, 250},
		{"slightly", opaque, 900, 676},
		{"enlarge", translucent, 451, 301},
		{"shrink translucent", translucent, 97, 64},
	} {
		got := resize(tc.src, tc.w, tc.h)
		want := image.NewRGBA(image.Rect(0, 0, tc.w, tc.h))
		draw.CatmullRom.Scale(want, want.Bounds(), tc.src, tc.src.Bounds(), draw.Src, nil)
		var sum, worst int
		for i := range got.Pix {
			d := int(got.Pix[i]) - int(want.Pix[i])
			if d < 0 {
				d = -d
			}
			sum += d
			worst = max(worst, d)
		}
		if mean := float64(sum) / float64(len(got.Pix)); mean > 1 || worst > 24 {
			t.Errorf("%s: mean difference %.2f, worst %d", tc.name, mean, worst)
		}
		for i := 0; i < len(got.Pix); i += 4 {
			if a := got.Pix[i+3]; got.Pix[i] > a || got.Pix[i+1] > a || got.Pix[i+2] > a {
				t.Fatalf("%s: colour above alpha at %d", tc.name, i/4)
			}
		}
	}
}

// TestResizingAPhotoAllocatesAFewImages: making the JPEG versions of a
// 3000×2000 photo allocates a few times its decoded size (decoded 9 MB,
// versions 10 MB), not the 150 MB the whole-image float buffers of
// x/image/draw's Catmull-Rom scaler took.
func TestResizingAPhotoAllocatesAFewImages(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a 3000×2000 photo")
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, scene(3000, 2000), &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	s := New(fstest.MapFS{"p.jpg": {Data: b.Bytes()}}, Options{Widths: []int{640, 1024, 1600}, Workers: 1})
	img, err := s.Get("p.jpg", "p.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var products []*product
	for _, v := range img.Versions {
		products = append(products, &product{out: v.Out, width: v.Width, format: JPEG, encode: true})
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := s.encode(img, b.Bytes(), products); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	const limit = 40 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > limit {
		t.Errorf("making the versions of one 3000×2000 photo allocated %d MB; want under %d MB", got>>20, limit>>20)
	}
}

// TestTurningAPhotoHoldsItOnceAsRGBA: publishing a turned 3000×2000 photo
// upright at full size allocates the decoded photo and one upright RGBA
// copy (9 + 24 MB) and the encoded file, not a second RGBA copy.
func TestTurningAPhotoHoldsItOnceAsRGBA(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a 3000×2000 photo")
	}
	data := testJPEG(t, 3000, 2000, 6)
	s := New(fstest.MapFS{"p.jpg": {Data: data}}, Options{Workers: 1})
	img, err := s.Get("p.jpg", "p.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := s.encode(img, data, []*product{{out: "p.jpg", format: JPEG, encode: true}}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	const limit = 44 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > limit {
		t.Errorf("turning one 3000×2000 photo upright allocated %d MB; want under %d MB", got>>20, limit>>20)
	}
}
