package yamlnode

import (
	"sync"

	"go.yaml.in/yaml/v3"
)

// Store keeps parsed YAML documents between builds, by their text (a
// cache of this package's encodings). Its methods are called from
// several goroutines.
type Store interface {
	// Get returns the document parsed from text, or nil.
	Get(text []byte) *yaml.Node
	// Put keeps doc, parsed from text without a problem.
	Put(text []byte, doc *yaml.Node)
}

// Unmarshal parses text as yaml.Unmarshal does, taking the document from
// store when it has it (nil: none), and giving it the ones parsed
// without an error.
func Unmarshal(text []byte, store Store) (*yaml.Node, error) {
	if store != nil {
		if doc := store.Get(text); doc != nil {
			return doc, nil
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	if store != nil {
		store.Put(text, &doc)
	}
	return &doc, nil
}

// MemStore is a Store in memory that keeps documents as Append writes
// them, as a cache file does: for tests of the code that reads through
// a Store.
type MemStore struct {
	mu         sync.Mutex
	docs       map[string][]byte
	Gets, Puts int // documents given and kept
}

// Get returns the document kept for text, decoded, or nil. It panics
// when the kept bytes do not decode: Append wrote them.
func (m *MemStore) Get(text []byte) *yaml.Node {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.docs[string(text)]
	if !ok {
		return nil
	}
	doc, ok := Decode(b)
	if !ok {
		panic("yamlnode: a kept document does not decode")
	}
	m.Gets++
	return doc
}

// Put keeps doc's encoding for text, unless Append refuses the tree.
func (m *MemStore) Put(text []byte, doc *yaml.Node) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := Append(nil, doc); ok {
		if m.docs == nil {
			m.docs = map[string][]byte{}
		}
		m.docs[string(text)] = b
		m.Puts++
	}
}
