package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/blog"
)

func TestBlogBuildsCleanWithItsLayouts(t *testing.T) {
	const n = 60
	dir := t.TempDir()
	if err := blog.Write(n, dir); err != nil {
		t.Fatal(err)
	}
	if err := copyEmbedded(blog.Layouts, "layouts", filepath.Join(dir, "layouts")); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := libBuild(libOptions{source: dir, dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags {
		t.Errorf("build said: %v", d)
	}
	if res.Pages < n+3 {
		t.Errorf("built %d pages", res.Pages)
	}
	// The same kinds of output as the Hugo site: feeds and the sitemap too.
	for _, f := range []string{"index.html", "posts/index.html", "tags/index.html", "atom.xml", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
	page, err := os.ReadFile(filepath.Join(dest, strings.TrimPrefix(blog.URL(blog.CodePost(n)), "/"), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<span class="k`, `<p class="lede">`, " · by "} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("post lacks %q", want)
		}
	}
}
