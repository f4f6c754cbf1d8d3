package site

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// opSite applies random editor operations to a fixture site.
type opSite struct {
	t     *testing.T
	root  string
	rng   *rand.Rand
	gen   []string // content-relative pages the test created (nothing links to them)
	next  int
	log   []string
	dirty []string
	// headingOff is set while the heading that pages link to is renamed.
	headingOff bool
	// fixed are the pages of the fixture that are never removed.
	fixed []string
	// multi is set for the site in English and Spanish; translated maps
	// each English page the test translated to its Spanish page.
	multi      bool
	translated map[string]string
}

func (o *opSite) path(rel string) string { return filepath.Join(o.root, filepath.FromSlash(rel)) }

// write saves a file atomically, like most editors, and notes it changed.
func (o *opSite) write(rel, text string) {
	o.t.Helper()
	sitetest.NewEditor(o.t, o.root).Write(rel, text)
	o.touch(rel)
}

// touch records a changed path as the watcher would: the path itself, or
// sometimes only its folder.
func (o *opSite) touch(rel string) {
	if o.rng.Intn(4) == 0 {
		o.dirty = append(o.dirty, filepath.Dir(o.path(rel)))
		return
	}
	o.dirty = append(o.dirty, o.path(rel))
}

func (o *opSite) read(rel string) string { return sitetest.NewEditor(o.t, o.root).Read(rel) }

func genPage(title, body string) string {
	return "---\ntitle: " + title + "\ndate: 2024-05-01\n---\n" + body + "\n"
}

var fixedPages = []string{"content/settlement.md", "content/guide/first.md", "content/guide/second.md", "content/bundle/index.md", "content/_index.md", "content/guide/_index.md"}

// toggleHeading renames the heading that pages link to, or back.
func (o *opSite) toggleHeading() {
	rel := "content/settlement.md"
	text := o.read(rel)
	if o.headingOff {
		text = strings.Replace(text, "## The penalty {#the-penalty", "## The fine {#the-fine", 1)
	} else {
		text = strings.Replace(text, "## The fine {#the-fine", "## The penalty {#the-penalty", 1)
	}
	o.headingOff = !o.headingOff
	o.write(rel, text)
	o.log = append(o.log, "toggle heading")
}

