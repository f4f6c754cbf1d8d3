package site

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// cachedSite has what a page's conversion looks up elsewhere: a link to
// another page (whose address front matter sets), a link to an anchor, a
// citation, a strings file (the citation's label), a code block and an
// image.
const cachedSite = `
-- content/site.yaml --
title: Cached
languages:
  - {code: en, name: English}
  - {code: es, name: Español}
-- content/data/sources.yaml --
- key: a
  outlet: A
  title: A
  date: 2023-10
-- content/a.md --
---
title: A
---
See [the other page](b.md), [its part](b.md#part) and [@a].

` + "```go\nfunc main() {}\n```" + `

![a dot](dot.svg)
-- content/b.md --
---
title: B
slug: bee
---
## Part
Text.
-- content/es/a.md --
---
title: A
translation_of: a.md
---
Hola [@a].
-- content/dot.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>
-- layouts/page.html --
{{ .Content }}
-- layouts/section.html --
{{ .Title }}
-- layouts/i18n/en.yaml --
x: y
-- layouts/i18n/es.yaml --
cite.source: "Fuente {number}"
`

// TestMarkdownCacheGivesWhatConvertingGives builds a site again and again
// with its Markdown cache, after each kind of edit that changes what a
// page's conversion made, and compares every build with one without any
// cache: a page whose conversion looked up something that changed is
// converted again, the others come from the cache.
func TestMarkdownCacheGivesWhatConvertingGives(t *testing.T) {
	src := sitetest.FromArchive(t, cachedSite)
	ed := sitetest.NewEditor(t, src)
	cache := t.TempDir()
	build := func(opts Options) (*Result, map[string][]byte) {
		t.Helper()
		opts.Source, opts.Dest = src, filepath.Join(t.TempDir(), "public")
		res, err := Build(opts)
		if err != nil {
			t.Fatalf("build failed:\n%v", err)
		}
		return res, sitetest.ReadTree(t, opts.Dest)
	}
	step := func(name string, converted, fromCache int) {
		t.Helper()
		res, got := build(Options{CacheDir: cache})
		_, want := build(Options{NoCache: true})
		if res.Converted != converted || res.FromCache != fromCache {
			t.Errorf("%s: %d pages converted, %d from the cache; want %d and %d", name, res.Converted, res.FromCache, converted, fromCache)
		}
		if g, w := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)); !slices.Equal(g, w) {
			t.Fatalf("%s: files %v, want %v", name, g, w)
		}
		for p, w := range want {
			if !bytes.Equal(got[p], w) {
				t.Errorf("%s: %s differs from a build without the cache:\n%s\nwant\n%s", name, p, got[p], w)
			}
		}
	}
	step("first build", 3, 0)
	step("nothing changed", 0, 3)
	// The code block was not looked up, but is kept for the build that
	// converts its page again.
	if hc, err := highlight.OpenCache(cache); err != nil || hc.Len() != 1 {
		t.Errorf("after a build of pages from the Markdown cache, the highlight cache holds %d blocks (%v), want 1", hc.Len(), err)
	}
	ed.Write("content/b.md", strings.Replace(ed.Read("content/b.md"), "slug: bee", "slug: bumble", 1))
	step("the linked page moved", 2, 1) // b itself (its file changed) and a, which links to it
	ed.Replace("content/b.md", "## Part", "## Section")
	ed.Replace("content/a.md", "b.md#part", "b.md#section")
	step("both edited", 2, 1)
	ed.Replace("layouts/i18n/es.yaml", "Fuente", "Fuentes")
	step("the strings changed", 3, 0)
	ed.Replace("content/data/sources.yaml", "title: A", "title: Alpha")
	step("a data file changed", 3, 0)
	ed.Write("content/dot.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"></svg>`)
	step("the image changed", 1, 2)
	ed.Replace("content/es/a.md", "Hola", "Hola,")
	step("one page edited", 1, 2)

	// Without highlighting the code block is another conversion.
	res, _ := build(Options{CacheDir: cache, NoHighlight: true})
	if res.Converted != 3 {
		t.Errorf("--no-highlight: %d pages converted, want 3", res.Converted)
	}
}

// TestDamagedMarkdownCacheIsIgnored: a cache file damaged anywhere gives
// the output of a build without it.
func TestDamagedMarkdownCacheIsIgnored(t *testing.T) {
	src := sitetest.FromArchive(t, cachedSite)
	cache := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest, CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	want := sitetest.ReadTree(t, dest)
	files, _ := filepath.Glob(filepath.Join(cache, "markdown-*.cache"))
	if len(files) != 1 {
		t.Fatalf("cache files: %v", files)
	}
	good, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(good); i += 7 {
		bad := bytes.Clone(good)
		bad[i] ^= 0x21
		os.WriteFile(files[0], bad, 0o644)
		if _, err := Build(Options{Source: src, Dest: dest, CacheDir: cache}); err != nil {
			t.Fatalf("byte %d damaged: %v", i, err)
		}
		got := sitetest.ReadTree(t, dest)
		for p, w := range want {
			if !bytes.Equal(got[p], w) {
				t.Fatalf("byte %d damaged: %s differs:\n%s\nwant\n%s", i, p, got[p], w)
			}
		}
	}
}

// TestMarkdownCacheReportsErrorsAgain: a page with a broken link and a
// Hugo shortcode fails the build each time, at their lines, when its
// conversion comes from the cache as well; the other pages' conversions
// are kept for the build after the fix.
func TestMarkdownCacheReportsErrorsAgain(t *testing.T) {
	src := sitetest.FromArchive(t, strings.Replace(cachedSite, "Text.", "Text.\n\nA [broken](nowhere.md) link.\n\n{{< youtube abc >}}", 1))
	cache := t.TempDir()
	for i := range 2 {
		_, err := Build(Options{Source: src, CacheDir: cache})
		if err == nil || !strings.Contains(err.Error(), "content/b.md:8:3: link to nowhere.md") || !strings.Contains(err.Error(), "content/b.md:10:1: {{< youtube abc >}} is Hugo shortcode syntax") {
			t.Fatalf("build %d: want the broken link at content/b.md:8:3 and the shortcode at 10:1, got %v", i+1, err)
		}
	}
	sitetest.NewEditor(t, src).Replace("content/b.md", "A [broken](nowhere.md) link.\n\n{{< youtube abc >}}", "Fixed.")
	res, err := Build(Options{Source: src, CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if res.Converted != 1 || res.FromCache != 2 {
		t.Errorf("after the fix: %d converted, %d from the cache; want 1 and 2", res.Converted, res.FromCache)
	}
}

// TestConvertedEncodingKeepsEveryField fills every field of a conversion
// and reads it back: a field added to markdown.Result, linkUse or
// imageUse without its place in the encoding fails here.
func TestConvertedEncodingKeepsEveryField(t *testing.T) {
	res := &markdown.Result{}
	fill(reflect.ValueOf(res).Elem(), 1)
	res.HTML = nil // kept apart from the record
	c := &converted{
		res:     res,
		links:   []linkUse{{dest: "d", image: true, href: "h", err: "e", target: "t", anchor: "a"}},
		cites:   []string{"k1", "k2"},
		hasCode: true,
		images:  []imageUse{{dest: "d", rel: "r", sig: "s", line: 3, col: 4}},
	}
	for _, typ := range []struct {
		v      any
		fields int
	}{{linkUse{}, 6}, {imageUse{}, 5}, {converted{}, 8}, {shortcodeUse{}, 3}} {
		if n := reflect.TypeOf(typ.v).NumField(); n != typ.fields {
			t.Errorf("%T has %d fields, the encoding knows %d: add the new ones to appendConverted and decodeConverted (and here)", typ.v, n, typ.fields)
		}
	}
	sc := &shortcodeUse{line: 5, col: 6, text: "{{< x >}}"}
	got, gotSC, ok := decodeConverted(appendConverted(nil, c, sc))
	if !ok {
		t.Fatal("could not decode what was encoded")
	}
	want := *c
	want.ids = map[string]bool{}
	for _, id := range res.IDs {
		want.ids[id] = true
	}
	if !reflect.DeepEqual(got.res, want.res) {
		t.Errorf("Result:\n%+v\nwant\n%+v", got.res, want.res)
	}
	got.res, want.res = nil, nil
	if !reflect.DeepEqual(*got, want) || *gotSC != *sc {
		t.Errorf("got\n%+v %+v\nwant\n%+v %+v", *got, *gotSC, want, *sc)
	}
	if _, sc, ok := decodeConverted(appendConverted(nil, c, nil)); !ok || sc != nil {
		t.Errorf("without a shortcode: %v, %v", sc, ok)
	}
}

// fill gives every field of v a value that is not its zero, from seed.
func fill(v reflect.Value, seed int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strings.Repeat("x", seed))
	case reflect.Int:
		v.SetInt(int64(seed))
	case reflect.Uint8:
		v.SetUint(uint64(seed))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), seed+i+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, seed+i+1)
			fill(e, seed+i+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanSet() { // an unexported field, of this package's own types
				f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			}
			fill(f, seed+i+1)
		}
	default:
		panic("fill: add " + v.Kind().String())
	}
}

func FuzzDecodeConverted(f *testing.F) {
	res := &markdown.Result{}
	fill(reflect.ValueOf(res).Elem(), 1)
	f.Add(appendConverted(nil, &converted{res: res, links: []linkUse{{dest: "d"}}, cites: []string{"k"}}, &shortcodeUse{1, 2, "x"}))
	f.Add(appendConverted(nil, &converted{res: &markdown.Result{}}, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, _, ok := decodeConverted(b)
		if !ok {
			return
		}
		// What decodes encodes back to the same bytes.
		if again := appendConverted(nil, c, nil); len(again) > len(b) {
			t.Fatalf("%d bytes decoded to a record of %d", len(b), len(again))
		}
	})
}

// TestServeStartsFromTheMarkdownCache: the preview's first build takes
// the conversions a build left in the cache, and its rebuilds after an
// edit write what a clean build writes.
func TestServeStartsFromTheMarkdownCache(t *testing.T) {
	src := sitetest.FromArchive(t, cachedSite)
	cache := t.TempDir()
	if _, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "public"), CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	b, err := NewBuilder(Options{Source: src, Dest: dest, CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	same := func(name string) {
		t.Helper()
		clean := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Dest: clean, NoCache: true}); err != nil {
			t.Fatal(err)
		}
		got, want := sitetest.ReadTree(t, dest), sitetest.ReadTree(t, clean)
		for p, w := range want {
			if !bytes.Equal(got[p], w) {
				t.Errorf("%s: %s differs from a clean build:\n%s\nwant\n%s", name, p, got[p], w)
			}
		}
	}
	res, err := b.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Converted != 0 || res.FromCache != 3 {
		t.Errorf("first preview build: %d converted, %d from the cache; want 0 and 3", res.Converted, res.FromCache)
	}
	same("first preview build")
	ed := sitetest.NewEditor(t, src)
	ed.Replace("content/b.md", "Text.", "Other text.")
	if _, err := b.Build(ed.Changed()); err != nil {
		t.Fatal(err)
	}
	same("after an edit")
	ed.Replace("content/b.md", "slug: bee", "slug: wasp")
	if _, err := b.Build(ed.Changed()); err != nil {
		t.Fatal(err)
	}
	same("after the linked page moved")
}
