package content

import (
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
)

// TestYAMLStoreGivesWhatParsingGives loads this repository's site, whose
// data files and front matter the fast path does not all take, without a
// YAML store, then twice with one, and compares the sites: the second
// load with the store parses nothing.
func TestYAMLStoreGivesWhatParsingGives(t *testing.T) {
	fsys := os.DirFS("../..")
	opts := Options{Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	want, wds := Load(fsys, opts)
	st := &yamlnode.MemStore{}
	opts.YAML = st
	Load(fsys, opts)
	if st.Puts < 10 {
		t.Fatalf("the first load stored %d documents, want the data files and front matter (at least 10)", st.Puts)
	}
	puts := st.Puts
	got, gds := Load(fsys, opts)
	if st.Puts != puts || st.Gets < puts {
		t.Errorf("the second load parsed %d documents and took %d from the store, want 0 and %d", st.Puts-puts, st.Gets, puts)
	}
	if !reflect.DeepEqual(gds, wds) {
		t.Errorf("problems with the store:\n%v\nwithout:\n%v", gds, wds)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the site loaded with the store differs from the one loaded without")
		for i := range want.All {
			if i < len(got.All) && !reflect.DeepEqual(got.All[i], want.All[i]) {
				t.Errorf("first page that differs: %s", want.All[i].Path)
				break
			}
		}
	}
}