// step performs one random operation.
func (o *opSite) step() {
	o.next++
	if o.headingOff && o.rng.Intn(2) == 0 {
		o.toggleHeading()
		return
	}
	n := o.next
	ops := 19
	if o.multi {
		ops = 24
	}
	switch op := o.rng.Intn(ops); {
	case op == 0 || op == 1: // edit a body
		rel := o.fixed[o.rng.Intn(len(o.fixed))]
		if len(o.gen) > 0 && o.rng.Intn(2) == 0 {
			rel = o.gen[o.rng.Intn(len(o.gen))]
		}
		o.write(rel, o.read(rel)+fmt.Sprintf("\nEdit %d links [settlement](/settlement/#the-fine).\n", n))
		o.log = append(o.log, "edit body "+rel)
	case op == 2: // edit a title
		rel := o.fixed[o.rng.Intn(len(o.fixed))]
		text := o.read(rel)
		i := strings.Index(text, "title: ")
		j := i + strings.Index(text[i:], "\n")
		o.write(rel, text[:i]+fmt.Sprintf("title: Title %d", n)+text[j:])
		o.log = append(o.log, "edit title "+rel)
	case op == 3 || op == 4: // create a page, sometimes in a new folder
		dir := []string{"", "guide/", "fresh/", fmt.Sprintf("folder%d/deep/", n)}[o.rng.Intn(4)]
		rel := fmt.Sprintf("%spage%d.md", dir, n)
		o.write("content/"+rel, genPage(fmt.Sprintf("Page %d", n), fmt.Sprintf("## Part %d\n\nText [home](/).", n)))
		o.gen = append(o.gen, "content/"+rel)
		o.log = append(o.log, "create "+rel)
	case op == 5 && len(o.gen) > 0: // delete a created page
		i := o.rng.Intn(len(o.gen))
		rel := o.gen[i]
		os.Remove(o.path(rel))
		o.touch(rel)
		o.untranslate(rel)
		o.gen = append(o.gen[:i], o.gen[i+1:]...)
		o.log = append(o.log, "delete "+rel)
	case op == 6 && len(o.gen) > 0: // rename a created page
		i := o.rng.Intn(len(o.gen))
		old := o.gen[i]
		nu := fmt.Sprintf("content/renamed%d.md", n)
		if strings.HasPrefix(old, "content/es/") {
			nu = fmt.Sprintf("content/es/renombrado-%d-ñ.md", n) // a translation stays in its language
			for orig, tr := range o.translated {
				if tr == old {
					o.translated[orig] = nu
				}
			}
		}
		if err := os.Rename(o.path(old), o.path(nu)); err != nil {
			o.t.Fatal(err)
		}
		o.touch(old)
		o.touch(nu)
		o.gen[i] = nu
		o.log = append(o.log, "rename "+old+" "+nu)
	case op == 7: // delete a whole created folder
		var kept []string
		victim := ""
		for _, g := range o.gen {
			if strings.Count(g, "/") >= 2 && victim == "" && !strings.HasPrefix(g, "content/guide/") && !strings.HasPrefix(g, "content/es/") {
				victim = strings.Join(strings.Split(g, "/")[:2], "/")
			}
		}
		if victim == "" {
			return
		}
		os.RemoveAll(o.path(victim))
		o.dirty = append(o.dirty, o.path(victim))
		for _, g := range o.gen {
			if !strings.HasPrefix(g, victim+"/") {
				kept = append(kept, g)
			}
		}
		o.gen = kept
		o.log = append(o.log, "rmdir "+victim)
	case op == 8: // edit a layout
		o.write("layouts/section.html", o.read("layouts/section.html")+fmt.Sprintf("<!-- %d -->\n", n))
		o.log = append(o.log, "edit layout")
	case op == 9: // edit the source registry
		o.write("content/data/sources.yaml", strings.Replace(o.read("content/data/sources.yaml"), "title: Strike", fmt.Sprintf("title: %d Strike", n), 1))
		o.log = append(o.log, "edit sources")
	case op == 10: // edit the stylesheet
		o.write("layouts/assets/css/site.css", o.read("layouts/assets/css/site.css")+fmt.Sprintf("p{order:%d}\n", n))
		o.log = append(o.log, "edit css")
	case op == 11 && len(o.gen) > 0: // break a page (the next edit of it may fix it)
		rel := o.gen[o.rng.Intn(len(o.gen))]
		o.write(rel, "---\ntitle: [unclosed\n---\nbroken\n")
		o.untranslate(rel)
		o.log = append(o.log, "break "+rel)
		o.step() // usually repaired by a later create/edit; or stays broken
		o.write(rel, genPage("Repaired", "Fixed."))
		o.log = append(o.log, "repair "+rel)
	case op == 12: // new first paragraph: the summary other pages show
		rel := o.fixed[o.rng.Intn(len(o.fixed))]
		text := o.read(rel)
		i := strings.Index(text[4:], "\n---\n") + 9
		o.write(rel, text[:i]+fmt.Sprintf("Opening %d.\n\n", n)+text[i:])
		o.log = append(o.log, "edit summary "+rel)
	case op == 13: // rename the heading other pages link to: breaks them until restored
		o.toggleHeading()
	case op == 14: // cite a source: the sources list changes
		rel := o.fixed[o.rng.Intn(len(o.fixed))]
		o.write(rel, o.read(rel)+"\nAs reported [@dmhc].\n")
		o.log = append(o.log, "cite in "+rel)
	case op == 15: // show other pages' body fields in lists, or stop
		text, shown := o.read("layouts/section.html"), "{{ .Summary }} {{ .WordCount }} {{ .HasCode }}"
		if strings.Contains(text, shown) {
			o.write("layouts/section.html", strings.Replace(text, shown, "{{ .Summary }}", 1))
			o.log = append(o.log, "layout hides word counts")
		} else {
			o.write("layouts/section.html", strings.Replace(text, "{{ .Summary }}", shown, 1))
			o.log = append(o.log, "layout shows word counts")
		}
	case op == 16 || op == 17: // read other pages through functions and neighbours
		rel := []string{"layouts/page.html", "layouts/section.html"}[o.rng.Intn(2)]
		snippet := otherReads[o.rng.Intn(len(otherReads))]
		text := o.read(rel)
		if i, j := strings.Index(text, "<aside>"), strings.Index(text, "</aside>"); i >= 0 && j > i {
			text = text[:i+len("<aside>")] + snippet + text[j:]
		} else {
			i := strings.LastIndex(text, "{{ end }}")
			text = text[:i] + "<aside>" + snippet + "</aside>" + text[i:]
		}
		o.write(rel, text)
		o.log = append(o.log, fmt.Sprintf("layout %s reads %s", rel, snippet))
	case op == 18: // add a code block: the summary stays, HasCode changes
		rel := o.fixed[o.rng.Intn(len(o.fixed))]
		if len(o.gen) > 0 && o.rng.Intn(2) == 0 {
			rel = o.gen[o.rng.Intn(len(o.gen))]
		}
		o.write(rel, o.read(rel)+fmt.Sprintf("\n```go\nvar x = %d\n```\n", n))
		o.log = append(o.log, "add code to "+rel)
	case op >= 19:
		o.spanishStep(op, n)
	}
}

