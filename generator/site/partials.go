package site

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
)

// partialKey names one output of partialCached.
type partialKey struct {
	code, name string
	data       any
}

// partialCached runs the partial name for data in language code once per
// build and returns its output to every later call with the same
// arguments: a source list shows the same entry for a source on every
// page citing it.
//
// The data must be a value whose output the build's global render key
// covers: a source, an author, a source page from .CitedBy, text, a
// number. A page as layouts see it, the site, a menu entry or anything
// else holding them is refused: what a render reads of other pages' bodies
// is recorded per render (see Page), and an output kept from one render
// would hide those reads from the next.
func (b *build) partialCached(code, name string, data any) (template.HTML, error) {
	if err := cacheable(data); err != nil {
		return "", err
	}
	k := partialKey{code, name, data}
	if out, ok := b.partials.Load(k); ok {
		return out.(template.HTML), nil
	}
	var buf bytes.Buffer
	if err := b.layouts.ExecutePartial(&buf, code, name, data); err != nil {
		return "", err
	}
	out, _ := b.partials.LoadOrStore(k, template.HTML(buf.String()))
	return out.(template.HTML), nil
}

// cacheable reports why data cannot key partialCached's outputs, if it
// cannot.
func cacheable(data any) error {
	switch data.(type) {
	case *Page, []*Page, *Site, *MenuItem, []*MenuItem, LanguageLink, []LanguageLink, Alternate, []Alternate:
		return fmt.Errorf("partialCached: its value is %T, which shows other pages' content: call the partial with {{ template }} instead", data)
	}
	if data != nil && !reflect.TypeOf(data).Comparable() {
		return fmt.Errorf("partialCached: its value is %T, which cannot be compared: give it a source, an author, a text or a number, or call the partial with {{ template }}", data)
	}
	return nil
}
