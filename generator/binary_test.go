package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func TestVersionOfABuiltBinaryNamesRevisionAndGoVersion(t *testing.T) {
	bin := sitetest.Generator(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	line := string(out)
	if !strings.HasPrefix(line, "generator ") || !strings.Contains(line, runtime.Version()) {
		t.Errorf("version: %q", line)
	}
	// What go build stamped (nothing in some git worktrees): the line must
	// show it.
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`vcs\.revision=([0-9a-f]{12})`).FindSubmatch(info); m != nil {
		tm := regexp.MustCompile(`vcs\.time=(\S+)`).FindSubmatch(info)
		if !strings.Contains(line, string(m[1])) || tm == nil || !strings.Contains(line, "("+string(tm[1])+")") {
			t.Errorf("want the revision %s and its time in %q", m[1], line)
		}
	}
}

func TestVersionLineFromBuildInfo(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "1a2b3c4d5e6f7a8b9c0d"}, {Key: "vcs.time", Value: "2026-11-30T20:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine(info, true), "generator v1.2.0 1a2b3c4d5e6f+modified (2026-11-30T20:00:00Z) go1.26.8"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := versionLine(&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true); got != "generator devel go1.26.8" {
		t.Errorf("got %q", got)
	}
}

// TestBuiltBinaryServeStopsOnSignals is what the README tells people to do
// when the preview runs in the background: go run does not pass SIGINT or
// SIGTERM on, a built binary stops on both.
func TestBuiltBinaryServeStopsOnSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	bin := sitetest.Generator(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := sitetest.FromArchive(t, cliBaseSite)
		cmd := exec.Command(bin, "serve", "--source", dir, "--port", "0", "--no-cache")
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		serving := false
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "Serving ") {
				serving = true
				break
			}
		}
		if !serving {
			cmd.Process.Kill()
			t.Fatalf("serve did not start: %s", stderr.String())
		}
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() {
			for lines.Scan() {
			}
			done <- cmd.Wait()
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: serve exited with %v: %s", sig, err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Errorf("%v: serve did not stop", sig)
		}
	}
}

// TestBuiltBinaryServeStopsMidRebuild: Ctrl-C stops serve at once even
// while a rebuild runs a template that never ends.
func TestBuiltBinaryServeStopsMidRebuild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	bin := sitetest.Generator(t)
	dir := sitetest.FromArchive(t, cliBaseSite)
	cmd := exec.Command(bin, "serve", "--source", dir, "--port", "0", "--no-cache", "--poll", "50ms")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "Serving ") {
	}
	runaway := "{{ define \"main\" }}{{ range 1000000000000 }}{{ end }}{{ end }}\n"
	if err := os.WriteFile(filepath.Join(dir, "layouts", "page.html"), []byte(runaway), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the rebuild is running
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() {
		for lines.Scan() {
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v: %s", err, stderr.String())
		}
		if took := time.Since(sent); took > 3*time.Second {
			t.Errorf("took %v to stop", took)
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop during a rebuild")
	}
}

func TestBindWarningForEveryInterface(t *testing.T) {
	for bind, warn := range map[string]bool{"127.0.0.1": false, "::1": false, "localhost": false, "0.0.0.0": true, "::": true, "192.168.1.20": true} {
		if got := bindWarning(bind); (got != "") != warn || warn && !strings.Contains(got, "visible to other machines") {
			t.Errorf("bindWarning(%q) = %q", bind, got)
		}
	}
}
