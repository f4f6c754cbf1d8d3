package highlight

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

var cacheSamples = []struct{ lang, code string }{
	{"go", goSample},
	{"python", "def f(x):\n    return x < 2\n"},
	{"yaml", "title: a\nlist: [1, 2]\n"},
	{"nope", "plain <text>\n"},
	{"", "no language\n"},
	{"go", ""},
}

func TestBlockIsIdenticalWithAndWithoutCache(t *testing.T) {
	dir := t.TempDir()
	plain := New(nil)
	c, err := OpenCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	cold := New(c)
	for _, s := range cacheSamples {
		want := plain.Block(s.lang, []byte(s.code))
		if got := cold.Block(s.lang, []byte(s.code)); !bytes.Equal(got, want) {
			t.Errorf("cold cache, %s: got %q, want %q", s.lang, got, want)
		}
		if got := cold.Block(s.lang, []byte(s.code)); !bytes.Equal(got, want) {
			t.Errorf("warm cache, %s: got %q, want %q", s.lang, got, want)
		}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c2, err := OpenCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Len() == 0 {
		t.Fatal("reopened cache is empty")
	}
	reopened := New(c2)
	for _, s := range cacheSamples {
		want := plain.Block(s.lang, []byte(s.code))
		if got := reopened.Block(s.lang, []byte(s.code)); !bytes.Equal(got, want) {
			t.Errorf("reopened cache, %s: got %q, want %q", s.lang, got, want)
		}
	}
}

func TestCacheKeyDependsOnEveryInput(t *testing.T) {
	p := keyPrefix("v2.27.0")
	base := newKey(p, "go", []byte("x"))
	for name, k := range map[string]Key{
		"language": newKey(p, "python", []byte("x")),
		"code":     newKey(p, "go", []byte("y")),
		"version":  newKey(keyPrefix("v2.28.0"), "go", []byte("x")),
		"boundary": newKey(p, "gox", []byte("")),
	} {
		if k == base {
			t.Errorf("changing the %s does not change the key", name)
		}
	}
	if newKey(p, "go", []byte("x")) != base {
		t.Error("key is not deterministic")
	}
}

func TestChromaVersionFromBuildInfo(t *testing.T) {
	if v := chromaVersion(); v == fallbackChromaVersion {
		t.Skip("test binaries carry no dependency versions; checked by hand in a built binary")
	} else if v[:3] != "v2." {
		t.Errorf("chromaVersion() = %q, want a v2 version", v)
	}
}

func TestCacheSavePrunesUnusedEntries(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir)
	h := New(c)
	h.Block("go", []byte("package a\n"))
	h.Block("go", []byte("package b\n"))
	mustSave(t, c)
	if n := mustOpen(t, dir).Len(); n != 2 {
		t.Fatalf("after first save: %d entries, want 2", n)
	}

	c = mustOpen(t, dir)
	New(c).Block("go", []byte("package a\n")) // b is not used this run
	mustSave(t, c)
	if n := mustOpen(t, dir).Len(); n != 1 {
		t.Fatalf("after second save: %d entries, want 1", n)
	}
}

func TestCacheSaveWritesOnlyWhenChanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, CacheFile)
	c := mustOpen(t, dir)
	mustSave(t, c) // nothing stored: no file
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("empty cache wrote a file (err %v)", err)
	}
	New(c).Block("go", []byte("package a\n"))
	mustSave(t, c)
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}

	// Same entries used again: Save must not rewrite, so a deleted file
	// stays deleted.
	c = mustOpen(t, dir)
	New(c).Block("go", []byte("package a\n"))
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	mustSave(t, c)
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("unchanged cache was rewritten (err %v)", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestOpenCacheIgnoresDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir)
	h := New(c)
	for _, s := range cacheSamples {
		h.Block(s.lang, []byte(s.code))
	}
	mustSave(t, c)
	path := filepath.Join(dir, CacheFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	wrongMagic := bytes.Clone(good)
	wrongMagic[0] = 'X'
	damaged := map[string][]byte{
		"empty":        {},
		"magic only":   packMagic[:],
		"truncated":    good[:len(good)-1],
		"half":         good[:len(good)/2],
		"flipped byte": flipped,
		"wrong magic":  wrongMagic,
		"garbage":      bytes.Repeat([]byte{0xff}, 100),
		"extra byte":   append(bytes.Clone(good), 0),
	}
	for name, data := range damaged {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := OpenCache(dir)
			if err != nil {
				t.Fatalf("OpenCache: %v", err)
			}
			if c.Len() != 0 {
				t.Errorf("damaged file gave %d entries, want 0", c.Len())
			}
			// The cache still works and output is unaffected.
			if got, want := New(c).Block("go", []byte(goSample)), New(nil).Block("go", []byte(goSample)); !bytes.Equal(got, want) {
				t.Error("output differs after loading a damaged cache")
			}
		})
	}
}

func TestOpenCacheMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	c := mustOpen(t, dir)
	New(c).Block("go", []byte("package a\n"))
	mustSave(t, c)
	if n := mustOpen(t, dir).Len(); n != 1 {
		t.Errorf("got %d entries, want 1", n)
	}
}

func FuzzDecodePack(f *testing.F) {
	f.Add([]byte{})
	f.Add(packMagic[:])
	f.Add(append(packMagic[:], make([]byte, 40)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, ok, err := decodePack(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		if !ok && entries != nil {
			t.Error("failed decode returned entries")
		}
	})
}

func mustOpen(t *testing.T, dir string) *Cache {
	t.Helper()
	c, err := OpenCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustSave(t *testing.T, c *Cache) {
	t.Helper()
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestCacheKeepsNoHTMLInMemory: stored blocks go to the spool file, not
// the heap, and are read back from it, from the pack file after Save, and
// after a second round of stores and a Save, as a preview server does.
func TestCacheKeepsNoHTMLInMemory(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir)
	block := func(i int) (Key, []byte) {
		html := bytes.Repeat([]byte{byte('a' + i%26)}, 100+i)
		return newKey(nil, "go", html), html
	}
	check := func(c *Cache, n int) {
		t.Helper()
		for i := range n {
			k, want := block(i)
			if got, ok := c.Get(k); !ok || !bytes.Equal(got, want) {
				t.Fatalf("entry %d: got %q, %v", i, got, ok)
			}
		}
	}
	for i := range 50 {
		k, html := block(i)
		c.Put(k, html)
		if e := c.entries[k]; e.html != nil {
			t.Fatalf("entry %d kept in memory", i)
		}
	}
	check(c, 50) // read from the spool, partly still buffered
	mustSave(t, c)
	check(c, 50) // read from the new pack file
	for i := 50; i < 80; i++ {
		k, html := block(i)
		c.Put(k, html)
	}
	check(c, 80)
	mustSave(t, c)
	check(c, 80)
	c2 := mustOpen(t, dir)
	if c2.Len() != 80 {
		t.Fatalf("reopened: %d entries, want 80", c2.Len())
	}
	check(c2, 80)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left in the cache folder: %v", entries)
	}
}

func TestCacheSaveRemovesOldFormats(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, oldCacheFiles[0])
	if err := os.WriteFile(old, []byte("KPHLPK\x00\x01 an older pack"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := mustOpen(t, dir)
	New(c).Block("go", []byte("package a\n"))
	mustSave(t, c)
	if _, err := os.Stat(old); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the old pack file is still there (err %v)", err)
	}
	if n := mustOpen(t, dir).Len(); n != 1 {
		t.Errorf("reopened: %d entries, want 1", n)
	}
}
