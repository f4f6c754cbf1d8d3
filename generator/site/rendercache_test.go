package site

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// renderedSite has what a page's render reads besides its own source: the
// summaries of other pages (the home page lists them), a data file, an
// image a layout places, the date the site was last updated, a page
// waiting for its publish_at, and a translation.
const renderedSite = `
-- content/site.yaml --
title: Rendered
languages:
  - {code: en, name: English}
  - {code: es, name: Español}
-- content/data/numbers.yaml --
answer: 42
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/a.md --
---
title: A
date: 2024-03-01
---
First paragraph of A, [linking B](b.md).

Second paragraph of A. ![a picture](pic.svg)
-- content/pic.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>
-- content/b.md --
---
title: B
date: 2024-04-01
---
First paragraph of B.

Second paragraph of B.
-- content/later.md --
---
title: Later
date: 2024-05-01
publish_at: 2030-01-01T00:00:00Z
---
Not yet.
-- content/es/a.md --
---
title: A en español
translation_of: a.md
---
Primer párrafo.
-- content/dot.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>
-- layouts/page.html --
<h1>{{ .Title }}</h1>{{ .Content }}
<p>{{ image "dot.svg" "a dot" }} {{ .Site.Data.numbers.answer }}</p>
-- layouts/section.html --
<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Site.Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a>: {{ .Summary }}</li>{{ end }}</ul>
<p>Updated {{ .Site.LastUpdated.Format "2006-01-02" }}, {{ len .Site.Files }} files</p>
-- layouts/i18n/en.yaml --
x: y
-- layouts/i18n/es.yaml --
x: y
`

