package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// generatorBinary builds the generator command (the real command line, as
// a user runs it) into a temporary folder and returns its path.
func generatorBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the generator with")
	}
	bin := filepath.Join(t.TempDir(), "generator")
	cmd := exec.Command(goTool, "build", "-o", bin, "./generator")
	cmd.Dir = moduleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./generator: %v\n%s", err, out)
	}
	return bin
}

// moduleRoot is the folder holding go.mod, found upwards from the package.
func moduleRoot(t *testing.T) string { return sitecheck.FindRepoRoot(t) }

// runGenerator runs the generator binary and returns its output and exit
// code.
func runGenerator(t *testing.T, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("running %s: %v", bin, err)
	}
	return o.String(), e.String(), code
}

// hashTree describes everything under dir: each file by the SHA-256 of its
// bytes, each folder as "dir", each symbolic link by its target. An absent
// dir is an empty tree.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "link " + target
		case d.IsDir():
			out[rel] = "dir"
		case !d.Type().IsRegular():
			out[rel] = "special " + d.Type().String() // a FIFO: never read
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			out[rel] = hex.EncodeToString(sum[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// treeChanges lists the differences between two hashTree results, or "".
func treeChanges(before, after map[string]string) string {
	var lines []string
	for p, h := range before {
		if a, ok := after[p]; !ok {
			lines = append(lines, "removed "+p)
		} else if a != h {
			lines = append(lines, "changed "+p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			lines = append(lines, "added "+p)
		}
	}
	sort.Strings(lines)
	if len(lines) > 10 {
		lines = append(lines[:10], "...")
	}
	return strings.Join(lines, "\n")
}

// onlyDest reports whether names, the contents of dest's parent, hold
// just "public" and, after a successful build, the spare folder where the
// build keeps the output it replaced (publish.SpareDir).
func onlyDest(names []string, succeeded bool) bool {
	return slices.Equal(names, []string{"public"}) || succeeded && slices.Equal(names, []string{".public.spare", "public"})
}

// dirNames lists the names in a folder.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// locationLine matches a diagnostic line: path:line:col: ...
var locationLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): `)

// diagnosticLines returns the lines of stderr that start with a
// path:line:col location.
func diagnosticLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if locationLine.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

// checkNoCrash fails when a program's error output shows a panic or a
// Go stack trace.
func checkNoCrash(t *testing.T, stderr string) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "fatal error:"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr shows a crash (%q):\n%s", bad, stderr)
			return
		}
	}
}
