package sitetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Main runs a package's tests (run is m.Run, or what wraps it) from its
// TestMain, and then removes the generator command [Generator] built for
// them.
//
//	func TestMain(m *testing.M) { os.Exit(sitetest.Main(m.Run)) }
func Main(run func() int) int {
	built.mu.Lock()
	built.cleaned = true
	built.mu.Unlock()
	code := run()
	built.mu.Lock()
	defer built.mu.Unlock()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	return code
}

// built is the generator command of this test process, built at most once
// (the one thing this package keeps between tests: building it takes
// seconds, and every test that runs it wants the same command).
var built struct {
	mu      sync.Mutex
	cleaned bool // the tests run through Main, which removes dir
	dir     string
	bin     string
	err     string
}

// Generator builds the generator command (the real command line, as a user
// runs it, version stamped from git as a plain go build does) once per
// test process and returns its path. The package's TestMain must run its
// tests through [Main], which removes the command afterwards. Without the
// go command the test is skipped.
func Generator(tb testing.TB) string {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go command to build the generator with")
	}
	gomod, err := exec.Command(goTool, "env", "GOMOD").Output()
	if err != nil || len(strings.TrimSpace(string(gomod))) < len("go.mod") {
		tb.Fatalf("sitetest: go env GOMOD: %v %s (run the tests inside the module)", err, gomod)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	built.mu.Lock()
	defer built.mu.Unlock()
	if !built.cleaned {
		tb.Fatal("sitetest.Generator: run the package's tests through sitetest.Main (func TestMain(m *testing.M) { os.Exit(sitetest.Main(m.Run)) }), which removes the command afterwards")
	}
	if built.bin == "" && built.err == "" {
		dir, err := os.MkdirTemp("", "sitetest-generator-")
		if err != nil {
			tb.Fatal(err)
		}
		built.dir = dir
		bin := filepath.Join(dir, "generator")
		cmd := exec.Command(goTool, "build", "-o", bin, "./generator")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=auto")
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = "go build ./generator: " + err.Error() + "\n" + string(out)
		} else {
			built.bin = bin
		}
	}
	if built.err != "" {
		tb.Fatal(built.err)
	}
	return built.bin
}