// otherReads are layout snippets that read other pages' body fields in
// every way a layout can: neighbours, lists, where, index, first, jsonld,
// menus, sections.
var otherReads = []string{
	"",
	`{{ with .Prev }}{{ jsonld . }}{{ end }}`,
	`{{ with .Next }}{{ .WordCount }} {{ .HasCode }} {{ .ReadingMinutes }}{{ end }}`,
	`{{ range where .Site.Pages "HasCode" true }}{{ .Title }} {{ end }}`,
	`{{ with index .Site.Pages 0 }}{{ .Summary }}{{ end }}`,
	`{{ range first 2 .Site.Pages }}{{ len .Content }} {{ end }}`,
	`{{ range .Breadcrumbs }}{{ len .TOC }} {{ end }}`,
	`{{ with .Section }}{{ len .Content }} {{ range .Pages }}{{ .HasCode }}{{ end }}{{ end }}`,
	`{{ range .Site.Sections }}{{ range .Pages }}{{ .Summary }} {{ end }}{{ end }}`,
	`{{ range .Site.Menu }}{{ with .Page }}{{ .WordCount }} {{ end }}{{ end }}`,
	`{{ range where .Pages "HasCode" false }}{{ with .Next }}{{ .Title }}{{ .ReadingMinutes }}{{ end }}{{ end }}`,
	`{{ with .Site.Home }}{{ range .Citations }}{{ .Source.Key }}{{ end }}{{ end }}`,
	`{{ range .Translations }}{{ .Summary }} {{ .WordCount }}{{ end }}`,
	`{{ range .LanguageLinks }}{{ .Page.HasCode }} {{ .Page.Title }}{{ end }}`,
	`{{ range .Alternates }}{{ len .Page.Content }}{{ end }}`,
	`{{ range .Site.EveryPage }}{{ .ReadingMinutes }}{{ end }}`,
	`{{ with .Site.Page "/settlement/" }}{{ .WordCount }} {{ .Summary }}{{ end }}{{ with .Site.Page "guide/first.md" }}{{ len .Content }}{{ end }}`,
	`{{ with .Site.MenuItem "/settlement/" }}{{ with .Page }}{{ .HasCode }}{{ end }}{{ end }}`,
}

// TestRebuildsEqualCleanBuilds applies seeded random sequences of edits,
// creates, renames and deletes of files and folders, and layout edits,
// rebuilds after each with a Builder, and checks the output equals a clean
// build byte for byte. FuzzRebuildsEqualCleanBuilds runs more seeds.
func TestRebuildsEqualCleanBuilds(t *testing.T) {
	seeds := []int64{1, 2, 3, 4}
	steps := 30
	if testing.Short() {
		seeds, steps = seeds[:1], 10
	}
	for _, name := range []string{"basic", "multilingual"} {
		for _, seed := range seeds {
			t.Run(fmt.Sprint(name, "-seed", seed), func(t *testing.T) {
				quick, failed := rebuildSequence(t, name, seed, steps)
				if quick == 0 && !testing.Short() {
					t.Errorf("no rebuild of %d took the quick path", steps)
				}
				if failed > steps/2 {
					t.Errorf("%d of %d rebuilds failed: the sequence tests little", failed, steps)
				}
				t.Logf("%d of %d rebuilds were quick, %d failed (as the clean build did)", quick, steps, failed)
			})
		}
	}
}

