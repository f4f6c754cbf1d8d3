package site

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestBuildMatchesGolden builds each fixture site and compares the whole
// output tree with its golden archive (go test -update rewrites them).
func TestBuildMatchesGolden(t *testing.T) {
	archives, _ := filepath.Glob("testdata/build/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no fixtures")
	}
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) {
			src, _ := sitetest.FromArchiveFile(t, a)
			dest := filepath.Join(t.TempDir(), "public")
			res, err := Build(Options{Source: src, Dest: dest, NoCache: true})
			if err != nil {
				t.Fatalf("build failed:\n%v", err)
			}
			got := sitetest.Archive(sitetest.ReadTree(t, dest))
			sitetest.Golden(t, filepath.Join("testdata", "golden", name+".txtar"), got, *update)
			if res.Pages == 0 || res.Files < res.Pages {
				t.Errorf("result counts: %+v", res)
			}
		})
	}
}

// TestBrokenSitesReportEveryErrorAndKeepOutput builds each error fixture
// over an existing output folder: the build must fail with exactly the
// expected diagnostics and leave the folder untouched.
func TestBrokenSitesReportEveryErrorAndKeepOutput(t *testing.T) {
	archives, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) {
			src, held := sitetest.FromArchiveFile(t, a, "want")
			want := held["want"]
			dest := filepath.Join(t.TempDir(), "public")
			os.MkdirAll(filepath.Join(dest, "old"), 0o755)
			os.WriteFile(filepath.Join(dest, "old", "index.html"), []byte("previous site"), 0o644)
			publish.WriteMarker(dest)
			before := sitetest.ReadTree(t, dest)
			_, err := Build(Options{Source: src, Dest: dest, NoCache: true})
			var ds diag.List
			if !errors.As(err, &ds) {
				t.Fatalf("want a diag.List error, got %v", err)
			}
			if got := ds.Error() + "\n"; got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
			after := sitetest.ReadTree(t, dest)
			if len(after) != len(before) || string(after["old/index.html"]) != "previous site" {
				t.Errorf("output folder changed: %v", after)
			}
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.staging-*"))
			if len(left) > 0 {
				t.Errorf("staging left behind: %v", left)
			}
		})
	}
}

// TestBuildIsDeterministic builds the same site twice.
func TestBuildIsDeterministic(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/basic.txtar")
	d1, d2 := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := Build(Options{Source: src, Dest: d1, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Source: src, Dest: d2, CacheDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if d := sitetest.Diff(sitetest.ReadTree(t, d1), sitetest.ReadTree(t, d2)); d != "" {
		t.Errorf("two builds differ:\n%s", d)
	}
}
