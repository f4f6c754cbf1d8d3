package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// How a build paces the garbage collector, from the live heap each
// collection measures:
//
//   - Under smallLive (every site of a few hundred pages), Go's default
//     pacing: the heap may double before the next collection. A collection
//     of a small heap takes a few milliseconds, while every megabyte the
//     heap grows costs page faults on the critical path (about 2.5 µs per
//     4 KiB page on the benchmark machine): letting a 800-post blog grow
//     to 400 MiB made it no faster and four times bigger (100 → 400 MiB).
//   - From smallLive on, each collection marks that much or more, and
//     halving their number pays: the heap may grow to 4× the live heap,
//     but not past roomyHeap unless the default allows more (2× live).
//     A 10,000-page build then collects 15 times instead of 30, with the
//     same peak memory.
//
// GOGC or GOMEMLIMIT set in the environment win: paceGC then changes
// nothing.
const (
	smallLive = 64 << 20
	roomyHeap = 400 << 20
)

// gcPercentFor returns the GOGC percentage for a live heap of live bytes,
// given the default percentage def.
func gcPercentFor(live uint64, def int) int {
	if live < smallLive || def <= 0 {
		return def
	}
	goal := min(4*live, max(roomyHeap, live+live*uint64(def)/100))
	return max(def, int((goal-live)*100/live))
}

// gcStats are the collector's figures for one build, for --verbose.
type gcStats struct {
	Cycles   uint64 // collections during the build
	PeakHeap uint64 // the largest heap a collection started at, or the heap at the end if larger
}

// paceGC sets the collector's pacing for a build (see gcPercentFor) and
// re-evaluates it after each collection. stop restores the settings it
// found and returns the build's collector figures.
func paceGC() (stop func() gcStats) {
	w := &gcWatch{startCycles: readUint(cyclesMetric), tune: os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""}
	w.def = debug.SetGCPercent(-1)
	debug.SetGCPercent(w.def)
	w.percent = w.def
	w.goal = readUint(goalMetric)
	w.arm()
	return w.stop
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
		if p := gcPercentFor(readUint(liveMetric), w.def); p != w.percent {
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