// FuzzRebuildsEqualCleanBuilds runs the random edit sequences of
// TestRebuildsEqualCleanBuilds from fuzzed seeds; it can run for hours:
// go test ./generator/site -run '^$' -fuzz FuzzRebuildsEqualCleanBuilds -fuzztime 1h
func FuzzRebuildsEqualCleanBuilds(f *testing.F) {
	f.Add(int64(5), uint8(8))
	f.Add(int64(6), uint8(12))
	f.Fuzz(func(t *testing.T, seed int64, steps uint8) {
		name := "basic"
		if seed%2 != 0 {
			name = "multilingual"
		}
		rebuildSequence(t, name, seed, int(steps%16)+1)
	})
}

// rebuildSequence applies steps random operations to the fixture site
// testdata/build/<name>.txtar,
// rebuilding after each, and checks each rebuild against a clean build.
// It returns how many rebuilds took the quick path, and how many failed.
func rebuildSequence(t *testing.T, name string, seed int64, steps int) (quick, failed int) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/"+name+".txtar")
	o := &opSite{t: t, root: src, rng: rand.New(rand.NewSource(seed)), fixed: fixedPages}
	if name == "multilingual" {
		o.multi, o.translated = true, map[string]string{}
		o.fixed = append(append([]string(nil), fixedPages...), fixedSpanish...)
	}
	b, dest, _ := liveBuilder(t, src)
	for i := 0; i < steps; i++ {
		o.dirty = nil
		for o.dirty == nil {
			o.step()
		}
		before := sitetest.ReadTree(t, dest)
		res, err := b.Build(o.dirty)
		clean := filepath.Join(t.TempDir(), "clean")
		_, cerr := Build(Options{Source: src, Dest: clean, NoCache: true})
		var ds diag.List
		switch {
		case cerr != nil && err == nil:
			t.Fatalf("after %v: clean build failed (%v) but rebuild succeeded", o.log, cerr)
		case cerr == nil && err != nil:
			t.Fatalf("after %v: rebuild failed but clean build succeeded: %v", o.log, err)
		case err != nil:
			if !errors.As(err, &ds) {
				t.Fatalf("rebuild error is not a diag.List: %v", err)
			}
			if sitetest.Diff(before, sitetest.ReadTree(t, dest)) != "" {
				t.Fatalf("after %v: a failed rebuild changed the output", o.log)
			}
			failed++
			continue
		}
		got, want := sitetest.ReadTree(t, dest), sitetest.ReadTree(t, clean)
		if d := sitetest.Diff(want, got); d != "" {
			t.Fatalf("after %v (quick rebuild: %v):\n%s", o.log, res.Quick, d)
		}
		if res.Quick {
			quick++
		}
		for _, c := range res.Changed {
			if bytes.Equal(before[c], got[c]) && before[c] != nil {
				t.Errorf("after %v: %s reported changed but is identical", o.log[len(o.log)-1], c)
			}
		}
	}
	return quick, failed
}

