package site

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/images"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// countingFS counts the files opened and read through it, by path.
type countingFS struct {
	fs.FS
	mu     sync.Mutex
	opened map[string]int
}

func (c *countingFS) note(name string) {
	c.mu.Lock()
	c.opened[name]++
	c.mu.Unlock()
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.note(name)
	return c.FS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.note(name)
	return fs.ReadFile(c.FS, name)
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

// imagesOpened returns how many times image files were opened, and resets
// the counts.
func (c *countingFS) imagesOpened() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for name, n := range c.opened {
		if images.IsImage(name) {
			out[name] = n
		}
	}
	c.opened = map[string]int{}
	return out
}

// TestWarmBuildOpensNoPhoto: once the cache knows the site's images and
// the staging folder is an earlier output (the third build into one
// folder), a build of the unchanged site only stats the photos: it opens
// none, encodes nothing, and its output is byte for byte the output of a
// build without the cache. A photo changed afterwards is read again and
// published as it now is.
func TestWarmBuildOpensNoPhoto(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/rich/site.txtar")
	richPhotos(t, src)
	cache := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	cfs := &countingFS{FS: os.DirFS(src), opened: map[string]int{}}
	build := func(opts Options) (*Result, map[string][]byte) {
		t.Helper()
		opts.Source = src
		res, err := Build(opts)
		if err != nil {
			t.Fatalf("build failed:\n%v", err)
		}
		return res, sitetest.ReadTree(t, opts.Dest)
	}
	clean := func() map[string][]byte {
		_, tree := build(Options{NoCache: true, Dest: filepath.Join(t.TempDir(), "public")})
		return tree
	}
	same := func(what string, got, want map[string][]byte) {
		t.Helper()
		if d := sitetest.Diff(sitetest.Tree(want).Without("assets/"), sitetest.Tree(got).Without("assets/")); d != "" {
			t.Errorf("%s differs from a build without the cache:\n%s", what, d)
		}
	}
	want := clean()
	for i := 1; i <= 4; i++ {
		res, tree := build(Options{FS: cfs, CacheDir: cache, Dest: dest})
		opened := cfs.imagesOpened()
		same("build "+string(rune('0'+i)), tree, want)
		if i >= 3 {
			if len(opened) > 0 {
				t.Errorf("warm build %d opened image files %v; want only stats", i, opened)
			}
			if res.ImagesEncoded != 0 {
				t.Errorf("warm build %d encoded %d files", i, res.ImagesEncoded)
			}
		}
		if res.Images != 4 {
			t.Errorf("build %d published %d images, want 4", i, res.Images)
		}
	}

	// A published file changed in the output folder (by a deploy tool, say)
	// is written again when that folder is next reused: the same size, but
	// another identity.
	tampered := filepath.Join(dest, filepath.FromSlash(first(t, want, "turned.", ".webp")))
	data, err := os.ReadFile(tampered)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tampered, bytes.Repeat([]byte{0xff}, len(data)), 0o644); err != nil {
		t.Fatal(err)
	}
	// A changed photo (another picture, the same name) is noticed.
	f, err := os.Create(filepath.Join(src, "content", "photo.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, testNoise(1700, 1000), &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	want = clean()
	for i := 0; i < 3; i++ {
		_, tree := build(Options{FS: cfs, CacheDir: cache, Dest: dest})
		same("build after the change", tree, want)
		if i == 0 && cfs.imagesOpened()["content/photo.jpg"] == 0 {
			t.Error("the changed photo was not read")
		}
	}
}

// first returns the first output path of tree with the given prefix and
// suffix.
func first(t *testing.T, tree map[string][]byte, prefix, suffix string) string {
	t.Helper()
	var names []string
	for n := range tree {
		if strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		t.Fatalf("no output %s*%s", prefix, suffix)
	}
	sort.Strings(names)
	return names[0]
}

// TestPreviewFullRebuildKeepsUnchangedImages: in the preview (Builder), a
// full rebuild (here after a layout edit) keeps the image files the
// destination already holds instead of reading the photos and holding
// every version in memory again; a changed photo is still published anew.
func TestPreviewFullRebuildKeepsUnchangedImages(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/rich/site.txtar")
	richPhotos(t, src)
	cfs := &countingFS{FS: os.DirFS(src), opened: map[string]int{}}
	dest := filepath.Join(t.TempDir(), "out")
	b, err := NewBuilder(Options{Source: src, FS: cfs, Dest: dest, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	cfs.imagesOpened()
	lay := filepath.Join(src, "layouts", "page.html")
	edit := func(i int) {
		text, _ := os.ReadFile(lay)
		os.WriteFile(lay, append(text, fmt.Sprintf("<!-- edit %d -->", i)...), 0o644)
	}
	check := func(what string) {
		t.Helper()
		want := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Dest: want, NoCache: true}); err != nil {
			t.Fatal(err)
		}
		if d := sitetest.Diff(sitetest.ReadTree(t, want).Without("assets/"), sitetest.ReadTree(t, dest).Without("assets/")); d != "" {
			t.Errorf("%s: preview output differs from a clean build:\n%s", what, d)
		}
	}
	edit(1)
	res, err := b.Build([]string{lay})
	if err != nil {
		t.Fatal(err)
	}
	if res.Quick {
		t.Fatal("a layout edit took the quick rebuild")
	}
	if opened := cfs.imagesOpened(); len(opened) > 0 {
		t.Errorf("the full rebuild opened image files %v; want none", opened)
	}
	check("after a layout edit")

	f, err := os.Create(filepath.Join(src, "content", "photo.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, testNoise(1700, 1000), &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	edit(2)
	if _, err := b.Build([]string{lay, filepath.Join(src, "content", "photo.jpg")}); err != nil {
		t.Fatal(err)
	}
	if cfs.imagesOpened()["content/photo.jpg"] == 0 {
		t.Error("the changed photo was not read")
	}
	check("after a photo change")
}
