package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

// memWriter keeps output in memory until a rebuild is known to be good.
// With a sync, it is an images.Keeper: a file the destination holds (by
// the hash the sync keeps of it) may be kept instead of written, so that a
// full rebuild of the preview neither reads nor holds unchanged images.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
	sync  *publish.Sync // nil: keeps nothing
	kept  []string
}

// Identity names the bytes of file rel, written by this rebuild or else in
// the destination, by their SHA-256; "" when unknown.
func (m *memWriter) Identity(rel string) string {
	if m.sync == nil {
		return ""
	}
	m.mu.Lock()
	data, ok := m.files[rel]
	m.mu.Unlock()
	var sum [32]byte
	if ok {
		sum = sha256.Sum256(data)
	} else if sum, ok = m.sync.Hash(rel); !ok {
		return ""
	}
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Keep makes the destination's file rel part of this rebuild's output.
func (m *memWriter) Keep(rel string) error {
	if m.sync == nil {
		return fmt.Errorf("cannot keep %s", rel)
	}
	if _, ok := m.sync.Hash(rel); !ok {
		return fmt.Errorf("cannot keep %s: not in the destination", rel)
	}
	m.mu.Lock()
	m.kept = append(m.kept, rel)
	m.mu.Unlock()
	return nil
}

func (m *memWriter) WriteFile(rel string, data []byte) error {
	if err := publish.CheckRel(rel); err != nil {
		return err
	}
	data = bytes.Clone(data) // the caller reuses its buffer
	m.mu.Lock()
	m.files[rel] = data
	m.mu.Unlock()
	return nil
}
