package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent returns the current GOGC percentage.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

func TestGCPercentFollowsLiveHeap(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		def  int
		want int
	}{
		{0, 100, 100},
		{20 * mib, 100, 100},  // a few hundred pages: Go's default
		{63 * mib, 100, 100},  // just under the threshold
		{64 * mib, 100, 300},  // heap may grow to 4× live (256 MiB)
		{100 * mib, 100, 300}, // 4× live = 400 MiB
		{160 * mib, 100, 150}, // capped at 400 MiB
		{300 * mib, 100, 100}, // 2× live is over 400 MiB: the default
		{900 * mib, 100, 100},
		{300 * mib, 50, 50}, // a lower default stays
		{100 * mib, 200, 300},
		{300 * mib, 200, 200},
		{100 * mib, -1, -1}, // collection off stays off
	} {
		if got := gcPercentFor(c.live, c.def); got != c.want {
			t.Errorf("gcPercentFor(%d MiB, %d) = %d, want %d", c.live/mib, c.def, got, c.want)
		}
	}
}

// collectUntil runs collections until cond holds or 5 seconds pass (the
// pacing changes in a finalizer, after a collection).
func collectUntil(cond func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for !cond() && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}

func TestPaceGCKeepsDefaultForSmallHeaps(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := gcPercent()
	stop := paceGC()
	defer stop()
	runtime.GC()
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	if p := gcPercent(); p != before {
		t.Errorf("GOGC with a small heap = %d, want the default %d", p, before)
	}
}

func TestPaceGCRelaxesForLargeLiveHeaps(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before, limit := gcPercent(), debug.SetMemoryLimit(-1)
	stop := paceGC()
	live := make([][]byte, 96)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	if !collectUntil(func() bool { return gcPercent() > before }) {
		t.Errorf("GOGC with %d MiB live = %d, want more than %d", len(live), gcPercent(), before)
	}
	st := stop()
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != before || l != limit {
		t.Errorf("after stop: GOGC %d, limit %d; want %d, %d", p, l, before, limit)
	}
	if st.Cycles < 1 {
		t.Errorf("counted %d collections, want at least 1", st.Cycles)
	}
	if st.PeakHeap < uint64(len(live))<<20 {
		t.Errorf("peak heap %d MiB, want at least %d MiB", st.PeakHeap>>20, len(live))
	}
	runtime.KeepAlive(live)
}

func TestPaceGCLeavesEnvironment(t *testing.T) {
	t.Setenv("GOGC", "50")
	before := gcPercent()
	stop := paceGC()
	defer stop()
	live := make([][]byte, 96)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	runtime.GC()
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	if p := gcPercent(); p != before {
		t.Errorf("GOGC set in the environment: percent changed from %d to %d", before, p)
	}
	runtime.KeepAlive(live)
}
