package site

import "maps"

// layered is a map over a base map it leaves as it was: a quick rebuild
// sets what it made of the pages it converted again, over what its last
// build made of all of them, and the last build's map stays the same.
// Reads look in each layer, newest first. Not safe for concurrent writes.
type layered[K comparable, V any] struct {
	m     map[K]V
	base  *layered[K, V]
	depth int
}

// maxDepth bounds the layers a read looks through: past it, a new layer
// starts from a copy of everything below.
const maxDepth = 8

// newLayered returns an empty map over base (nil for none).
func newLayered[K comparable, V any](base *layered[K, V]) *layered[K, V] {
	if base != nil && base.depth >= maxDepth {
		base = &layered[K, V]{m: base.flat()}
	}
	l := &layered[K, V]{m: map[K]V{}, base: base}
	if base != nil {
		l.depth = base.depth + 1
	}
	return l
}

func (l *layered[K, V]) get(k K) V {
	for ; l != nil; l = l.base {
		if v, ok := l.m[k]; ok {
			return v
		}
	}
	var zero V
	return zero
}

func (l *layered[K, V]) set(k K, v V) { l.m[k] = v }

// flat returns every entry in one new map.
func (l *layered[K, V]) flat() map[K]V {
	if l.base == nil {
		return maps.Clone(l.m)
	}
	m := l.base.flat()
	maps.Copy(m, l.m)
	return m
}

// values calls f with each value, each key's once.
func (l *layered[K, V]) values(f func(V)) {
	if l.base == nil {
		for _, v := range l.m {
			f(v)
		}
		return
	}
	for _, v := range l.flat() {
		f(v)
	}
}
