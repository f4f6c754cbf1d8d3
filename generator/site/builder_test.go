package site

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
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
}

func (o *opSite) path(rel string) string { return filepath.Join(o.root, filepath.FromSlash(rel)) }

func (o *opSite) write(rel, text string) {
	o.t.Helper()
	p := o.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		o.t.Fatal(err)
	}
	// Atomic save, like most editors.
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		o.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		o.t.Fatal(err)
	}
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

func (o *opSite) read(rel string) string {
	b, err := os.ReadFile(o.path(rel))
	if err != nil {
		o.t.Fatal(err)
	}
	return string(b)
}

func genPage(title, body string) string {
	return "---\ntitle: " + title + "\ndate: 2024-05-01\n---\n" + body + "\n"
}

var fixedPages = []string{"content/settlement.md", "content/guide/first.md", "content/guide/second.md", "content/bundle/index.md", "content/_index.md", "content/guide/_index.md"}

// step performs one random operation.
func (o *opSite) step() {
	o.next++
	n := o.next
	switch op := o.rng.Intn(12); {
	case op == 0 || op == 1: // edit a body
		rel := fixedPages[o.rng.Intn(len(fixedPages))]
		if len(o.gen) > 0 && o.rng.Intn(2) == 0 {
			rel = o.gen[o.rng.Intn(len(o.gen))]
		}
		o.write(rel, o.read(rel)+fmt.Sprintf("\nEdit %d links [settlement](/settlement/#the-fine).\n", n))
		o.log = append(o.log, "edit body "+rel)
	case op == 2: // edit a title
		rel := fixedPages[o.rng.Intn(len(fixedPages))]
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
		o.gen = append(o.gen[:i], o.gen[i+1:]...)
		o.log = append(o.log, "delete "+rel)
	case op == 6 && len(o.gen) > 0: // rename a created page
		i := o.rng.Intn(len(o.gen))
		old := o.gen[i]
		nu := fmt.Sprintf("content/renamed%d.md", n)
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
			if strings.Count(g, "/") >= 2 && victim == "" && !strings.HasPrefix(g, "content/guide/") {
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
		o.log = append(o.log, "break "+rel)
		o.step() // usually repaired by a later create/edit; or stays broken
		o.write(rel, genPage("Repaired", "Fixed."))
		o.log = append(o.log, "repair "+rel)
	}
}

// TestRebuildsEqualCleanBuilds applies seeded random sequences of edits,
// creates, renames and deletes of files and folders, rebuilds after each
// with a Builder, and checks the output equals a clean build byte for byte.
func TestRebuildsEqualCleanBuilds(t *testing.T) {
	seeds := []int64{1, 2, 3, 4}
	steps := 30
	if testing.Short() {
		seeds, steps = seeds[:1], 10
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			src, _ := fixture(t, "testdata/build/basic.txtar")
			o := &opSite{t: t, root: src, rng: rand.New(rand.NewSource(seed))}
			dest := filepath.Join(t.TempDir(), "live")
			b, err := NewBuilder(Options{Source: src, Dest: dest, NoCache: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Build(nil); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < steps; i++ {
				o.dirty = nil
				o.step()
				before := readTree(t, dest)
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
					if !equalTrees(before, readTree(t, dest)) {
						t.Fatalf("after %v: a failed rebuild changed the output", o.log)
					}
					continue
				}
				got, want := readTree(t, dest), readTree(t, clean)
				if d := treeDiff(want, got); d != "" {
					t.Fatalf("after %v:\n%s", o.log, d)
				}
				for _, c := range res.Changed {
					if bytes.Equal(before[c], got[c]) && before[c] != nil {
						t.Errorf("after %v: %s reported changed but is identical", o.log[len(o.log)-1], c)
					}
				}
			}
		})
	}
}

func equalTrees(a, b map[string][]byte) bool { return treeDiff(a, b) == "" }

func treeDiff(want, got map[string][]byte) string {
	var out []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			out = append(out, "missing "+k)
		case !bytes.Equal(w, g):
			out = append(out, "differs "+k+"\n"+firstDiff(string(w), string(g)))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			out = append(out, "extra "+k)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestRebuildRendersOnlyTheEditedPage checks the incremental path: a body
// edit re-renders one page, a layout edit all of them.
func TestRebuildRendersOnlyTheEditedPage(t *testing.T) {
	src, _ := fixture(t, "testdata/build/basic.txtar")
	b, err := NewBuilder(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	first, err := b.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(src, "content", "guide", "second.md")
	text, _ := os.ReadFile(page)
	os.WriteFile(page, append(text, "\nMore words.\n"...), 0o644)
	res, err := b.Build([]string{page})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered != 1 {
		t.Errorf("body edit rendered %d pages, want 1", res.Rendered)
	}
	if strings.Join(res.Changed, ",") != "guide/second/index.html" {
		t.Errorf("changed %v", res.Changed)
	}
	res, _ = b.Build(nil)
	if res.Rendered != 0 || len(res.Changed) != 0 {
		t.Errorf("no-op rebuild rendered %d, changed %v", res.Rendered, res.Changed)
	}
	lay := filepath.Join(src, "layouts", "page.html")
	text, _ = os.ReadFile(lay)
	os.WriteFile(lay, append(text, "<!-- x -->"...), 0o644)
	res, _ = b.Build([]string{lay})
	if res.Rendered != first.Pages {
		t.Errorf("layout edit rendered %d pages, want all %d", res.Rendered, first.Pages)
	}
}

func TestBuildReportsProgress(t *testing.T) {
	src, _ := fixture(t, "testdata/build/basic.txtar")
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
