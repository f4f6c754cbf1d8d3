package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The 50,000-page cost per page is compared run by run with the
// 10,000-page corpus built in the same rounds: a slow round slows both,
// and the ratio of the medians would mix rounds.
func TestBigCostPerPageIsPairedRunByRun(t *testing.T) {
	big := sizeResult{suite: "synthetic", pages: 50000, samples: map[string][]sample{
		"ours cold": runsOf(50, 60, 55),
		// Per page, round by round: 1.00, 1.20, 0.92 of the 50,000 pages'.
		pairedRefName: runsOf(10, 10, 12),
	}}
	w := targetsOf(big)
	want := "- synthetic 50,000: ours cold cost per page within 1.1× of 10,000's: 1.00× wall, CPU 1.00× (median of 3 paired runs) — ok"
	if !strings.Contains(w, want) {
		t.Errorf("targets:\n%s\nwant the line\n%s", w, want)
	}

	// Slower at 50,000 in every round: FAIL.
	big.samples["ours cold"] = runsOf(60, 70, 66)
	w = targetsOf(big)
	if want := "1.20× wall, CPU 1.20× (median of 3 paired runs) — FAIL"; !strings.Contains(w, want) {
		t.Errorf("targets:\n%s\nwant %q", w, want)
	}
}

func TestPairedPerPageScalesBySize(t *testing.T) {
	a := []sample{{wall: 20 * time.Second, cpu: 40 * time.Second}}
	b := []sample{{wall: 2 * time.Second, cpu: 5 * time.Second}}
	// 20 s for 50,000 pages is 400 µs a page; 2 s for 10,000, 200 µs.
	if w, c := pairedPerPage(a, b, 50000, 10000); w != 2 || c != 1.6 {
		t.Errorf("pairedPerPage = %v wall, %v CPU; want 2, 1.6", w, c)
	}
}

// CPU ratios are medians of per-round ratios, as the wall ratios are: the
// GC pacing target is decided round by round, not by the ratio of the
// medians, which one slow round of one variant can swing.
func TestGCPacingCPUIsPairedRoundByRound(t *testing.T) {
	r := sizeResult{suite: "synthetic", pages: 10000,
		variants: []variant{{name: "ours cold"}, {name: "ours cold GOGC=100"}},
		samples: map[string][]sample{
			// The CPU seconds of the run of 07:15, round by round 1.08,
			// 0.90 and 0.95 (runsOf's walls and CPU times keep those
			// ratios); the ratio of the medians, 10.61 ÷ 9.83, would be 1.08.
			"ours cold":          runsOf(10.612, 10.885, 9.258),
			"ours cold GOGC=100": runsOf(9.833, 12.097, 9.724),
		}}
	w := targetsOf(r)
	want := "- synthetic 10,000: GC pacing no slower than GOGC=100: with ÷ without: CPU 0.95×, wall 0.95×"
	if !strings.Contains(w, want) || !strings.Contains(w, "MiB — ok") {
		t.Errorf("targets:\n%s\nwant the line\n%s … ok", w, want)
	}

	// Slower with the pacing in every round: FAIL.
	r.samples["ours cold"] = runsOf(10.612, 13.0, 10.5)
	w = targetsOf(r)
	if want := "CPU 1.08×"; !strings.Contains(w, want) || !strings.Contains(w, "— FAIL") {
		t.Errorf("targets:\n%s\nwant %q and FAIL", w, want)
	}
}

// A machine that speeds up or slows down during a round is cancelled by
// comparing the big build with the mean of the reference builds right
// before and after it.
func TestBigCostPerPageIsBracketed(t *testing.T) {
	big := sizeResult{suite: "synthetic", pages: 50000, samples: map[string][]sample{
		// The machine slows down by half during each round: the 10,000
		// pages take 4 s before the big build and 6 s after it, 5 s on
		// average while it runs, which is 500 µs a page, as the big
		// build's 25 s for 50,000 pages.
		"ours cold":         runsOf(25, 25, 25),
		pairedRefBeforeName: runsOf(4, 4, 4),
		pairedRefName:       runsOf(6, 6, 6),
	}}
	w := targetsOf(big)
	want := "cost per page within 1.1× of 10,000's: 1.00× wall, CPU 1.00× (median of 3 paired runs; each against the mean of the 10,000-page builds right before and after it) — ok"
	if !strings.Contains(w, want) {
		t.Errorf("targets:\n%s\nwant the line\n%s", w, want)
	}
}

// runsOf makes one sample per wall time in seconds, with twice that CPU
// time (two busy cores) and 800 MiB resident.
func runsOf(secs ...float64) []sample {
	var ss []sample
	for _, s := range secs {
		d := time.Duration(s * float64(time.Second))
		ss = append(ss, sample{wall: d, cpu: 2 * d, rssKB: 800 << 10})
	}
	return ss
}

// targetsOf is the targets list writeTargets writes for rs.
func targetsOf(rs ...sizeResult) string {
	var w bytes.Buffer
	writeTargets(&w, rs)
	return w.String()
}
