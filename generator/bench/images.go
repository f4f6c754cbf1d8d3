package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// cmdImages measures the image pipeline (issue #13) on the explainer site
// with N generated 4000×3000 photos on one extra page:
//
//	go run ./generator/bench images [-photos 20] [-runs 3] [-work DIR]
//
// It reports the cold build (empty cache: every version encoded) as images
// per second per core, the warm build (everything from the cache) against
// the same site without the photos, and the peak resident memory of cold
// builds with half and all of the photos, which must not grow with their
// number. The photos are made here, deterministically; none is committed.
func cmdImages(args []string) error {
	fl := flag.NewFlagSet("images", flag.ExitOnError)
	n := fl.Int("photos", 20, "number of 4000×3000 photos")
	runs := fl.Int("runs", 3, "measured runs of each warm build")
	work := fl.String("work", "", "work folder (default: a new temporary folder, removed after)")
	_ = fl.Parse(args)
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "bench-images-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	bin := filepath.Join(dir, "generator")
	if out, err := exec.Command("go", "build", "-o", bin, "./generator").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	plain := filepath.Join(dir, "plain")
	if err := copySite(".", plain); err != nil {
		return err
	}
	sites := map[int]string{}
	for _, count := range []int{*n / 2, *n} {
		s := filepath.Join(dir, fmt.Sprintf("photos-%d", count))
		if err := copySite(".", s); err != nil {
			return err
		}
		if err := writePhotos(s, count); err != nil {
			return err
		}
		sites[count] = s
	}
	build := func(site, cache string) (time.Duration, time.Duration, int64, error) {
		dest := filepath.Join(dir, "out", filepath.Base(site))
		cmd := exec.Command(bin, "build", "--source", site, "--dest", dest, "--cache-dir", cache)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return 0, 0, 0, fmt.Errorf("%s: %v\n%s", site, err, stderr.String())
		}
		wall := time.Since(start)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		return wall, cpu, ru.Maxrss, nil
	}
	cores := runtime.NumCPU()
	fmt.Printf("%d photos of 4000×3000, %d cores, GOMAXPROCS default\n\n", *n, cores)
	rss := map[int]int64{}
	var coldWall time.Duration
	for _, count := range []int{*n / 2, *n} {
		cache := filepath.Join(dir, "cache", fmt.Sprint(count))
		os.RemoveAll(cache)
		wall, cpu, maxrss, err := build(sites[count], cache)
		if err != nil {
			return err
		}
		rss[count] = maxrss
		fmt.Printf("cold, %2d photos: %6.2f s wall, %6.2f s CPU, peak RSS %4d MB, %.2f images/s per core\n",
			count, wall.Seconds(), cpu.Seconds(), maxrss>>10, float64(count)/wall.Seconds()/float64(cores))
		if count == *n {
			coldWall = wall
		}
	}
	_ = coldWall
	median := func(site, cache string) (time.Duration, int64, error) {
		var ws []time.Duration
		var peak int64
		if _, _, _, err := build(site, cache); err != nil { // fill the cache, unmeasured
			return 0, 0, err
		}
		for range *runs {
			w, _, r, err := build(site, cache)
			if err != nil {
				return 0, 0, err
			}
			ws = append(ws, w)
			peak = max(peak, r)
		}
		slices.Sort(ws)
		return ws[len(ws)/2], peak, nil
	}
	// Interleaving would be fairer on a busy machine; medians of a few
	// runs are enough for a 1.2× bound.
	withPhotos, r1, err := median(sites[*n], filepath.Join(dir, "cache", fmt.Sprint(*n)))
	if err != nil {
		return err
	}
	without, r2, err := median(plain, filepath.Join(dir, "cache", "plain"))
	if err != nil {
		return err
	}
	fmt.Printf("warm, %2d photos: %6.3f s wall (median of %d), peak RSS %4d MB\n", *n, withPhotos.Seconds(), *runs, r1>>10)
	fmt.Printf("warm, no photos: %6.3f s wall (median of %d), peak RSS %4d MB\n", without.Seconds(), *runs, r2>>10)
	fmt.Printf("\nwarm with photos / without: %.2f× (target ≤ 1.2×)\n", withPhotos.Seconds()/without.Seconds())
	fmt.Printf("cold peak RSS, %d vs %d photos: %d MB vs %d MB (must not grow with the count)\n", *n/2, *n, rss[*n/2]>>10, rss[*n]>>10)
	return nil
}

// copySite copies content/ and layouts/ of the site at src into dst.
func copySite(src, dst string) error {
	for _, top := range []string{"content", "layouts"} {
		err := filepath.WalkDir(filepath.Join(src, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			out := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, data, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writePhotos adds content/photos/ with count 4000×3000 JPEGs and a page
// placing them all as figures.
func writePhotos(site string, count int) error {
	d := filepath.Join(site, "content", "photos")
	if err := os.MkdirAll(d, 0o755); err != nil {
		return err
	}
	var page strings.Builder
	page.WriteString("---\ntitle: Photos\ndescription: A benchmark page of photos.\n---\n")
	m := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for i := range count {
		// A smooth scene with fine texture, different for each photo, so
		// that the encoders do real work.
		x := uint32(i*7919 + 1)
		for p := 0; p < len(m.Pix); p += 4 {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			px := (p / 4) % 4000
			py := (p / 4) / 4000
			m.Pix[p] = uint8(px*255/4000) ^ uint8(x&15)
			m.Pix[p+1] = uint8(py*255/3000) ^ uint8(x>>4&15)
			m.Pix[p+2] = uint8((px+py+i*40)&255) ^ uint8(x>>8&15)
			m.Pix[p+3] = 255
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 85}); err != nil {
			return err
		}
		name := fmt.Sprintf("photo-%02d.jpg", i+1)
		if err := os.WriteFile(filepath.Join(d, name), b.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&page, "\n![Benchmark photo %d](%s \"Photo %d.\")\n{credit=\"Photo: generated\"}\n", i+1, name, i+1)
	}
	return os.WriteFile(filepath.Join(d, "index.md"), []byte(page.String()), 0o644)
}
