package content

import (
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// memYAML is a YAMLStore in memory, keeping documents as yamlnode writes
// them, as the build's cache file does.
type memYAML struct {
	mu         sync.Mutex
	docs       map[string][]byte
	gets, puts int
}

func (m *memYAML) Get(text []byte) *yaml.Node {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.docs[string(text)]
	if !ok {
		return nil
	}
	doc, ok := yamlnode.Decode(b)
	if !ok {
		panic("a stored document does not decode")
	}
	m.gets++
	return doc
}

func (m *memYAML) Put(text []byte, doc *yaml.Node) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := yamlnode.Append(nil, doc); ok {
		m.docs[string(text)] = b
		m.puts++
	}
}

// TestYAMLStoreGivesWhatParsingGives loads this repository's site, whose
// data files and front matter the fast path does not all take, without a
// YAML store, then twice with one, and compares the sites: the second
// load with the store parses nothing.
func TestYAMLStoreGivesWhatParsingGives(t *testing.T) {
	fsys := os.DirFS("../..")
	opts := Options{Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	want, wds := Load(fsys, opts)
	st := &memYAML{docs: map[string][]byte{}}
	opts.YAML = st
	Load(fsys, opts)
	if st.puts < 10 {
		t.Fatalf("the first load stored %d documents, want the data files and front matter (at least 10)", st.puts)
	}
	puts := st.puts
	got, gds := Load(fsys, opts)
	if st.puts != puts || st.gets < puts {
		t.Errorf("the second load parsed %d documents and took %d from the store, want 0 and %d", st.puts-puts, st.gets, puts)
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
