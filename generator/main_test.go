package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// The command-line tests call run with buffers and a fake environment, on
// small sites written into t.TempDir(). They never change the working
// directory and never exit the process.

// cliBaseSite is a small valid site: a home page, one page citing one source,
// and the two layouts every kind falls back to.
const cliBaseSite = `
-- content/site.yaml --
title: Test site
description: A site for tests.
-- content/_index.md --
---
title: Home
description: The home page.
---
Welcome.
-- content/about.md --
---
title: About
description: About this site.
date: 2024-10-21
---
## Who

We write things down [@src-a].
-- content/data/sources.yaml --
- key: src-a
  outlet: Example News
  title: An example article
  date: 2024-10-21
  url: https://example.org/a
-- layouts/page.html --
<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main><ol>{{ range .Citations }}<li id="source-{{ .Source.Key }}">{{ .Source.Outlet }}</li>{{ end }}</ol></body></html>
-- layouts/section.html --
<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}</body></html>
`

// cliBadPage cites a source that does not exist, at line 6, column 6.
const cliBadPage = `
-- content/bad.md --
---
title: Bad
description: A page with a broken citation.
---

Text [@nope].
`

// cliBrokenPage has three errors of different stages.
const cliBrokenPage = `
-- content/broken.md --
---
title: Broken
description: Several problems.
---

One [@nope].

Two [a link](missing.md).

Three [anchor](about.md#nowhere).
`

// cliWarnPage has one problem of each editorial kind and no errors.
const cliWarnPage = `
-- content/warn.md --
---
title: Warnings
description: Has warnings.
titel: Oops
review_by: 2000-01-01
---
## Who

We write things down [@src-a].

#### Deep

![](photo.svg)
-- content/photo.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>
`

// cliBuffer is a bytes.Buffer safe for the goroutines of serve.
type cliBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *cliBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *cliBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cliResult is what one command run printed and returned.
type cliResult struct {
	code           int
	stdout, stderr string
}

func (r cliResult) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// cliEnv is a command line with its environment.
type cliEnv struct {
	vars  map[string]string
	color bool
}

func (in cliEnv) run(args ...string) cliResult {
	var stdout, stderr cliBuffer
	e := &env{
		stdout:   &stdout,
		stderr:   &stderr,
		getenv:   func(k string) string { return in.vars[k] },
		color:    in.color,
		outColor: in.color,
	}
	code := run(e, args)
	return cliResult{code, stdout.String(), stderr.String()}
}

// runCLI runs a command line with an empty environment and no colour.
func runCLI(args ...string) cliResult { return cliEnv{}.run(args...) }

// cliSiteArgs adds --source and --no-cache (so tests never touch the user's
// cache folder) to a build or check command line.
func cliSiteArgs(cmd, dir string, more ...string) []string {
	return append([]string{cmd, "--source", dir, "--no-cache"}, more...)
}

func TestHelpOnEveryCommandExitsZeroAndPrintsUsage(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"build", "serve", "check", "new"} {
		for _, flag := range []string{"--help", "-h"} {
			r := runCLI(cmd, flag)
			if r.code != 0 {
				t.Errorf("%s %s: want exit 0\n%s", cmd, flag, r)
			}
			if !strings.Contains(r.stdout+r.stderr, "Usage: generator "+cmd) {
				t.Errorf("%s %s: no usage\n%s", cmd, flag, r)
			}
		}
	}
	for _, arg := range []string{"help", "--help", "-h"} {
		r := runCLI(arg)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage:") || !strings.Contains(r.stdout, "generator check") {
			t.Errorf("%s: want exit 0 and the command list on stdout\n%s", arg, r)
		}
	}
}

func TestNoArgumentsPrintsUsageAndExitsTwo(t *testing.T) {
	t.Parallel()
	r := runCLI()
	if r.code != 2 || !strings.Contains(r.stderr, "Usage:") {
		t.Errorf("want exit 2 and usage on stderr\n%s", r)
	}
}

func TestVersionPrintsVersion(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"version", "--version"} {
		r := runCLI(arg)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "generator ") || !strings.Contains(r.stdout, runtime.Version()) {
			t.Errorf("%s: want exit 0 and a version line with the Go version\n%s", arg, r)
		}
	}
}

func TestUnknownCommandExitsTwo(t *testing.T) {
	t.Parallel()
	r := runCLI("biuld")
	if r.code != 2 || !strings.Contains(r.stderr, `unknown command "biuld"`) {
		t.Errorf("want exit 2 naming the command\n%s", r)
	}
}

func TestBadFlagOrArgumentExitsTwo(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite)
	for _, args := range [][]string{
		{"build", "--nope"},
		{"check", "--strict=maybe"},
		{"serve", "--port", "eighty"},
		{"new", "--nope", "content/x.md"},
		cliSiteArgs("build", dir, "extra"),
		cliSiteArgs("check", dir, "extra"),
	} {
		r := runCLI(args...)
		if r.code != 2 {
			t.Errorf("%q: want exit 2\n%s", args, r)
		}
		if r.stderr == "" {
			t.Errorf("%q: nothing on stderr", args)
		}
	}
}

func TestOutputHasNoEscapeCodesWithoutColour(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite, cliWarnPage)
	bad := sitetest.FromArchive(t, cliBaseSite, cliBadPage)
	cmds := [][]string{
		cliSiteArgs("build", dir, "--verbose"),
		cliSiteArgs("build", bad),
		cliSiteArgs("check", dir),
		cliSiteArgs("check", bad),
	}
	for _, args := range cmds {
		r := runCLI(args...)
		if strings.Contains(r.stdout+r.stderr, "\x1b[") {
			t.Errorf("%q: escape codes without colour\n%s", args, r)
		}
	}
	// The same commands with colour on do use escape codes, so the check
	// above can fail.
	for _, args := range cmds {
		r := cliEnv{color: true}.run(args...)
		if !strings.Contains(r.stdout+r.stderr, "\x1b[") {
			t.Errorf("%q: no escape codes with colour on\n%s", args, r)
		}
	}
}

func TestNonTerminalIsNotATerminal(t *testing.T) {
	t.Parallel()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, file := range []*os.File{pw, f} {
		if isTerminal(file) {
			t.Errorf("%s: isTerminal = true for a pipe or a regular file", file.Name())
		}
	}
}

func TestColorOnlyOnTerminalsWithoutNoColor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	cases := []struct {
		terminal bool
		getenv   func(string) string
		want     bool
	}{
		{true, env(), true},
		{false, env(), false},
		{true, env("NO_COLOR", "1"), false},
		{true, env("TERM", "dumb"), false},
	}
	for i, c := range cases {
		if got := colorOn(c.terminal, c.getenv); got != c.want {
			t.Errorf("case %d: colorOn = %v, want %v", i, got, c.want)
		}
	}
}
