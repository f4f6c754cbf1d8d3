package images

import (
	"image"
	"image/draw"
	"math"
)

// resize returns src scaled to w×h with the Catmull-Rom filter (stretched
// over the source pixels each output pixel covers, so that shrinking
// averages instead of skipping).
//
// It streams: each source row is converted and filtered across once, and
// kept only while an output row needs it, so the memory it uses besides
// src and the result is a few rows, whatever the sizes.
// golang.org/x/image/draw's Catmull-Rom scaler instead keeps every source
// row filtered across at once, in float64: 150 MB for a 4000×3000 photo
// shrunk to 1600 pixels, per worker.
func resize(src image.Image, w, h int) *image.RGBA {
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xs, ys := newTaps(sw, w), newTaps(sh, h)
	nc := 4
	if src, ok := src.(interface{ Opaque() bool }); ok && src.Opaque() {
		nc = 3 // alpha is 255 everywhere: filter colours only
	}

	// row holds one source row as RGBA bytes; ring the rows filtered
	// across, by source row modulo len(ring).
	row := image.NewRGBA(image.Rect(0, 0, sw, 1))
	ring := make([][]float32, ys.maxN+1)
	for i := range ring {
		ring[i] = make([]float32, w*nc)
	}
	next := 0 // the next source row to filter across
	acc := make([]float32, w*nc)
	for y := 0; y < h; y++ {
		first, weights := ys.at(y)
		for next = max(next, first); next < first+len(weights); next++ {
			draw.Draw(row, row.Rect, src, image.Pt(sb.Min.X, sb.Min.Y+next), draw.Src)
			xs.filterRow(ring[next%len(ring)], row.Pix, nc)
		}
		clear(acc)
		for k, wt := range weights {
			r := ring[(first+k)%len(ring)]
			for i, v := range r {
				acc[i] += wt * v
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		if nc == 3 {
			for x := 0; x < w; x++ {
				out[4*x] = clamp8(acc[3*x], 255)
				out[4*x+1] = clamp8(acc[3*x+1], 255)
				out[4*x+2] = clamp8(acc[3*x+2], 255)
				out[4*x+3] = 255
			}
			continue
		}
		for x := 0; x < w; x++ {
			a := clamp8(acc[4*x+3], 255)
			// Premultiplied: no colour may exceed alpha.
			out[4*x] = clamp8(acc[4*x], a)
			out[4*x+1] = clamp8(acc[4*x+1], a)
			out[4*x+2] = clamp8(acc[4*x+2], a)
			out[4*x+3] = a
		}
	}
	return dst
}

// clamp8 rounds v to the nearest integer in [0, hi].
func clamp8(v float32, hi uint8) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= float32(hi):
		return hi
	}
	return uint8(v + 0.5)
}

// taps are the source pixels and weights of each output pixel along one
// axis.
type taps struct {
	first   []int     // first source pixel of output pixel i
	off     []int     // its weights are weights[off[i]:off[i+1]]
	weights []float32 // normalised: each output pixel's sum to 1
	maxN    int       // most weights of any output pixel
}

// newTaps computes the taps of scaling n source pixels to m.
func newTaps(n, m int) *taps {
	t := &taps{first: make([]int, m), off: make([]int, m+1)}
	scale := float64(n) / float64(m)
	stretch := max(scale, 1) // shrinking widens the filter
	radius := 2 * stretch
	for i := 0; i < m; i++ {
		center := (float64(i)+0.5)*scale - 0.5
		lo := max(0, int(math.Ceil(center-radius)))
		hi := min(n-1, int(math.Floor(center+radius)))
		if hi < lo { // cannot happen with radius ≥ 2; be safe
			lo, hi = min(max(0, int(center+0.5)), n-1), min(max(0, int(center+0.5)), n-1)
		}
		start := len(t.weights)
		var sum float64
		for j := lo; j <= hi; j++ {
			wt := catmullRom((float64(j) - center) / stretch)
			t.weights = append(t.weights, float32(wt))
			sum += wt
		}
		if sum == 0 {
			sum = 1
		}
		for k := start; k < len(t.weights); k++ {
			t.weights[k] = float32(float64(t.weights[k]) / sum)
		}
		t.first[i] = lo
		t.off[i+1] = len(t.weights)
		t.maxN = max(t.maxN, hi-lo+1)
	}
	return t
}

// at returns the first source pixel and the weights of output pixel i.
func (t *taps) at(i int) (int, []float32) {
	return t.first[i], t.weights[t.off[i]:t.off[i+1]]
}

// filterRow filters one row of RGBA bytes across into out, nc (3 or 4)
// channels per output pixel.
func (t *taps) filterRow(out []float32, pix []uint8, nc int) {
	for i := range t.first {
		first, weights := t.at(i)
		var r, g, b, a float32
		p := pix[4*first:]
		for k, wt := range weights {
			q := p[4*k : 4*k+4 : 4*k+4]
			r += wt * float32(q[0])
			g += wt * float32(q[1])
			b += wt * float32(q[2])
			a += wt * float32(q[3])
		}
		o := out[nc*i : nc*i+nc : nc*i+nc]
		o[0], o[1], o[2] = r, g, b
		if nc == 4 {
			o[3] = a
		}
	}
}

// catmullRom is the Catmull-Rom cubic (B = 0, C = 1/2) at distance x.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}
