// Package deepsum sums up a value and everything it reaches (through
// pointers, slices, maps and interfaces, unexported fields included) as a
// hash, so that a test can check that a value no one should change did
// not change: take the sum, do something, take it again.
package deepsum

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"reflect"
	"slices"
	"strconv"
)

// Of returns the sum of v. Two values have the same sum when they hold the
// same data and the same sharing: a pointer met again is written as the
// order in which it was first met. Functions, channels and unsafe pointers
// count only by whether they are nil.
func Of(v any) string {
	w := newWalker()
	w.value(reflect.ValueOf(v))
	return hex.EncodeToString(w.h.Sum(nil))
}

type walker struct {
	h    hash.Hash
	seen map[ref]int // pointer → order first met
}

// ref is a pointer with its type: a struct and its first field share an
// address.
type ref struct {
	p uintptr
	t reflect.Type
}

func newWalker() *walker { return &walker{h: sha256.New(), seen: map[ref]int{}} }

func (w *walker) s(s string) {
	w.h.Write([]byte(s))
	w.h.Write([]byte{0})
}

func (w *walker) value(v reflect.Value) {
	if !v.IsValid() {
		w.s("invalid")
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		w.s(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.s(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.s(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		w.s(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Complex64, reflect.Complex128:
		w.s(fmt.Sprint(v.Complex()))
	case reflect.String:
		w.s(v.String())
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		w.s(v.Type().String() + strconv.FormatBool(v.IsNil()))
	case reflect.Interface:
		if v.IsNil() {
			w.s("nil")
			return
		}
		w.s(v.Elem().Type().String())
		w.value(v.Elem())
	case reflect.Pointer:
		if v.IsNil() {
			w.s("nil")
			return
		}
		r := ref{v.Pointer(), v.Type()}
		if n, ok := w.seen[r]; ok {
			w.s("@" + strconv.Itoa(n))
			return
		}
		w.seen[r] = len(w.seen)
		w.s("&")
		w.value(v.Elem())
	case reflect.Struct:
		w.s("{")
		for i := range v.NumField() {
			w.s(v.Type().Field(i).Name)
			w.value(v.Field(i))
		}
		w.s("}")
	case reflect.Slice:
		if v.IsNil() {
			w.s("nil")
			return
		}
		fallthrough
	case reflect.Array:
		w.s("[" + strconv.Itoa(v.Len()))
		for i := range v.Len() {
			w.value(v.Index(i))
		}
		w.s("]")
	case reflect.Map:
		if v.IsNil() {
			w.s("nil")
			return
		}
		// Entries in the order of their keys' sums, each key summed on
		// its own so that the order does not depend on what was met
		// before.
		type entry struct {
			key string
			k   reflect.Value
		}
		var es []entry
		for _, k := range v.MapKeys() {
			kw := newWalker()
			kw.value(k)
			es = append(es, entry{string(kw.h.Sum(nil)), k})
		}
		slices.SortFunc(es, func(a, b entry) int {
			if a.key < b.key {
				return -1
			}
			if a.key > b.key {
				return 1
			}
			return 0
		})
		w.s("map" + strconv.Itoa(len(es)))
		for _, e := range es {
			w.value(e.k)
			w.value(v.MapIndex(e.k))
		}
	default:
		w.s("?" + v.Kind().String())
	}
}
