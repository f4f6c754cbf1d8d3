package watch

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// measureLatency returns how long each of n writes took to come back as a
// batch: from just before the write to the batch being received.
func measureLatency(tb testing.TB, n int, quiet time.Duration) []time.Duration {
	root := tb.TempDir()
	w, err := New(Options{Roots: []string{root}, Quiet: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := make(chan Batch)
	go w.Run(ctx, ch)
	defer w.Close()

	var lat []time.Duration
	for i := range n {
		p := filepath.Join(root, "page.md")
		start := time.Now()
		writeFile(tb, p, fmt.Sprint(i))
		select {
		case b := <-ch:
			lat = append(lat, time.Since(start))
			if !slices.Contains(b.Paths, p) {
				tb.Fatalf("batch %q does not contain %s", b.Paths, p)
			}
		case <-time.After(waitFor):
			tb.Fatal("no batch")
		}
	}
	return lat
}

// The batch comes Quiet after the write (never sooner) plus a little.
// Measured: 30.6-32.9 ms with Quiet = 30 ms on a 2-core machine, no -race.
func TestLatencyIsQuietPlusALittle(t *testing.T) {
	lat := measureLatency(t, 10, defaultQuiet)
	slices.Sort(lat)
	t.Logf("latency with Quiet = %v: min %v, median %v, max %v", defaultQuiet, lat[0], lat[len(lat)/2], lat[len(lat)-1])
	if lat[0] < defaultQuiet {
		t.Errorf("a batch came %v after the write, before the quiet period ended", lat[0])
	}
	// Generous: only catches a broken debounce, not a slow machine.
	if med := lat[len(lat)/2]; med > defaultQuiet+time.Second {
		t.Errorf("median latency %v, want about %v", med, defaultQuiet)
	}
}

// BenchmarkLatency reports the time from a write to its batch, in ms.
func BenchmarkLatency(b *testing.B) {
	var total time.Duration
	for _, d := range measureLatency(b, b.N, defaultQuiet) {
		total += d
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/write")
	b.ReportMetric(0, "ns/op")
}
