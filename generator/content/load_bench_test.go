package content

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/bench/corpus"
)

// BenchmarkLoadCorpus loads a 1,000-page benchmark corpus from disk (read,
// front matter, URLs, sections, tags); one op is the whole site.
func BenchmarkLoadCorpus(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(1000, dir); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte("title: Bench\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	for b.Loop() {
		s, ds := Load(fsys, Options{})
		if ds.HasErrors() || len(s.Pages) != 1000 {
			b.Fatalf("%d pages, %v", len(s.Pages), ds)
		}
	}
}
