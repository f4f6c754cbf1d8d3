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
	runs := func(secs ...float64) []sample {
		var ss []sample
		for _, s := range secs {
			d := time.Duration(s * float64(time.Second))
			ss = append(ss, sample{wall: d, cpu: 2 * d, rssKB: 800 << 10})
		}
		return ss
	}
	big := sizeResult{suite: "synthetic", pages: 50000, samples: map[string][]sample{
		"ours cold": runs(50, 60, 55),
		// Per page, round by round: 1.00, 1.20, 0.92 of the 50,000 pages'.
		pairedRefName: runs(10, 10, 12),
	}}
	var w bytes.Buffer
	writeTargets(&w, []sizeResult{big})
	want := "- synthetic 50,000: ours cold cost per page within 1.1× of 10,000's: 1.00× wall, CPU 1.00× (median of 3 paired runs) — ok"
	if !strings.Contains(w.String(), want) {
		t.Errorf("targets:\n%s\nwant the line\n%s", w.String(), want)
	}

	// Slower at 50,000 in every round: FAIL.
	big.samples["ours cold"] = runs(60, 70, 66)
	w.Reset()
	writeTargets(&w, []sizeResult{big})
	if want := "1.20× wall, CPU 1.20× (median of 3 paired runs) — FAIL"; !strings.Contains(w.String(), want) {
		t.Errorf("targets:\n%s\nwant %q", w.String(), want)
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
