package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
)

// copyTree copies the site sources (content/ and layouts/) of the
// repository into dst.
func copyTree(b *testing.B, src, dst string) {
	b.Helper()
	for _, top := range []string{"content", "layouts"} {
		err := filepath.WalkDir(filepath.Join(src, top), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// measureEdits runs serve on root, then times b.N edits of page: from the
// write of the Markdown file to the moment its output file holds the new
// text. It reports the median and worst latency in milliseconds.
func measureEdits(b *testing.B, root, page, out string) {
	e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }}
	stop := make(chan struct{})
	ready := make(chan string, 1)
	done := make(chan error, 1)
	ctx, cancel := contextWithStop(stop)
	defer func() { cancel(); <-done }()
	go func() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			done <- err
			return
		}
		done <- serve(ctx, e, siteFlags{source: root, noCache: true, quiet: true}, ln, 0, ready)
	}()
	select {
	case <-ready:
	case err := <-done:
		b.Fatal(err)
	}
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	outFile := filepath.Join(root, "public", filepath.FromSlash(out))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marker := fmt.Sprintf("Latency marker %d-%d.", i, time.Now().UnixNano())
		start := time.Now()
		if err := os.WriteFile(page, append(append([]byte{}, orig...), "\n\n"+marker+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			data, _ := os.ReadFile(outFile)
			if bytes.Contains(data, []byte(marker)) {
				break
			}
			if time.Since(start) > 30*time.Second {
				b.Fatalf("edit %d never appeared in %s", i, out)
			}
			time.Sleep(200 * time.Microsecond)
		}
		lat = append(lat, time.Since(start))
		time.Sleep(100 * time.Millisecond) // let the watcher settle between edits
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "worst-ms")
}

// BenchmarkServeEditRealSite measures, on a copy of this repository's own
// site, the time from saving a page to its rebuilt HTML being written.
func BenchmarkServeEditRealSite(b *testing.B) {
	repo := sitecheck.FindRepoRoot(b)
	root := b.TempDir()
	copyTree(b, repo, root)
	measureEdits(b, root, filepath.Join(root, "content", "faq.md"), "faq/index.html")
}

// BenchmarkServeEditCorpus does the same on a generated corpus of
// GENERATOR_BENCH_PAGES pages (default 10,000) written by the bench package's
// corpus generator, when GENERATOR_BENCH_CORPUS names its folder.
func BenchmarkServeEditCorpus(b *testing.B) {
	dir := os.Getenv("GENERATOR_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set GENERATOR_BENCH_CORPUS to a corpus folder made by go run ./generator/bench (it holds content/ and layouts/)")
	}
	root := b.TempDir()
	copyTree(b, dir, root)
	pages, _ := filepath.Glob(filepath.Join(root, "content", "section-01", "*.md"))
	if len(pages) == 0 {
		b.Fatal("no pages in corpus")
	}
	rel, _ := filepath.Rel(filepath.Join(root, "content"), pages[0])
	measureEdits(b, root, pages[0], strings.TrimSuffix(filepath.ToSlash(rel), ".md")+"/index.html")
}

func contextWithStop(stop chan struct{}) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
