package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// buildHeapLimit is the heap a build may fill before the garbage collector
// runs. A build allocates several times its live heap (every page's parse
// tree is garbage once the page is converted); with Go's default pacing a
// 10,000-page build collects 20 times, spending about a tenth of its CPU.
// Collecting only near this limit takes 4 collections and about a tenth
// less CPU; peak memory stays about where the default pacing put it (404
// against 390 MiB for a cold build of that corpus).
const buildHeapLimit = 400 << 20

// relaxGC makes the garbage collector run only when the heap nears limit,
// for as long as the live heap stays under half of it; past that it restores
// the default pacing, so that a site whose live data nears the limit does
// not collect continuously. GOGC or GOMEMLIMIT set in the environment win:
// relaxGC then changes nothing. restore puts back the settings it found.
func relaxGC(limit int64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	w := &gcWatch{maxLive: uint64(limit) / 2}
	w.percent = debug.SetGCPercent(-1)
	w.limit = debug.SetMemoryLimit(limit)
	w.arm()
	return w.restore
}

type gcWatch struct {
	mu      sync.Mutex
	done    bool
	maxLive uint64
	percent int
	limit   int64
}

// gcSentinel is garbage the collector finds at its next cycle; its
// finalizer checks the live heap. It holds a pointer so that it is not
// batched with other tiny objects, whose finalizers may never run.
type gcSentinel struct {
	_ *int
	_ [8]byte
}

// arm runs check after the next collection.
func (w *gcWatch) arm() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) { w.check() })
}

// check restores the default pacing once the live heap passes maxLive, and
// otherwise waits for the next collection.
func (w *gcWatch) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	if liveHeap() > w.maxLive {
		w.reset()
		return
	}
	w.arm()
}

func (w *gcWatch) restore() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.reset()
	}
}

// reset puts back the settings relaxGC found; w.mu is held.
func (w *gcWatch) reset() {
	w.done = true
	debug.SetGCPercent(w.percent)
	debug.SetMemoryLimit(w.limit)
}

// liveHeap returns the bytes of heap the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return math.MaxUint64 // unknown: behave as if over the limit
	}
	return s[0].Value.Uint64()
}
