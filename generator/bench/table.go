package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
)

func median[T int64 | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func walls(ss []sample) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = s.wall
	}
	return out
}

func cpus(ss []sample) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = s.cpu
	}
	return out
}

func rss(ss []sample) []int64 {
	out := make([]int64, len(ss))
	for i, s := range ss {
		out[i] = s.rssKB
	}
	return out
}

// pairedRatio is the median over runs of a[i]/b[i]: runs of one round are
// measured back to back, so their ratio cancels most of the machine's drift.
func pairedRatio(a, b []sample) float64 {
	n := min(len(a), len(b))
	rs := make([]float64, n)
	for i := range n {
		rs[i] = a[i].wall.Seconds() / b[i].wall.Seconds()
	}
	return median(rs)
}

func mib(kb int64) float64 { return float64(kb) / 1024 }

func writeTable(w *bytes.Buffer, r sizeResult) {
	switch r.suite {
	case "explainer":
		fmt.Fprintf(w, "### This explainer (%d pages), process start included\n\n", r.pages)
	case "blog":
		fmt.Fprintf(w, "### Realistic blog, %s posts\n\n", thousands(r.pages))
	default:
		fmt.Fprintf(w, "### Synthetic corpus, %s pages\n\n", thousands(r.pages))
	}
	fmt.Fprintln(w, "| variant | wall (s) | min–max (s) | µs/page | CPU (s) | peak RSS (MiB) | Hugo ÷ this | this ÷ floor | CPU: Hugo ÷ this | CPU: this ÷ floor | RSS ÷ Hugo's |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, v := range r.variants {
		ss := r.samples[v.name]
		ws := walls(ss)
		med := median(ws)
		lo, hi := slices.Min(ws), slices.Max(ws)
		hugoRatio, floorRatio, rssRatio, hugoCPU, floorCPU := "", "", "", "", ""
		if h := r.samples[v.hugo]; v.hugo != "" && len(h) > 0 {
			hugoRatio = fmt.Sprintf("%.2f×", pairedRatio(h, ss))
			hugoCPU = fmt.Sprintf("%.2f×", median(cpus(h)).Seconds()/median(cpus(ss)).Seconds())
			rssRatio = fmt.Sprintf("%.2f", float64(median(rss(ss)))/float64(median(rss(h))))
		}
		if f := r.samples[v.floor]; v.floor != "" && len(f) > 0 {
			floorRatio = fmt.Sprintf("%.2f×", pairedRatio(ss, f))
			floorCPU = fmt.Sprintf("%.2f×", median(cpus(ss)).Seconds()/median(cpus(f)).Seconds())
		}
		fmt.Fprintf(w, "| %s | %.3f | %.3f–%.3f | %.0f | %.2f | %.0f | %s | %s | %s | %s | %s |\n", v.name, med.Seconds(), lo.Seconds(), hi.Seconds(),
			float64(med.Microseconds())/float64(r.pages), median(cpus(ss)).Seconds(), mib(median(rss(ss))), hugoRatio, floorRatio, hugoCPU, floorCPU, rssRatio)
	}
	fmt.Fprintln(w)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// writeTargets checks the targets of issue #18 on the corpora measured.
func writeTargets(w *bytes.Buffer, all []sizeResult) {
	find := func(suite string, pages int) *sizeResult {
		for i := range all {
			if all[i].suite == suite && (pages == 0 || all[i].pages == pages) {
				return &all[i]
			}
		}
		return nil
	}
	fmt.Fprintf(w, "### Targets\n\n")
	check := func(name string, ok bool, got string) {
		mark := "FAIL"
		if ok {
			mark = "ok"
		}
		fmt.Fprintf(w, "- %s: %s — %s\n", name, got, mark)
	}
	cpuRatio := func(a, b []sample) float64 { return median(cpus(a)).Seconds() / median(cpus(b)).Seconds() }
	hugoRatios := func(r *sizeResult, variant string, speed, mem float64) {
		s := r.samples
		ours, h := s[variant], s["Hugo"]
		if len(h) == 0 || len(ours) == 0 {
			return
		}
		x := pairedRatio(h, ours)
		name := fmt.Sprintf("%s %s: %s ≥ %g× faster than Hugo", r.suite, thousands(r.pages), variant, speed)
		check(name, x >= speed, fmt.Sprintf("%.2f× wall (CPU %.2f×)", x, cpuRatio(h, ours)))
		if mem > 0 {
			or, hr := mib(median(rss(ours))), mib(median(rss(h)))
			check(fmt.Sprintf("%s %s: %s peak RSS ≤ %g of Hugo's", r.suite, thousands(r.pages), variant, mem), or <= hr*mem, fmt.Sprintf("%.0f MiB vs %.0f MiB (%.2f)", or, hr, or/hr))
		}
	}
	if r := find("explainer", 0); r != nil {
		m := median(walls(r.samples["explainer build"]))
		check("explainer build under 50 ms, process start included", m < 50*time.Millisecond, fmt.Sprintf("%.1f ms", float64(m.Microseconds())/1000))
	}
	for _, n := range []int{300, 800} {
		if r := find("blog", n); r != nil {
			hugoRatios(r, "ours cold", 3, 0.5)
		}
	}
	if r := find("synthetic", 10000); r != nil {
		hugoRatios(r, "ours cold", 4, 0.17)
		hugoRatios(r, "ours warm", 8, 0)
		if x := pairedRatio(r.samples["ours cold"], r.samples["floor"]); len(r.samples["floor"]) > 0 {
			fmt.Fprintf(w, "- synthetic 10,000: ours cold ÷ floor: %.2f× wall (CPU %.2f×)\n", x, cpuRatio(r.samples["ours cold"], r.samples["floor"]))
		}
	}
	if big := find("synthetic", 50000); big != nil {
		cold := big.samples["ours cold"]
		or := mib(median(rss(cold)))
		check("synthetic 50,000: ours cold peak RSS under 1 GiB", or < 1024, fmt.Sprintf("%.0f MiB", or))
		if r := find("synthetic", 10000); r != nil {
			per := func(r *sizeResult) float64 { return median(cpus(r.samples["ours cold"])).Seconds() / float64(r.pages) }
			perWall := func(r *sizeResult) float64 { return median(walls(r.samples["ours cold"])).Seconds() / float64(r.pages) }
			x := perWall(big) / perWall(r)
			check("synthetic 50,000: ours cold cost per page within 1.1× of 10,000's", x <= 1.1,
				fmt.Sprintf("%.2f× wall (%.0f vs %.0f µs/page), CPU %.2f×", x, perWall(big)*1e6, perWall(r)*1e6, per(big)/per(r)))
		}
	}
	for _, suite := range []string{"blog", "synthetic"} {
		var line []string
		for _, x := range all {
			if c := x.samples["ours cold"]; x.suite == suite && len(c) > 0 {
				line = append(line, fmt.Sprintf("%s pages %.0f µs wall, %.0f µs CPU", thousands(x.pages), float64(median(walls(c)).Microseconds())/float64(x.pages), float64(median(cpus(c)).Microseconds())/float64(x.pages)))
			}
		}
		if len(line) > 1 {
			fmt.Fprintf(w, "- cost per page, %s, ours cold: %s\n", suite, strings.Join(line, "; "))
		}
	}
	fmt.Fprintln(w)
}
