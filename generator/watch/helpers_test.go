package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// Timeouts sized for a busy 2-core machine running -race: positive waits
// are long because they end as soon as the batch arrives; absence waits are
// short because they always run to the end.
const (
	waitFor = 5 * time.Second
	absence = 300 * time.Millisecond
)

// harness runs a Watcher in the background for one test.
type harness struct {
	t    *testing.T
	root string
	w    *Watcher
	ch   chan Batch

	mu   sync.Mutex
	errs []error
}

// start runs a Watcher on a fresh root (with page.md in it) unless
// opts.Roots is set.
func start(t *testing.T, opts Options) *harness {
	t.Helper()
	h := &harness{t: t, ch: make(chan Batch)}
	if len(opts.Roots) == 0 {
		h.root = t.TempDir()
		writeFile(t, filepath.Join(h.root, "page.md"), "first")
		opts.Roots = []string{h.root}
	} else {
		h.root = opts.Roots[0]
	}
	opts.OnError = func(err error) {
		h.mu.Lock()
		h.errs = append(h.errs, err)
		h.mu.Unlock()
	}
	w, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h.w = w
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, h.ch) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != context.Canceled {
				t.Errorf("Run returned %v, want context.Canceled", err)
			}
		case <-time.After(waitFor):
			t.Error("Run did not return after cancel")
		}
	})
	return h
}

// path joins elements to the root.
func (h *harness) path(elem ...string) string {
	return filepath.Join(append([]string{h.root}, elem...)...)
}

// errors returns what OnError received so far.
func (h *harness) errors() []error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.errs)
}

// await receives batches until every wanted path has been seen, then keeps
// receiving until the watcher is quiet, and returns all batches received.
func (h *harness) await(want ...string) []Batch {
	h.t.Helper()
	var got []Batch
	deadline := time.After(waitFor)
	for !containsAll(union(got), want) {
		select {
		case b := <-h.ch:
			got = append(got, h.receive(b))
		case <-deadline:
			h.t.Fatalf("after %v: got %q, missing some of %q", waitFor, union(got), want)
		}
	}
	return append(got, h.settle()...)
}

// settle receives batches until none arrives for the absence period (plus
// two polls when polling, so that a write caught half done by one poll and
// reported again by the next is not left for the following check).
func (h *harness) settle() []Batch {
	wait := absence
	if h.w.Polling() {
		wait += 2 * h.w.pollInterval()
	}
	var got []Batch
	for {
		select {
		case b := <-h.ch:
			got = append(got, h.receive(b))
		case <-time.After(wait):
			return got
		}
	}
}

// none fails if any batch arrives within the absence period.
func (h *harness) none() {
	h.t.Helper()
	if got := h.settle(); len(got) > 0 {
		h.t.Errorf("want no batch, got %q", union(got))
	}
}

// exactly awaits the wanted paths and fails if anything else is reported.
func (h *harness) exactly(want ...string) []Batch {
	h.t.Helper()
	got := h.await(want...)
	slices.Sort(want)
	if u := union(got); !slices.Equal(u, want) {
		h.t.Errorf("got paths %q, want exactly %q", u, want)
	}
	return got
}

// receive checks that a batch is sorted, deduplicated and not empty.
func (h *harness) receive(b Batch) Batch {
	h.t.Helper()
	if len(b.Paths) == 0 || !slices.IsSorted(b.Paths) ||
		len(slices.Compact(slices.Clone(b.Paths))) != len(b.Paths) {
		h.t.Errorf("batch not sorted, deduplicated and non-empty: %q", b.Paths)
	}
	return b
}

// union returns the sorted, deduplicated paths of all batches.
func union(batches []Batch) []string {
	var all []string
	for _, b := range batches {
		all = append(all, b.Paths...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

func containsAll(have, want []string) bool {
	for _, p := range want {
		if _, ok := slices.BinarySearch(have, p); !ok {
			return false
		}
	}
	return true
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
