package site

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture writes a txtar site into a temporary folder and returns its root
// and the archive's "want" file, if any.
func fixture(t *testing.T, archive string) (string, string) {
	t.Helper()
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	_, files := txtar.Parse(data)
	var want string
	var site []txtar.File
	for _, f := range files {
		if f.Name == "want" {
			want = string(f.Data)
			continue
		}
		site = append(site, f)
	}
	dir := t.TempDir()
	if err := txtar.WriteDir(dir, site); err != nil {
		t.Fatal(err)
	}
	return dir, want
}

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func treeArchive(tree map[string][]byte) []byte {
	names := make([]string, 0, len(tree))
	for n := range tree {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		b.WriteString("-- " + n + " --\n")
		data := tree[n]
		b.Write(data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

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
			src, _ := fixture(t, a)
			dest := filepath.Join(t.TempDir(), "public")
			res, err := Build(Options{Source: src, Dest: dest, NoCache: true})
			if err != nil {
				t.Fatalf("build failed:\n%v", err)
			}
			got := treeArchive(readTree(t, dest))
			golden := filepath.Join("testdata", "golden", name+".txtar")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test ./generator/site -update and review the diff):\n%s", golden, firstDiff(string(want), string(got)))
			}
			if res.Pages == 0 || res.Files < res.Pages {
				t.Errorf("result counts: %+v", res)
			}
		})
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, w, g)
		}
	}
	return ""
}

// TestBrokenSitesReportEveryErrorAndKeepOutput builds each error fixture
// over an existing output folder: the build must fail with exactly the
// expected diagnostics and leave the folder untouched.
func TestBrokenSitesReportEveryErrorAndKeepOutput(t *testing.T) {
	archives, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) {
			src, want := fixture(t, a)
			dest := filepath.Join(t.TempDir(), "public")
			os.MkdirAll(filepath.Join(dest, "old"), 0o755)
			os.WriteFile(filepath.Join(dest, "old", "index.html"), []byte("previous site"), 0o644)
			publish.WriteMarker(dest)
			before := readTree(t, dest)
			_, err := Build(Options{Source: src, Dest: dest, NoCache: true})
			var ds diag.List
			if !errors.As(err, &ds) {
				t.Fatalf("want a diag.List error, got %v", err)
			}
			if got := ds.Error() + "\n"; got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
			after := readTree(t, dest)
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
	src, _ := fixture(t, "testdata/build/basic.txtar")
	d1, d2 := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := Build(Options{Source: src, Dest: d1, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Source: src, Dest: d2, CacheDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(treeArchive(readTree(t, d1)), treeArchive(readTree(t, d2))) {
		t.Error("two builds differ")
	}
}
