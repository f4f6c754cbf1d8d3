package content

import (
	"fmt"
	"sync"
	"testing"
	"testing/fstest"
)

// The build's garbage collector pacing follows the number of pages, which
// Progress gives before any page is read.
func TestLoadReportsProgress(t *testing.T) {
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte("title: S\n")}}
	const n = 250
	for i := range n {
		fsys[fmt.Sprintf("content/s/p%03d.md", i)] = page(fmt.Sprintf("Page %d", i), "")
	}
	fsys["content/s/logo.png"] = &fstest.MapFile{Data: []byte("png")} // not a page
	var mu sync.Mutex
	var calls [][2]int
	_, ds := Load(fsys, Options{Progress: func(done, total int) {
		mu.Lock()
		calls = append(calls, [2]int{done, total})
		mu.Unlock()
	}})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if len(calls) == 0 || calls[0] != [2]int{0, n} {
		t.Fatalf("first report %v, want [0 %d]", calls, n)
	}
	last := 0
	for _, c := range calls {
		if c[1] != n {
			t.Errorf("report %v: total is not %d", c, n)
		}
		last = max(last, c[0])
	}
	if last != n || len(calls) > n/(n/100)+2 {
		t.Errorf("%d reports, the last done %d; want about one per 1%% up to %d", len(calls), last, n)
	}
}
