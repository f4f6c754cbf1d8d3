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
	"strings"
	"syscall"
	"time"
)

// cmdImages measures the image pipeline (issue #13) on the explainer site
// with generated 4000×3000 photos on one extra page:
//
//	go run ./generator/bench images [-photos 20] [-rss 10,40] [-runs 7] [-work DIR]
//
// It reports, each build a separate process of the generator binary:
//
//   - cold builds (empty cache folder, new output folder) with -photos
//     photos and without them, the photos' cost as images per second per
//     core (photos ÷ the CPU seconds they added), and wall time;
//   - warm builds of the unchanged sites into the same output folder (the
//     third build onwards, as on an editor's machine: the staging folder is
//     then the output before last), in -runs interleaved pairs (with
//     photos, without, alternating which goes first), as the median of
//     each and the median of the pairs' ratios: the target is
//     "within 1.2×";
//   - the peak resident memory (maximum RSS from wait4) of cold builds with
//     each count of -rss photos, which must not grow with the count.
//
// The photos are made here, deterministically; none is committed. On a
// shared machine the CPU figures are the steadier ones; the load average
// is printed at the start and the end.
func cmdImages(args []string) error {
	fl := flag.NewFlagSet("images", flag.ExitOnError)
	n := fl.Int("photos", 20, "number of 4000×3000 photos of the timed site")
	rssList := fl.String("rss", "10,40", "photo counts whose cold builds' peak memory is compared")
	runs := fl.Int("runs", 7, "measured pairs of warm builds")
	work := fl.String("work", "", "work folder (default: a new temporary folder, removed after)")
	_ = fl.Parse(args)
	counts, err := parseSizes(*rssList)
	if err != nil {
		return err
	}
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
	site := func(count int) (string, error) {
		s := filepath.Join(dir, fmt.Sprintf("photos-%d", count))
		if _, err := os.Stat(filepath.Join(s, "content", "site.yaml")); err == nil {
			return s, nil // kept from an earlier run with -work
		}
		os.RemoveAll(s)
		if err := copySite(".", s); err != nil {
			return "", err
		}
		if count > 0 {
			if err := writePhotos(s, count); err != nil {
				return "", err
			}
		}
		return s, nil
	}
	type run struct {
		wall, cpu time.Duration
		rss       int64 // KB
	}
	build := func(site string, fresh bool) (run, error) {
		dest := filepath.Join(dir, "out", filepath.Base(site))
		cache := filepath.Join(dir, "cache", filepath.Base(site))
		if fresh {
			for _, d := range []string{dest, cache, filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".spare")} {
				if err := os.RemoveAll(d); err != nil {
					return run{}, err
				}
			}
		}
		cmd := exec.Command(bin, "build", "--source", site, "--dest", dest, "--cache-dir", cache)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return run{}, fmt.Errorf("%s: %v\n%s", site, err, stderr.String())
		}
		wall := time.Since(start)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		return run{wall, time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Maxrss}, nil
	}
	loadavg := func() string {
		b, _ := os.ReadFile("/proc/loadavg")
		return strings.Join(strings.Fields(string(b))[:min(3, len(strings.Fields(string(b))))], " ")
	}
	cores := runtime.NumCPU()
	fmt.Printf("image benchmark: explainer site + N photos of 4000×3000; %d cores; load average at start %s\n\n", cores, loadavg())

	plain, err := site(0)
	if err != nil {
		return err
	}
	photos, err := site(*n)
	if err != nil {
		return err
	}

	// Cold builds.
	coldPlain, err := build(plain, true)
	if err != nil {
		return err
	}
	coldPhotos, err := build(photos, true)
	if err != nil {
		return err
	}
	added := coldPhotos.cpu - coldPlain.cpu
	fmt.Printf("cold, no photos:  %6.2f s wall, %6.2f s CPU, peak RSS %4d MB\n", coldPlain.wall.Seconds(), coldPlain.cpu.Seconds(), coldPlain.rss>>10)
	fmt.Printf("cold, %2d photos:  %6.2f s wall, %6.2f s CPU, peak RSS %4d MB\n", *n, coldPhotos.wall.Seconds(), coldPhotos.cpu.Seconds(), coldPhotos.rss>>10)
	fmt.Printf("  %.2f images/s per core (%d photos ÷ %.1f CPU s they added); %.2f images/s on the %d cores, wall\n\n",
		float64(*n)/added.Seconds(), *n, added.Seconds(), float64(*n)/(coldPhotos.wall-coldPlain.wall).Seconds(), cores)

	// Warm builds: two unmeasured builds after the cold one, so that the
	// staging folder is an earlier output, then interleaved pairs.
	for range 2 {
		for _, s := range []string{plain, photos} {
			if _, err := build(s, false); err != nil {
				return err
			}
		}
	}
	var wp, wn, cp, cn, ratios, cpuRatios []float64
	var rssWarm int64
	for r := range *runs {
		order := []string{photos, plain}
		if r%2 == 1 {
			order = []string{plain, photos}
		}
		got := map[string]run{}
		for _, s := range order {
			x, err := build(s, false)
			if err != nil {
				return err
			}
			got[s] = x
		}
		p, q := got[photos], got[plain]
		wp, wn = append(wp, p.wall.Seconds()), append(wn, q.wall.Seconds())
		cp, cn = append(cp, p.cpu.Seconds()), append(cn, q.cpu.Seconds())
		ratios = append(ratios, p.wall.Seconds()/q.wall.Seconds())
		cpuRatios = append(cpuRatios, p.cpu.Seconds()/q.cpu.Seconds())
		rssWarm = max(rssWarm, p.rss)
	}
	fmt.Printf("warm, no photos:  %6.3f s wall, %6.3f s CPU (medians of %d)\n", median(wn), median(cn), *runs)
	fmt.Printf("warm, %2d photos:  %6.3f s wall, %6.3f s CPU, peak RSS %d MB\n", *n, median(wp), median(cp), rssWarm>>10)
	fmt.Printf("  with photos ÷ without, median of %d pairs: %.2f× wall, %.2f× CPU (target ≤ 1.2×)\n\n", *runs, median(ratios), median(cpuRatios))

	// Peak memory of cold builds by photo count.
	for _, c := range counts {
		s, err := site(c)
		if err != nil {
			return err
		}
		x, err := build(s, true)
		if err != nil {
			return err
		}
		fmt.Printf("cold, %2d photos:  %6.2f s wall, %6.2f s CPU, peak RSS %4d MB\n", c, x.wall.Seconds(), x.cpu.Seconds(), x.rss>>10)
	}
	fmt.Printf("\nload average at the end %s\n", loadavg())
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