// TestRenderCacheGivesWhatRenderingGives builds a site again and again
// with its caches, after each kind of change to what a page's render
// reads, and compares every build with one without any cache: a page
// whose render read something that changed is rendered again, the others
// are written from the render cache.
func TestRenderCacheGivesWhatRenderingGives(t *testing.T) {
	src := sitetest.FromArchive(t, renderedSite)
	ed := sitetest.NewEditor(t, src)
	cache := t.TempDir()
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	baseURL := ""
	build := func(opts Options) (*Result, map[string][]byte) {
		t.Helper()
		opts.Source, opts.Dest, opts.AsOf, opts.BaseURL = src, filepath.Join(t.TempDir(), "public"), asOf, baseURL
		res, err := Build(opts)
		if err != nil {
			t.Fatalf("build failed:\n%v", err)
		}
		return res, sitetest.ReadTree(t, opts.Dest)
	}
	const all = -1 // every page
	pages := 0
	step := func(name string, rendered int) {
		t.Helper()
		res, got := build(Options{CacheDir: cache})
		_, want := build(Options{NoCache: true})
		pages = res.Rendered + res.RenderedFromCache
		if rendered == all {
			rendered = pages
		}
		if res.Rendered != rendered || res.RenderedFromCache != pages-rendered {
			t.Errorf("%s: %d pages rendered, %d from the cache; want %d and %d", name, res.Rendered, res.RenderedFromCache, rendered, pages-rendered)
		}
		if d := sitetest.Diff(want, got); d != "" {
			t.Fatalf("%s: the output differs from a build without the cache:\n%s", name, d)
		}
	}
	step("first build", all)
	if pages < 6 {
		t.Fatalf("the first build rendered %d pages, want at least 6", pages)
	}
	// The first build of a generator with its options keeps no rendered
	// page, only its state (a few hundred bytes): the build after it
	// keeps them.
	if files, _ := filepath.Glob(filepath.Join(cache, "render-*.cache")); len(files) != 1 {
		t.Errorf("render cache files after the first build: %v, want one", files)
	} else if fi, err := os.Stat(files[0]); err != nil || fi.Size() > 1024 {
		t.Errorf("the first build kept rendered pages: %s is %d bytes (%v)", files[0], fi.Size(), err)
	}
	step("second build", all)
	step("nothing changed", 0)
	ed.Replace("content/b.md", "Second paragraph of B.", "Second paragraph of B, longer.")
	step("a page's body, not its summary", 1) // b
	ed.Replace("content/b.md", "First paragraph of B.", "First paragraph of B, changed.")
	step("a page's summary", 2) // b, and the home page that lists its summary
	ed.Replace("content/es/a.md", "Primer", "El primer")
	step("a translation's summary", 2) // es/a and the Spanish home page
	ed.Write("content/pic.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"></svg>`)
	step("an image a page's Markdown places", 1) // a
	ed.Replace("layouts/page.html", "<h1>", "<h1 class=t>")
	step("a layout", all)
	ed.Replace("content/data/numbers.yaml", "42", "43")
	step("a data file", all)
	ed.Write("content/dot.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"></svg>`)
	step("the image a layout places", all)
	ed.Replace("content/b.md", "date: 2024-04-01", "date: 2025-04-01")
	step("a date, and so when the site was last updated", all)
	ed.Write("content/notes.txt", "a file to copy")
	step("a file to copy", all)
	asOf = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	step("a page's publish_at passed", all)
	baseURL = "https://example.org/"
	step("another base URL", all)
	step("the same base URL, a second time", all) // the first build with it kept no page
	step("the same base URL, a third time", 0)

	// A damaged file is ignored: everything is rendered again.
	files, _ := filepath.Glob(filepath.Join(cache, "render-*.cache"))
	if len(files) != 1 {
		t.Fatalf("render cache files: %v, want one", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := 8; i < len(data); i += 97 {
		data[i] ^= 0x55
	}
	if err := os.WriteFile(files[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	step("damaged cache file", all)
	step("after the damaged file was replaced", all) // by one without pages
	step("the build after that", 0)
}

// TestFailedBuildKeepsTheRenderCache checks that a build that fails in
// its layouts leaves the render cache as it was, and that the build after
// the fix renders only what changed.
func TestFailedBuildKeepsTheRenderCache(t *testing.T) {
	src := sitetest.FromArchive(t, renderedSite)
	ed := sitetest.NewEditor(t, src)
	cache := t.TempDir()
	opts := Options{Source: src, CacheDir: cache, AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	build := func() (*Result, error) {
		opts.Dest = filepath.Join(t.TempDir(), "public")
		return Build(opts)
	}
	if _, err := build(); err != nil { // a first build keeps no rendered page
		t.Fatal(err)
	}
	first, err := build()
	if err != nil {
		t.Fatal(err)
	}
	ed.Replace("layouts/page.html", "{{ .Content }}", `{{ .Content }}{{ if eq .Title "B" }}{{ index .Params.missing 3 }}{{ end }}`)
	if _, err := build(); err == nil {
		t.Fatal("a layout error did not fail the build")
	}
	ed.Replace("layouts/page.html", `{{ if eq .Title "B" }}{{ index .Params.missing 3 }}{{ end }}`, "")
	res, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered != 0 || res.RenderedFromCache != first.Rendered {
		t.Errorf("after a failed build and its fix: %d pages rendered, %d from the cache; want 0 and %d", res.Rendered, res.RenderedFromCache, first.Rendered)
	}
}

// TestCachedBuildsEqualCleanBuilds applies seeded random sequences of
// edits, creates, renames and deletes of files and folders, and layout
// edits, builds after each with the Markdown and render caches of the
// builds before, and checks the output equals a build without caches
// byte for byte. FuzzCachedBuildsEqualCleanBuilds runs more seeds.
func TestCachedBuildsEqualCleanBuilds(t *testing.T) {
	seeds := []int64{1, 2, 3}
	steps := 25
	if testing.Short() {
		seeds, steps = seeds[:1], 10
	}
	for _, name := range []string{"basic", "multilingual"} {
		for _, seed := range seeds {
			t.Run(fmt.Sprint(name, "-seed", seed), func(t *testing.T) {
				reused := cachedBuildSequence(t, name, seed, steps)
				if reused == 0 {
					t.Errorf("no page of %d builds came from the render cache", steps)
				}
			})
		}
	}
}

func FuzzCachedBuildsEqualCleanBuilds(f *testing.F) {
	f.Add(int64(5), uint8(8))
	f.Add(int64(6), uint8(12))
	f.Fuzz(func(t *testing.T, seed int64, steps uint8) {
		name := "basic"
		if seed%2 != 0 {
			name = "multilingual"
		}
		cachedBuildSequence(t, name, seed, int(steps%16)+1)
	})
}

// cachedBuildSequence applies steps random operations to the fixture site
// testdata/build/<name>.txtar, building after each with a cache folder
// kept from build to build, and checks each build against one without a
// cache. It returns how many pages came from the render cache.
func cachedBuildSequence(t *testing.T, name string, seed int64, steps int) (reused int) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/"+name+".txtar")
	o := &opSite{t: t, root: src, rng: rand.New(rand.NewSource(seed)), fixed: fixedPages}
	if name == "multilingual" {
		o.multi, o.translated = true, map[string]string{}
		o.fixed = append(append([]string(nil), fixedPages...), fixedSpanish...)
	}
	cache := t.TempDir()
	if _, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "first"), CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < steps; i++ {
		o.dirty = nil
		for o.dirty == nil {
			o.step()
		}
		dest, clean := filepath.Join(t.TempDir(), "cached"), filepath.Join(t.TempDir(), "clean")
		res, err := Build(Options{Source: src, Dest: dest, CacheDir: cache})
		_, cerr := Build(Options{Source: src, Dest: clean, NoCache: true})
		switch {
		case cerr != nil && err == nil:
			t.Fatalf("after %v: the build without a cache failed (%v) but the cached one succeeded", o.log, cerr)
		case cerr == nil && err != nil:
			t.Fatalf("after %v: the cached build failed but the one without a cache succeeded: %v", o.log, err)
		case err != nil:
			var ds, cds diag.List
			if !errors.As(err, &ds) || !errors.As(cerr, &cds) {
				t.Fatalf("after %v: errors are not diagnostics: %v; %v", o.log, err, cerr)
			}
			if !reflect.DeepEqual(ds, cds) {
				t.Fatalf("after %v: the cached build reported\n%v\nthe one without a cache\n%v", o.log, ds, cds)
			}
			continue
		}
		if d := sitetest.Diff(sitetest.ReadTree(t, clean), sitetest.ReadTree(t, dest)); d != "" {
			t.Fatalf("after %v (%d pages from the render cache):\n%s", o.log, res.RenderedFromCache, d)
		}
		reused += res.RenderedFromCache
	}
	return reused
}

// TestStoredPageRoundTrip encodes a page's entry with every field set and
// decodes it.
func TestStoredPageRoundTrip(t *testing.T) {
	var s storedPage
	fill(reflect.ValueOf(&s).Elem(), 3)
	got, ok := decodeStoredPage(appendStoredPage(nil, &s))
	if !ok {
		t.Fatal("the entry does not decode")
	}
	if !reflect.DeepEqual(*got, s) {
		t.Errorf("decoded\n%+v\nwant\n%+v", *got, s)
	}
	empty := storedPage{html: []byte{}}
	if got, ok := decodeStoredPage(appendStoredPage(nil, &empty)); !ok || !reflect.DeepEqual(*got, empty) {
		t.Errorf("empty entry decoded as %+v, %v", got, ok)
	}
}

func FuzzDecodeStoredPage(f *testing.F) {
	var s storedPage
	fill(reflect.ValueOf(&s).Elem(), 1)
	f.Add(appendStoredPage(nil, &s))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, v []byte) {
		s, ok := decodeStoredPage(v)
		if !ok {
			return
		}
		// What decodes encodes to the same bytes.
		if again := appendStoredPage(nil, s); !bytes.Equal(again, v) {
			d, ok := decodeStoredPage(again)
			if !ok || !reflect.DeepEqual(d, s) {
				t.Fatalf("%q decoded to %+v, which encodes to %q", v, s, again)
			}
		}
	})
}

// TestGlobalKeyCoversWhatLayoutsSee lists every field of a page and of the
// site as the content stage makes them, with what puts it in the render
// keys: a field added to either fails until it is placed.
func TestGlobalKeyCoversWhatLayoutsSee(t *testing.T) {
	const (
		front  = "front matter (MetaHash)"
		global = "the global key"
		digest = "settings and data (Site.Digest)"
		body   = "the page's body, or deps"
		pages  = "the pages' URLs, kinds and order (global key)"
		none   = "not shown by layouts"
	)
	pageFields := map[string]string{
		"Path": global, "Kind": global, "Title": global, "Description": front, "Date": global, "Updated": global,
		"Draft": front, "Weight": front, "Slug": front, "Layout": front, "Aliases": front, "Tags": front,
		"NeedsCitations": front, "ReviewBy": global, "DataCitations": front, "ShowTOC": front, "Taxonomy": pages,
		"Params": front, "URL": global, "OutPath": global, "body": body, "hash": body, "rawCheck": none,
		"MetaHash": global, "FieldPos": front, "UnknownFields": front, "ParamCites": front, "Corrections": front,
		"authorRefs": front, "imageRef": front, "imagePos": front, "imageFile": front, "localTimes": front,
		"PublishAt": global, "Expires": global, "ImageAlt": global, "Image": global, "aliasPos": front,
		"sectionDir": pages, "bundleDir": pages, "TranslationOf": front, "translationPos": front,
		"Permalink": global, "Section": pages, "Pages": pages, "Prev": pages, "Next": pages,
		"Breadcrumbs": pages, "Authors": digest, "Site": pages, "Language": pages, "Original": front,
		"Translations": front,
	}
	siteFields := map[string]string{
		"Settings": digest, "Data": digest, "DataCites": digest, "Sources": digest, "SourceByKey": digest,
		"All": pages, "Pages": pages, "Sections": pages, "Home": pages, "NotFound": pages, "Tags": pages,
		"Taxonomies": pages, "TaxonomyPages": pages, "ByPath": pages, "ByURL": pages, "Files": global,
		"dataRaw": digest, "LastUpdated": global, "Corrections": front, "Authors": digest, "AuthorByKey": digest,
		"Byline": digest, "Waiting": global, "Expired": global, "NextChange": global, "withheld": global,
		"dropped": none, "bodies": body, "dropBodies": none, "CorrectionsPage": pages, "Digest": global,
		"lang": pages, "langAll": pages, "langData": digest, "langDataCites": digest, "drafts": digest,
	}
	check := func(what string, v any, known map[string]string) {
		typ := reflect.TypeOf(v)
		var fields []string
		for i := range typ.NumField() {
			fields = append(fields, typ.Field(i).Name)
			if _, ok := known[typ.Field(i).Name]; !ok {
				t.Errorf("%s.%s: say how the render keys cover it (or that layouts cannot show it) in this test, and make it so", what, typ.Field(i).Name)
			}
		}
		for _, n := range slices.Sorted(maps.Keys(known)) {
			if !slices.Contains(fields, n) {
				t.Errorf("%s has no field %s any more: remove it from this test", what, n)
			}
		}
	}
	check("content.Page", content.Page{}, pageFields)
	check("content.Site", content.Site{}, siteFields)
}

// TestLinksOfCachedPagesAreChecked checks that the links of a page whose
// output came from the render cache are checked again: a page's layout
// links to another page's heading, which is then renamed.
func TestLinksOfCachedPagesAreChecked(t *testing.T) {
	src := sitetest.FromArchive(t, renderedSite)
	ed := sitetest.NewEditor(t, src)
	ed.Replace("content/b.md", "Second paragraph of B.", "## Part\n\nSecond paragraph of B.")
	ed.Replace("layouts/page.html", "{{ .Content }}", `{{ .Content }}{{ if eq .Title "A" }}<a href="/b/#part">part</a>{{ end }}`)
	opts := Options{Source: src, CacheDir: t.TempDir(), AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 2 { // a first build keeps no rendered page
		if _, err := Build(opts); err != nil {
			t.Fatal(err)
		}
	}
	ed.Replace("content/b.md", "## Part", "## Section")
	_, err := Build(opts)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(`has no heading or element with id "part"`)) {
		t.Fatalf("a link of a page from the render cache to a heading that is gone: err = %v", err)
	}
}
