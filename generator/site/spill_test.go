package site

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// spillPage is the i-th page of the spill test: every tenth is empty, every
// seventh larger than the 64 KiB chunks get copies through.
func spillPage(i int) string {
	switch {
	case i%10 == 0:
		return ""
	case i%7 == 0:
		return strings.Repeat(fmt.Sprintf("<p>page %d, a long one</p>\n", i), 10000)
	}
	return fmt.Sprintf("<p>page %d</p>", i)
}

func TestSpillGivesBackWhatWasPut(t *testing.T) {
	s := newSpill()
	if s == nil {
		t.Skip("no temporary file")
	}
	refs := make([]spillRef, 200)
	var wg sync.WaitGroup
	for i := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := []byte(spillPage(i))
			ref, ok := s.put(buf)
			if !ok {
				t.Errorf("put %d failed", i)
			}
			refs[i] = ref
			// put keeps no reference to the buffer (the converter's,
			// which it reuses for the next page).
			for j := range buf {
				buf[j] = 'x'
			}
		}()
	}
	wg.Wait()
	for i, ref := range refs {
		if got, want := string(s.get(ref)), spillPage(i); got != want {
			t.Errorf("get %d = %d bytes %.40q…, want %d bytes %.40q…", i, len(got), got, len(want), want)
		}
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if got := s.get(refs[1]); got != "" {
		t.Errorf("get after close = %q", got)
	}
	if s.close() == nil {
		t.Error("a read after close was not reported")
	}
}
