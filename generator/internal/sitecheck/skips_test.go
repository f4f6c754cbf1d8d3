package sitecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestSkipNoteNamesEveryReason(t *testing.T) {
	var b strings.Builder
	WriteSkipNote(&b, "generator", map[string]int{"Chromium not found": 3, "java not found": 1})
	want := "generator: SKIPPED 4 browser or HTML checks for a missing tool (`bash .ci/run` installs them):\n  Chromium not found (3 tests)\n  java not found (1 test)\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestSkippedChecksReachTheTerminalInPlainGoTest runs a test binary that
// skips with NeedTool under plain `go test` and checks the note reaches
// the terminal (a file standing in for /dev/tty), while go test itself
// prints only "ok".
func TestSkippedChecksReachTheTerminalInPlainGoTest(t *testing.T) {
	if InCI() || os.Getenv("SITECHECK_INNER") != "" {
		t.Skip("in CI a missing tool fails instead of skipping")
	}
	tty := filepath.Join(t.TempDir(), "tty")
	if err := os.WriteFile(tty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestNeedToolSkipsForTheNote$", ".")
	cmd.Env = append(os.Environ(), "GENERATOR_TEST_TTY="+tty, "SITECHECK_INNER=1", "CI=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test: %v\n%s", err, out)
	}
	note, _ := os.ReadFile(tty)
	if !strings.Contains(string(note), "SKIPPED 1 browser or HTML check for a missing tool") || !strings.Contains(string(note), "a tool for this test is missing") {
		t.Errorf("no note on the terminal; go test printed:\n%s\nterminal:\n%s", out, note)
	}
}

func TestNeedToolSkipsForTheNote(t *testing.T) {
	if os.Getenv("SITECHECK_INNER") == "" {
		t.Skip("run by TestSkippedChecksReachTheTerminalInPlainGoTest")
	}
	NeedTool(t, false, "a tool for this test is missing")
}
