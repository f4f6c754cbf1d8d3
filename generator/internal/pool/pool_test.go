package pool

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCallsEveryIndexOnceWithinTheBound(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {5, 0}, {5, 1}, {100, 3}, {3, 100}} {
		var running, peak atomic.Int64
		var mu sync.Mutex
		calls := map[int]int{}
		Run(c.n, c.workers, func(i int) {
			now := running.Add(1)
			for p := peak.Load(); now > p && !peak.CompareAndSwap(p, now); p = peak.Load() {
			}
			time.Sleep(100 * time.Microsecond)
			mu.Lock()
			calls[i]++
			mu.Unlock()
			running.Add(-1)
		})
		if len(calls) != c.n {
			t.Errorf("n=%d workers=%d: %d indexes called, want %d", c.n, c.workers, len(calls), c.n)
		}
		for i, k := range calls {
			if k != 1 || i < 0 || i >= c.n {
				t.Errorf("n=%d: index %d called %d times", c.n, i, k)
			}
		}
		if bound := int64(max(c.workers, 1)); peak.Load() > bound {
			t.Errorf("n=%d workers=%d: %d calls ran at once", c.n, c.workers, peak.Load())
		}
	}
}
