package site

import (
	"fmt"
	"sync"
	"testing"
)

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
			ref, ok := s.put([]byte(fmt.Sprintf("<p>page %d</p>", i)))
			if !ok {
				t.Errorf("put %d failed", i)
			}
			refs[i] = ref
		}()
	}
	wg.Wait()
	for i, ref := range refs {
		if got, want := string(s.get(ref)), fmt.Sprintf("<p>page %d</p>", i); got != want {
			t.Errorf("get %d = %q, want %q", i, got, want)
		}
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if got := s.get(refs[0]); got != "" {
		t.Errorf("get after close = %q", got)
	}
	if s.close() == nil {
		t.Error("a read after close was not reported")
	}
}
