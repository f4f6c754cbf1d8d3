package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

// benchCorpus writes an n-page benchmark corpus and returns it as an FS.
func benchCorpus(b *testing.B, n int) fs.FS {
	dir := b.TempDir()
	if err := gencorpus.Write(n, dir); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte("title: Bench\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	return os.DirFS(dir)
}

// BenchmarkLoadCorpus loads a 1,000-page benchmark corpus from disk (read,
// front matter, URLs, sections, tags); one op is the whole site.
func BenchmarkLoadCorpus(b *testing.B) {
	fsys := benchCorpus(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		s, ds := Load(fsys, Options{})
		if ds.HasErrors() || len(s.Pages) != 1000 {
			b.Fatalf("%d pages, %v", len(s.Pages), ds)
		}
	}
}

// BenchmarkLoadCached reloads a 10,000-page corpus with a warm cache, as
// the preview server's full rebuild does.
func BenchmarkLoadCached(b *testing.B) {
	fsys := benchCorpus(b, 10000)
	c := NewCache()
	Load(fsys, Options{Cache: c})
	for b.Loop() {
		s, ds := Load(fsys, Options{Cache: c})
		if ds.HasErrors() || len(s.Pages) != 10000 {
			b.Fatalf("%d pages, %v", len(s.Pages), ds)
		}
	}
}
