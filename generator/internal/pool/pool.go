// Package pool runs a number of independent calls on a bounded number of
// goroutines: the one worker pool of the build (Markdown conversion and
// rendering, reading pages, encoding images).
package pool

import (
	"sync"
	"sync/atomic"
)

// Run calls f(i) for every i in [0, n) on at most workers goroutines (at
// least one, and no more than n), each taking the next index when it has
// finished one, and returns when every call has returned. Calls with
// different i may run at the same time; f must be safe for that.
func Run(n, workers int, f func(i int)) {
	workers = min(max(workers, 1), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// Ticker returns a function to call once per finished item of total;
// it calls report with the number done every 1% of them and at the end.
// With a nil report or no items it does nothing. Safe for concurrent use.
func Ticker(total int, report func(done int)) func() {
	if report == nil || total == 0 {
		return func() {}
	}
	var done atomic.Int64
	step := int64(max(1, total/100))
	return func() {
		if n := done.Add(1); n%step == 0 || n == int64(total) {
			report(int(n))
		}
	}
}
