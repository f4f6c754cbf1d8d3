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

func TestRelaxedGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := gcPercent()
	restore := relaxGC(64 << 20)
	if p := gcPercent(); p != -1 {
		restore()
		t.Fatalf("GOGC during a build = %d, want off", p)
	}
	// A live heap past half the limit restores the default pacing.
	live := make([][]byte, 40)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() == -1 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if p := gcPercent(); p != before {
		t.Errorf("GOGC with %d MiB live = %d, want %d restored", len(live), p, before)
	}
	restore()
	if p := gcPercent(); p != before {
		t.Errorf("GOGC after restore = %d, want %d", p, before)
	}
	runtime.KeepAlive(live)
}

func TestRelaxedGCRestores(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before, limit := gcPercent(), debug.SetMemoryLimit(-1)
	relaxGC(1 << 30)()
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != before || l != limit {
		t.Errorf("after restore: GOGC %d, limit %d; want %d, %d", p, l, before, limit)
	}
}

func TestRelaxedGCLeavesEnvironment(t *testing.T) {
	t.Setenv("GOGC", "50")
	before := gcPercent()
	restore := relaxGC(1 << 30)
	defer restore()
	if p := gcPercent(); p != before {
		t.Errorf("GOGC set in the environment: percent changed from %d to %d", before, p)
	}
}
