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

func TestGCPercentFollowsLiveHeapAndPages(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live  uint64
		pages int
		def   int
		want  int
	}{
		{0, 100, 100, 100},
		{20 * mib, 0, 100, 160},      // pages not known yet: the 32 MiB floor
		{40 * mib, 0, 100, 100},      // the default gives more than the floor
		{20 * mib, 800, 100, 312},    // a blog: 62.5 MiB of headroom (80 KiB a page)
		{5 * mib, 800, 100, 1250},    // a tiny live heap: the same headroom
		{20 * mib, 100, 100, 160},    // 100 pages: 7.8 MiB of headroom, less than the floor
		{8 * mib, 30, 100, 400},      // the explainer: the floor
		{40 * mib, 100, 100, 100},    // the default gives more than the floor
		{40 * mib, 2000, 100, 160},   // small sites' headroom capped at 64 MiB
		{50 * mib, 10000, 100, 312},  // 156 MiB of headroom
		{300 * mib, 10000, 100, 100}, // the default gives more
		{200 * mib, 50000, 100, 252}, // below the ceiling: 704 MiB in all
		{500 * mib, 50000, 100, 100}, // the default gives more
		{400 * mib, 50000, 50, 80},   // past the ceiling: headroom capped at 320 MiB
		{100 * mib, 20000, 100, 312}, // 312 MiB of headroom, under the cap: no ceiling
		{100 * mib, 30000, 100, 468}, // 468 MiB: over the cap, under the ceiling
		{300 * mib, 30000, 100, 134}, // 404 MiB up to the ceiling, more than the cap
		{50 * mib, 10000, 400, 400},  // a higher default stays
		{50 * mib, 10000, -1, -1},    // collection off stays off
	} {
		if got := gcPercentFor(c.live, c.pages, c.def); got != c.want {
			t.Errorf("gcPercentFor(%d MiB, %d pages, %d) = %d, want %d", c.live/mib, c.pages, c.def, got, c.want)
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

func TestPaceGCGivesSmallSitesAFloor(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := gcPercent()
	pages, stop := paceGC()
	if p := gcPercent(); p != 100*minHeadroom/initialHeapGoal {
		t.Errorf("GOGC before the first collection = %d, want %d (a first heap goal of %d MiB)", p, 100*minHeadroom/initialHeapGoal, minHeadroom>>20)
	}
	pages(30)
	live := make([][]byte, 8)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	// With 8 MiB live and 30 pages, the floor (32 MiB of room) gives
	// more than Go's default (8 MiB of room): the percentage rises, but
	// no further than the floor.
	if !collectUntil(func() bool {
		p := gcPercent()
		return p > before && uint64(p)*readUint(liveMetric)/100 <= minHeadroom
	}) {
		t.Errorf("GOGC with %d MiB live and 30 pages = %d, want above %d with at most %d MiB of room", len(live), gcPercent(), before, minHeadroom>>20)
	}
	stop()
	if p := gcPercent(); p != before {
		t.Errorf("after stop: GOGC %d, want %d", p, before)
	}
	runtime.KeepAlive(live)
}

func TestPaceGCGivesLargeSitesRoom(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before, limit := gcPercent(), debug.SetMemoryLimit(-1)
	pages, stop := paceGC()
	pages(10000)
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
	pages, stop := paceGC()
	defer stop()
	pages(10000)
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
