package main

import (
	"bytes"
	"fmt"
	"slices"
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

// pairedRatio is the median over runs of a[i]/b[i] in wall time: runs of
// one round are measured back to back, so their ratio cancels most of the
// machine's drift.
func pairedRatio(a, b []sample) float64 {
	return pairedBy(a, b, func(s sample) time.Duration { return s.wall })
}

// pairedCPURatio is pairedRatio in CPU time. Every CPU ratio of the table
// is one: the ratio of the medians mixes rounds, and a slow round of one
// variant only then decides it (the 10,000-page GC pacing at 07:15:
// 1.08× as a ratio of medians, rounds 1.08, 0.90 and 0.95).
func pairedCPURatio(a, b []sample) float64 {
	return pairedBy(a, b, func(s sample) time.Duration { return s.cpu })
}

func pairedBy(a, b []sample, of func(sample) time.Duration) float64 {
	n := min(len(a), len(b))
	rs := make([]float64, n)
	for i := range n {
		rs[i] = of(a[i]).Seconds() / of(b[i]).Seconds()
	}
	return median(rs)
}

// bracketed is the mean of the reference runs before and after each big
// build, round by round; after alone when there is no before.
func bracketed(before, after []sample) []sample {
	if len(before) == 0 {
		return after
	}
	n := min(len(before), len(after))
	out := make([]sample, n)
	for i := range n {
		out[i] = sample{wall: (before[i].wall + after[i].wall) / 2, cpu: (before[i].cpu + after[i].cpu) / 2,
			rssKB: max(before[i].rssKB, after[i].rssKB)}
	}
	return out
}

// pairedPerPage compares the cost per page of run a[i] (aPages pages)
// with that of run b[i] (bPages pages), run by run: the medians of the
// ratios of wall and of CPU time.
func pairedPerPage(a, b []sample, aPages, bPages int) (wall, cpu float64) {
	scale := float64(bPages) / float64(aPages)
	return pairedRatio(a, b) * scale, pairedCPURatio(a, b) * scale
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
	if r.disk {
		w.Truncate(w.Len() - 2)
		fmt.Fprintf(w, ", on disk\n\n")
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
			hugoCPU = fmt.Sprintf("%.2f×", pairedCPURatio(h, ss))
			rssRatio = fmt.Sprintf("%.2f", float64(median(rss(ss)))/float64(median(rss(h))))
		}
		if f := r.samples[v.floor]; v.floor != "" && len(f) > 0 {
			floorRatio = fmt.Sprintf("%.2f×", pairedRatio(ss, f))
			floorCPU = fmt.Sprintf("%.2f×", pairedCPURatio(ss, f))
		}
		pages := r.pages
		if v.pages > 0 {
			pages = v.pages
		}
		fmt.Fprintf(w, "| %s | %.3f | %.3f–%.3f | %.0f | %.2f | %.0f | %s | %s | %s | %s | %s |\n", v.name, med.Seconds(), lo.Seconds(), hi.Seconds(),
			float64(med.Microseconds())/float64(pages), median(cpus(ss)).Seconds(), mib(median(rss(ss))), hugoRatio, floorRatio, hugoCPU, floorCPU, rssRatio)
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
