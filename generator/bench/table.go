package main

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"time"
)

func numCPU() int { return runtime.NumCPU() }

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
	fmt.Fprintf(w, "### %d pages\n\n", r.pages)
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

// writeTargets checks the targets on the largest corpus measured
// with 10,000 pages or more (else the largest).
func writeTargets(w *bytes.Buffer, all []sizeResult) {
	if len(all) == 0 {
		return
	}
	r := all[len(all)-1]
	for _, x := range all {
		if x.pages == 10000 {
			r = x
		}
	}
	s := r.samples
	fmt.Fprintf(w, "### Targets (%d pages)\n\n", r.pages)
	cpuRatio := func(a, b []sample) float64 { return median(cpus(a)).Seconds() / median(cpus(b)).Seconds() }
	check := func(name string, ok bool, got string) {
		mark := "FAIL"
		if ok {
			mark = "ok"
		}
		fmt.Fprintf(w, "- %s: %s — %s\n", name, got, mark)
	}
	cold, warm, nohl := s["ours cold"], s["ours warm"], s["ours no-hl"]
	if h := s["Hugo"]; len(h) > 0 {
		x := pairedRatio(h, cold)
		check("cold ≥ 2.5× faster than Hugo", x >= 2.5, fmt.Sprintf("%.2f× wall (CPU %.2f×)", x, cpuRatio(h, cold)))
		or, hr := mib(median(rss(cold))), mib(median(rss(h)))
		if r.pages == 10000 {
			// 602 MiB is Jekyll's peak, the lowest of the peers, at 10,000 pages.
			check("cold peak RSS < ¼ of Hugo's and < 602 MiB", or < hr/4 && or < 602, fmt.Sprintf("%.0f MiB vs Hugo %.0f MiB (%.2f)", or, hr, or/hr))
		} else {
			check("cold peak RSS < ¼ of Hugo's", or < hr/4, fmt.Sprintf("%.0f MiB vs Hugo %.0f MiB (%.2f)", or, hr, or/hr))
		}
		x = pairedRatio(h, warm)
		check("warm ≥ 6× faster than Hugo", x >= 6, fmt.Sprintf("%.2f× wall (CPU %.2f×)", x, cpuRatio(h, warm)))
	}
	if h := s["Hugo no-hl"]; len(h) > 0 {
		x := pairedRatio(h, nohl)
		check("highlighting off ≥ 4× faster than Hugo", x >= 4, fmt.Sprintf("%.2f× wall (CPU %.2f×)", x, cpuRatio(h, nohl)))
	}
	x := pairedRatio(cold, s["floor"])
	check("cold within 1.3× of the floor", x <= 1.3, fmt.Sprintf("%.2f× wall (CPU %.2f×)", x, cpuRatio(cold, s["floor"])))
	if len(all) > 1 {
		fmt.Fprint(w, "- cost per page, ours cold:")
		for _, x := range all {
			c := x.samples["ours cold"]
			fmt.Fprintf(w, " %d pages %.0f µs wall, %.0f µs CPU;", x.pages, float64(median(walls(c)).Microseconds())/float64(x.pages), float64(median(cpus(c)).Microseconds())/float64(x.pages))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}
