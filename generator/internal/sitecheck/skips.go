package sitecheck

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

// skipped collects the reasons NeedTool skipped tests in this test binary,
// for [RunReportingSkips]. It is the one package-level variable here: the
// testing package offers no other way from a test to TestMain.
var skipped struct {
	sync.Mutex
	reasons map[string]int
}

func noteSkip(reason string) {
	skipped.Lock()
	defer skipped.Unlock()
	if skipped.reasons == nil {
		skipped.reasons = map[string]int{}
	}
	skipped.reasons[reason]++
}

// RunReportingSkips runs the tests of m and then says which browser and
// HTML checks were skipped for a missing tool, so that a plain `go test
// ./...` (which hides the output of passing packages) still shows them:
// the note goes to the terminal (/dev/tty) when there is one, and to
// standard error otherwise (seen with -v or on failure). Use it as
//
//	func TestMain(m *testing.M) { os.Exit(sitecheck.RunReportingSkips(m, "generator")) }
func RunReportingSkips(m *testing.M, pkg string) int {
	code := m.Run()
	skipped.Lock()
	reasons := skipped.reasons
	skipped.Unlock()
	if len(reasons) == 0 {
		return code
	}
	w := io.Writer(os.Stderr)
	if tty, err := os.OpenFile(ttyPath(), os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		w = tty
	}
	WriteSkipNote(w, pkg, reasons)
	return code
}

// ttyPath is the terminal to write the note to; GENERATOR_TEST_TTY
// replaces it (tests of this note).
func ttyPath() string {
	if p := os.Getenv("GENERATOR_TEST_TTY"); p != "" {
		return p
	}
	return "/dev/tty"
}

// WriteSkipNote writes the note: how many checks were skipped, and why.
func WriteSkipNote(w io.Writer, pkg string, reasons map[string]int) {
	var list []string
	n := 0
	for r, c := range reasons {
		list = append(list, fmt.Sprintf("  %s (%d %s)", r, c, map[bool]string{true: "test", false: "tests"}[c == 1]))
		n += c
	}
	sort.Strings(list)
	fmt.Fprintf(w, "%s: SKIPPED %d browser or HTML %s for a missing tool (`bash .ci/run` installs them):\n%s\n",
		pkg, n, map[bool]string{true: "check", false: "checks"}[n == 1], strings.Join(list, "\n"))
}
