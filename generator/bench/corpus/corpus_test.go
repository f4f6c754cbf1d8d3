package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
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
			want := readTree(t, py)
			got := readTree(t, port)
			if len(got) != len(want) || len(want) != n+1 {
				t.Fatalf("port wrote %d files, gen-corpus %d (want %d)", len(got), len(want), n+1)
			}
			for name, w := range want {
				if g, ok := got[name]; !ok {
					t.Errorf("port did not write %s", name)
				} else if !bytes.Equal(g, w) {
					t.Errorf("%s differs from gen-corpus output at byte %d", name, firstDiff(g, w))
				}
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

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