// liveBuilder makes a Builder of the site in src writing into a new
// folder, as the preview does, and runs its first build, which must
// succeed; the Builder is closed when the test ends. Build, edit (with
// sitetest.Editor), rebuild.
func liveBuilder(t *testing.T, src string) (b *Builder, dest string, first *Result) {
	t.Helper()
	dest = filepath.Join(t.TempDir(), "live")
	b, err := NewBuilder(Options{Source: src, Dest: dest, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if first, err = b.Build(nil); err != nil {
		t.Fatal(err)
	}
	return b, dest, first
}

// TestRebuildRendersOnlyTheEditedPage checks the incremental path: a body
// edit re-renders one page, a layout edit all of them.
func TestRebuildRendersOnlyTheEditedPage(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/basic.txtar")
	ed := sitetest.NewEditor(t, src)
	b, _, first := liveBuilder(t, src)
	ed.Append("content/guide/second.md", "\nMore words.\n")
	res, err := b.Build(ed.Changed())
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered != 1 || !res.Quick {
		t.Errorf("body edit rendered %d pages (quick: %v), want 1, quickly", res.Rendered, res.Quick)
	}
	if strings.Join(res.Changed, ",") != "guide/second/index.html" {
		t.Errorf("changed %v", res.Changed)
	}
	res, _ = b.Build(nil)
	if res.Rendered != 0 || len(res.Changed) != 0 {
		t.Errorf("no-op rebuild rendered %d, changed %v", res.Rendered, res.Changed)
	}
	ed.Append("layouts/page.html", "<!-- x -->")
	res, _ = b.Build(ed.Changed())
	if res.Rendered != first.Pages {
		t.Errorf("layout edit rendered %d pages, want all %d", res.Rendered, first.Pages)
	}
}

// TestQuickRebuildFailure checks that a body edit that breaks a page fails
// the quick rebuild without touching the output, and that fixing it brings
// back the quick path.
func TestQuickRebuildFailure(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/basic.txtar")
	ed := sitetest.NewEditor(t, src)
	b, dest, _ := liveBuilder(t, src)
	before := sitetest.ReadTree(t, dest)
	const page = "content/guide/second.md"
	good := ed.Read(page)
	ed.Write(page, good+"\nSee [gone](gone.md).\n")
	_, err := b.Build(ed.Changed())
	var ds diag.List
	if !errors.As(err, &ds) || len(ds) != 1 || ds[0].Path != "content/guide/second.md" || !strings.Contains(ds[0].Msg, "gone.md") {
		t.Fatalf("broken link: got %v, want one error in content/guide/second.md", err)
	}
	if d := sitetest.Diff(before, sitetest.ReadTree(t, dest)); d != "" {
		t.Fatalf("a failed rebuild changed the output:\n%s", d)
	}
	ed.Write(page, good+"\nMended.\n")
	if _, err := b.Build(ed.Changed()); err != nil {
		t.Fatal(err)
	}
	ed.Write(page, good+"\nMended twice.\n")
	res, err := b.Build(ed.Changed())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Quick || res.Rendered != 1 {
		t.Fatalf("edit after the repair: quick %v, rendered %d; want a quick rebuild of 1 page", res.Quick, res.Rendered)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := Build(Options{Source: src, Dest: clean, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	if d := sitetest.Diff(sitetest.ReadTree(t, clean), sitetest.ReadTree(t, dest)); d != "" {
		t.Fatalf("after the repair:\n%s", d)
	}
}

func TestBuildReportsProgress(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/basic.txtar")
	var mu sync.Mutex
	last := map[string][2]int{}
	_, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true, Progress: func(stage string, done, total int) {
		mu.Lock()
		last[stage] = [2]int{done, total}
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{"markdown", "render"} {
		if p := last[stage]; p[0] == 0 || p[0] != p[1] {
			t.Errorf("stage %s: last progress %v", stage, p)
		}
	}
}

// TestRebuildSeesImagesLayoutsPlace: a layout's image function writes
// the image's size into the page; a rebuild after the image changed
// writes the new size, as a clean build does.
func TestRebuildSeesImagesLayoutsPlace(t *testing.T) {
	src := sitetest.FromArchive(t, `
-- content/site.yaml --
title: T
-- content/_index.md --
---
title: Home
---
Hi.
-- content/dot.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>
-- layouts/home.html --
{{ image "dot.svg" "a dot" }}
-- layouts/page.html --
x{{ .Content }}
-- layouts/section.html --
{{ .Title }}
`)
	dest := filepath.Join(t.TempDir(), "public")
	b, err := NewBuilder(Options{Source: src, Dest: dest, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "content/dot.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"></svg>`), 0o644)
	if _, err := b.Build([]string{filepath.Join(src, "content/dot.svg")}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	d2 := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: d2, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	clean, _ := os.ReadFile(filepath.Join(d2, "index.html"))
	if !strings.Contains(string(clean), `width="8" height="6"`) || string(clean) != string(after) {
		t.Errorf("rebuild wrote\n%s\na clean build\n%s", after, clean)
	}
}
