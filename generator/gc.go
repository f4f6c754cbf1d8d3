package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// How a build paces the garbage collector: Go's default pacing lets the
// heap grow to twice the live heap (what the last collection kept) before
// the next collection. A build's live heap is small (a one-off build keeps
// neither the pages' Markdown nor their HTML in memory), but it allocates
// about 300 KB per page, most of it garbage at once: with the default
// pacing a 10,000-page build with 50 MiB live collects 80 times, and a
// cold build of an 800-post blog with 25 MiB live 60 times. So the heap
// may also grow beyond the live heap by the larger of pageHeadroom per
// page (up to maxHeadroom, which keeps a 50,000-page build under 1 GiB
// resident) and smallPageHeadroom per page (up to smallHeadroom): an
// 800-post blog gets 62 MiB, a 10,000-page site 156 MiB, a 100-page site
// 8 MiB, about the default. Every megabyte the heap grows costs page
// faults (about 2.5 µs per 4 KiB page on the benchmark machine) but far
// fewer collections: the 800-post blog's cold build took 17% less CPU
// time and 122 MiB resident instead of 67; letting it grow to 400 MiB
// made it no faster than that.
//
// A large site's live heap grows as the build goes (a 50,000-page build
// keeps about 120 MiB early on and 370 MiB at the end), and the cap on
// the headroom is set by the end. Before the end, the heap may also grow
// up to heapCeiling in all, as far as pageHeadroom per page allows: the
// 50,000-page build then collects 26 times instead of 33, with a seventh
// less time in the collector (10.2 s instead of 11.9 s of CPU), for a
// peak resident of about 925 MiB instead of 902. A ceiling of 768 MiB
// took it to 996 MiB, too close to the 1 GiB it must stay under. Sites of
// up to 20,000 pages never reach the ceiling (their headroom is under the
// cap).
//
// Whatever the site, the heap may grow by at least minHeadroom: a build of
// a few dozen pages (this explainer: 30 pages in two languages, about
// 22 MB allocated) then runs without a collection instead of eight, which
// took a third of its CPU time. Its one collection at a 24 MiB floor still
// cost about 7% of its CPU time (marking the parsed layouts and pages,
// most of them still live); at 32 MiB it has none, for the same resident
// memory, since the heap never reaches the goal. Before the
// first collection, when neither the live heap nor the pages are known,
// the percentage is raised so that Go's initial 4 MiB heap goal becomes
// minHeadroom.
//
// GOGC or GOMEMLIMIT set in the environment win: paceGC then changes
// nothing.
const (
	pageHeadroom      = 16 << 10
	maxHeadroom       = 320 << 20
	smallPageHeadroom = 80 << 10
	smallHeadroom     = 64 << 20
	minHeadroom       = 32 << 20
	heapCeiling       = 704 << 20

	// initialHeapGoal is the runtime's first heap goal at GOGC=100.
	initialHeapGoal = 4 << 20
)

// gcPercentFor returns the GOGC percentage for a live heap of live bytes
// in a build of pages pages, given the default percentage def.
func gcPercentFor(live uint64, pages int, def int) int {
	if live == 0 || def <= 0 {
		return def
	}
	room := uint64(minHeadroom)
	if pages > 0 {
		room = max(room, uint64(pages)*pageHeadroom, min(uint64(pages)*smallPageHeadroom, smallHeadroom))
	}
	goal := max(live+min(room, maxHeadroom), min(live+room, heapCeiling))
	if goal <= live+live*uint64(def)/100 {
		return def
	}
	return int((goal - live) * 100 / live)
}

// gcStats are the collector's figures for one build, for --verbose.
type gcStats struct {
	Cycles   uint64 // collections during the build
	PeakHeap uint64 // the largest heap a collection started at, or the heap at the end if larger
}

// paceGC sets the collector's pacing for a build (see gcPercentFor) and
// re-evaluates it after each collection; pages tells it the number of
// pages once the build knows it. stop restores the settings it found and
// returns the build's collector figures.
func paceGC() (pages func(n int), stop func() gcStats) {
	w := &gcWatch{startCycles: readUint(cyclesMetric), tune: os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""}
	w.def = debug.SetGCPercent(-1)
	debug.SetGCPercent(w.def)
	w.percent = w.def
	if w.tune && w.def > 0 && w.def*initialHeapGoal < 100*minHeadroom {
		w.percent = 100 * minHeadroom / initialHeapGoal
		debug.SetGCPercent(w.percent)
	}
	w.goal = readUint(goalMetric)
	w.arm()
	return func(n int) { w.pages.Store(int64(n)) }, w.stop
}

const (
	liveMetric    = "/gc/heap/live:bytes"
	goalMetric    = "/gc/heap/goal:bytes"
	cyclesMetric  = "/gc/cycles/total:gc-cycles"
	objectsMetric = "/memory/classes/heap/objects:bytes"
)

type gcWatch struct {
	mu          sync.Mutex
	done        bool
	tune        bool // false: only count, GOGC or GOMEMLIMIT is set
	def         int  // the GOGC percentage found
	percent     int  // the percentage set
	startCycles uint64
	goal        uint64 // heap goal after the last collection seen
	peak        uint64
	pages       atomic.Int64
}

// gcSentinel is garbage the collector finds at its next cycle; its
// finalizer looks at the heap. It holds a pointer so that it is not
// batched with other tiny objects, whose finalizers may never run.
type gcSentinel struct {
	_ *int
	_ [8]byte
}

// arm runs check after the next collection.
func (w *gcWatch) arm() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) { w.check() })
}

// check runs after each collection: the heap reached about the previous
// goal, and the live heap is known again.
func (w *gcWatch) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.peak = max(w.peak, w.goal)
	if w.tune {
		if p := gcPercentFor(readUint(liveMetric), int(w.pages.Load()), w.def); p != w.percent {
			w.percent = p
			debug.SetGCPercent(p)
		}
	}
	w.goal = readUint(goalMetric)
	w.arm()
}

func (w *gcWatch) stop() gcStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.done = true
		if w.percent != w.def {
			debug.SetGCPercent(w.def)
		}
	}
	return gcStats{Cycles: readUint(cyclesMetric) - w.startCycles, PeakHeap: max(w.peak, readUint(objectsMetric))}
}

// readUint reads one runtime metric, 0 when unknown.
func readUint(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
