package site

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

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

func TestMain(m *testing.M) { os.Exit(sitetest.Main(m.Run)) }
