package site

import (
	"reflect"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

// TestPageShowsEverySourceField holds the view to the source page: every
// exported field of content.Page is, on *Page, a direct field of the same
// type holding the same value, or a method (one that returns views); every
// exported method of *content.Page is one of *Page. A field added to
// content.Page and not to the view fails here, not in a layout.
func TestPageShowsEverySourceField(t *testing.T) {
	src := filled[content.Page](t)
	checkView(t, src, newPage(src, &renderCtx{}))
}

// TestSiteShowsEverySourceField does the same for the site, whose
// settings' fields layouts read as the site's (.Site.Title).
func TestSiteShowsEverySourceField(t *testing.T) {
	src := filled[content.Site](t)
	checkView(t, src, newSite(src, &renderCtx{}))
}

// TestMenuItemShowsEverySourceField does the same for a menu item.
func TestMenuItemShowsEverySourceField(t *testing.T) {
	src := filled[content.MenuItem](t)
	s := newSite(&content.Site{Settings: content.Settings{Menu: []*content.MenuItem{src}}}, &renderCtx{})
	checkView(t, src, s.Menu()[0])
}

// filled returns a T whose exported fields, its embedded structs' too,
// all hold a sample value.
func filled[T any](t *testing.T) *T {
	src := new(T)
	v := reflect.ValueOf(src).Elem()
	for _, f := range reflect.VisibleFields(v.Type()) {
		if f.IsExported() && !f.Anonymous {
			v.FieldByIndex(f.Index).Set(sample(t, f))
		}
	}
	return src
}

// checkView checks that every exported field of *src (promoted ones
// included) is a method of view or a direct field of it with the same
// type and value, and that every exported method of src is one of view.
func checkView(t *testing.T, src, view any) {
	t.Helper()
	sv, vv := reflect.ValueOf(src).Elem(), reflect.ValueOf(view).Elem()
	vt := reflect.TypeOf(view)
	for _, sf := range reflect.VisibleFields(sv.Type()) {
		if !sf.IsExported() {
			continue
		}
		if _, ok := vt.MethodByName(sf.Name); ok {
			continue
		}
		want, err := sv.FieldByIndexErr(sf.Index)
		if err != nil {
			t.Fatal(err)
		}
		if shallowest, _ := sv.Type().FieldByName(sf.Name); len(shallowest.Index) != len(sf.Index) {
			continue // hidden by a field of the same name nearer the top
		}
		vf, ok := vv.Type().FieldByName(sf.Name)
		switch {
		case !ok:
			t.Errorf("%s.%s is neither a field nor a method of %s: layouts would lose it", sv.Type(), sf.Name, vv.Type())
		case vf.Type != sf.Type:
			t.Errorf("%s.%s is a %s, %s.%s a %s", vv.Type(), sf.Name, vf.Type, sv.Type(), sf.Name, sf.Type)
		case len(vf.Index) != 1:
			t.Errorf("%s.%s is promoted: text/template would look it up slowly", vv.Type(), sf.Name)
		default:
			if got := vv.FieldByIndex(vf.Index).Interface(); !reflect.DeepEqual(got, want.Interface()) {
				t.Errorf("the view copies %s as %v, want %v", sf.Name, got, want.Interface())
			}
		}
	}
	st := reflect.TypeOf(src)
	for i := range st.NumMethod() {
		if m := st.Method(i); m.IsExported() {
			if _, ok := vt.MethodByName(m.Name); !ok {
				t.Errorf("(%s).%s is not a method of %s", st, m.Name, vt)
			}
		}
	}
}

// sample returns a value of f's type that differs from the zero value
// and from the other fields' samples.
func sample(t *testing.T, f reflect.StructField) reflect.Value {
	v := reflect.New(f.Type).Elem()
	switch f.Type.Kind() {
	case reflect.String:
		v.SetString("value of " + f.Name)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(int64(len(f.Name)))
	case reflect.Pointer:
		v.Set(reflect.New(f.Type.Elem()))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(f.Type, 1, 1))
		if e := v.Index(0); e.Kind() == reflect.Pointer {
			e.Set(reflect.New(e.Type().Elem()))
		} else if e.Kind() == reflect.String {
			e.SetString("item of " + f.Name)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(f.Type))
		v.SetMapIndex(reflect.ValueOf("k"), reflect.New(f.Type.Elem()).Elem())
	case reflect.Struct:
		if f.Type == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2025, 1, len(f.Name), 0, 0, 0, 0, time.UTC)))
		}
	default:
		t.Fatalf("sample: no value for %s (%s)", f.Name, f.Type)
	}
	return v
}
