package site_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// benchSite writes an n-page benchmark corpus with the layouts of
// generator/bench into a temporary folder and returns its root.
func benchSite(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	if err := gencorpus.Write(n, dir); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte("title: Bench\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "layouts"), os.DirFS("../bench/layouts")); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkBuild runs whole builds of a 200-page corpus: "cold" with no
// highlight cache, "warm-cache" with a filled one, which leaves mostly
// loading, Markdown, templates and writing.
func BenchmarkBuild(b *testing.B) {
	dir := benchSite(b, 200)
	for _, bc := range []struct {
		name  string
		cache bool
	}{{"cold", false}, {"warm-cache", true}} {
		b.Run(bc.name, func(b *testing.B) {
			opts := site.Options{Source: dir, Dest: filepath.Join(b.TempDir(), "public"), NoCache: !bc.cache, CacheDir: filepath.Join(dir, "cache")}
			if _, err := site.Build(opts); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := site.Build(opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/200, "µs/page")
		})
	}
}

// BenchmarkWriteStaging writes 1,000 pages of 24 KB into a staging folder
// spread over ten sections, and swaps it into place.
func BenchmarkWriteStaging(b *testing.B) {
	dest := filepath.Join(b.TempDir(), "public")
	page := bytes.Repeat([]byte("<p>benchmark page text</p>\n"), 24<<10/27)
	b.SetBytes(int64(len(page)) * 1000)
	for b.Loop() {
		st, err := publish.NewStaging(dest)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 1000 {
			if err := st.WriteFile(fmt.Sprintf("section-%02d/page-%05d/index.html", i%10+1, i), page); err != nil {
				b.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOnePage measures the preview server's rebuild after one
// page's body changed, on 1,000- and 10,000-page corpora; one op is one
// rebuild.
func BenchmarkRebuildOnePage(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) { benchRebuildOnePage(b, n) })
	}
}

func benchRebuildOnePage(b *testing.B, n int) {
	dir := benchSite(b, n)
	bl, err := site.NewBuilder(site.Options{Source: dir, Dest: filepath.Join(b.TempDir(), "public"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bl.Build(nil); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "content", filepath.FromSlash(gencorpus.Path(7)))
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	stages := map[string]time.Duration{}
	for b.Loop() {
		b.StopTimer()
		i++
		edited := append(bytes.Clone(orig), fmt.Sprintf("\nEdit number %d of this page.\n", i)...)
		if err := os.WriteFile(path, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := bl.Build([]string{path})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rendered == 0 || res.Rendered > 5 {
			b.Fatalf("rebuild rendered %d pages, want the edited page (and few others)", res.Rendered)
		}
		for _, st := range res.Stages {
			stages[st.Name] += st.Took
		}
	}
	for name, d := range stages {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), name+"-ms/op")
	}
}
