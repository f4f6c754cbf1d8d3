package gencorpus

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// sharedGenCorpus is the Python corpus generator the port must match.
func sharedGenCorpus(t *testing.T) string {
	t.Helper()
	p := os.Getenv("BENCH_GEN_CORPUS")
	if p == "" {
		for dir, _ := filepath.Abs("."); ; dir = filepath.Dir(dir) {
			if c := filepath.Join(dir, "shared", "bench", "gen-corpus"); fileExists(c) {
				p = c
				break
			}
			if dir == filepath.Dir(dir) {
				break
			}
		}
	}
	if p == "" {
		t.Skip("shared/bench/gen-corpus not found")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	return p
}

func TestCorpusPortWritesSameBytesAsGenCorpus(t *testing.T) {
	script := sharedGenCorpus(t)
	for _, n := range []int{100, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			py, port := t.TempDir(), t.TempDir()
			if out, err := exec.Command("python3", script, strconv.Itoa(n), py).CombinedOutput(); err != nil {
				t.Fatalf("gen-corpus: %v\n%s", err, out)
			}
			if err := Write(n, port); err != nil {
				t.Fatal(err)
			}
			want := sitetest.ReadTree(t, py)
			got := sitetest.ReadTree(t, port)
			if len(want) != n+1 {
				t.Fatalf("gen-corpus wrote %d files, want %d", len(want), n+1)
			}
			if d := sitetest.Diff(want, got); d != "" {
				t.Errorf("the port's output differs from gen-corpus's (missing: the port did not write it):\n%s", d)
			}
		})
	}
}

func TestCorpusPageDoesNotDependOnSizeExceptLink(t *testing.T) {
	a, b := Page(7, 100), Page(7, 1000)
	if len(a) < 3000 || a[:200] != b[:200] {
		t.Fatalf("page 7 differs between corpus sizes before its link:\n%s\n---\n%s", a[:200], b[:200])
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
