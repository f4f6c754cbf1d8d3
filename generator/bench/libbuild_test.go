package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

// smallSite writes an n-page corpus with the bench layouts, as the
// benchmark prepares it.
func smallSite(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := gencorpus.Write(n, dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte("title: SSG bench\nbase_url: http://127.0.0.1:1313/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := copyEmbedded(benchLayouts, "layouts", filepath.Join(dir, "layouts")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBenchLayoutsBuildEveryKindOfPage(t *testing.T) {
	dir := smallSite(t, 60)
	for _, noHL := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := libBuild(libOptions{source: dir, dest: dest, noHighlight: noHL})
		if err != nil {
			t.Fatal(err)
		}
		// 60 pages, 10 sections, home, 404, the tag index and its terms.
		if res.Pages < 60+10+3 {
			t.Errorf("built %d pages", res.Pages)
		}
		for _, f := range []string{"index.html", "section-01/index.html", "section-01/atom.xml", "tags/index.html",
			"tags/go/index.html", "atom.xml", "sitemap.xml", "404.html"} {
			if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
				t.Errorf("no %s: %v", f, err)
			}
		}
		page, err := os.ReadFile(filepath.Join(dest, "section-01", "page-00000", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"<time datetime=\"2010-01-01\">January 1, 2010</time>", `href="../../tags/`, `class="footnote-ref"`} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("page lacks %q", want)
			}
		}
		if got := bytes.Contains(page, []byte(`<span class="k`)); got == noHL {
			t.Errorf("no-highlight %v: page highlighted = %v", noHL, got)
		}
	}
}

func TestFloorConvertsEveryPage(t *testing.T) {
	dir := smallSite(t, 30)
	r, err := runFloor(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if r.files != 30 || r.bytesOut < r.bytesIn {
		t.Errorf("floor: %+v", r)
	}
}

// TestWarmBuildsFillTheCache: after warmBuilds builds into one cache
// folder, as the explainer's rows are prepared, a build renders nothing
// (the benchmark's "warm" means that).
func TestWarmBuildsFillTheCache(t *testing.T) {
	dir, cache := smallSite(t, 20), t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	for range warmBuilds {
		if _, err := libBuild(libOptions{source: dir, dest: dest, cacheDir: cache}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := libBuild(libOptions{source: dir, dest: dest, cacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered != 0 || res.Converted != 0 || res.RenderedFromCache != res.Pages {
		t.Errorf("after %d builds: %d pages rendered, %d converted, %d of %d from the cache; want none rendered or converted",
			warmBuilds, res.Rendered, res.Converted, res.RenderedFromCache, res.Pages)
	}
}
