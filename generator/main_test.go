package main

import (
	"bytes"
	"fmt"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
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

// writeCLISite writes the concatenated txtar archives into a new temporary
// folder and returns it.
func writeCLISite(t *testing.T, archives ...string) string {
	t.Helper()
	_, files := txtar.Parse([]byte(strings.Join(archives, "\n")))
	dir := t.TempDir()
	if err := txtar.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

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
	dir := writeCLISite(t, cliBaseSite)
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

var cliBuiltLine = regexp.MustCompile(`^Built 3 pages and 4 other files in \S+\n$`)

func TestBuildSucceedsWithOneSummaryLine(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	r := runCLI(cliSiteArgs("build", dir, "--base-url", "https://example.org/")...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("want exit 0 and nothing on stderr\n%s", r)
	}
	if !cliBuiltLine.MatchString(r.stdout) {
		t.Errorf("stdout should be one line matching %s\n%s", cliBuiltLine, r)
	}
	about, err := os.ReadFile(filepath.Join(dir, "public", "about", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(about, []byte(`href="#source-src-a"`)) {
		t.Errorf("about/index.html has no citation link:\n%s", about)
	}
	for _, f := range []string{"index.html", "404.html", "sitemap.xml", "atom.xml", "robots.txt"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Errorf("missing output file: %v", err)
		}
	}
}

func TestBuildQuietPrintsNothingOnSuccess(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	r := runCLI(cliSiteArgs("build", dir, "--quiet")...)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("want exit 0 and no output\n%s", r)
	}
}

func TestBuildFailureReportsPositionsAndLeavesOutputUnchanged(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	if r := runCLI(cliSiteArgs("build", dir)...); r.code != 0 {
		t.Fatalf("first build failed\n%s", r)
	}
	index := filepath.Join(dir, "public", "index.html")
	before, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}

	// A new page with a broken citation; its link from home changes index.html.
	_, files := txtar.Parse([]byte(cliBadPage))
	if err := txtar.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	r := runCLI(cliSiteArgs("build", dir)...)
	if r.code != 1 {
		t.Fatalf("want exit 1\n%s", r)
	}
	if r.stdout != "" {
		t.Errorf("a failed build should print nothing on stdout\n%s", r)
	}
	wantLines := []string{
		`content/bad.md:6:6: error: unknown source "nope"`,
		`Build failed: 1 error; the output folder was not changed`,
	}
	if got := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n"); !slices.Equal(got, wantLines) {
		t.Errorf("stderr lines:\n%q\nwant:\n%q", got, wantLines)
	}
	after, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("public/index.html changed although the build failed")
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "bad")); err == nil {
		t.Error("public/bad/ was written although the build failed")
	}
}

func TestBuildReportsEveryErrorNotJustTheFirst(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, cliBrokenPage)
	r := runCLI(cliSiteArgs("build", dir)...)
	if r.code != 1 {
		t.Fatalf("want exit 1\n%s", r)
	}
	for _, want := range []string{
		`content/broken.md:6:5: error: unknown source "nope"`,
		`content/broken.md:8:5: error: link to missing.md: content/missing.md does not exist`,
		`content/broken.md:10:7: error: link about.md#nowhere: content/about.md has no heading or element with id "nowhere"`,
		`Build failed: 3 errors; the output folder was not changed`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q\n%s", want, r)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("public/ was created although the build failed")
	}
}

func TestCheckWithErrorsExitsOne(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, cliBadPage)
	r := runCLI(cliSiteArgs("check", dir)...)
	if r.code != 1 {
		t.Fatalf("want exit 1\n%s", r)
	}
	for _, want := range []string{
		`content/bad.md:6:6: error: unknown source "nope"`,
		`Check failed: 1 error, 0 warnings`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, "::") {
		t.Errorf("GitHub annotations printed outside GitHub Actions\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("check wrote public/")
	}
}

func TestCheckWarningsPassUnlessStrict(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, cliWarnPage)
	r := runCLI(cliSiteArgs("check", dir)...)
	if r.code != 0 || r.stdout != "Check passed: 0 errors, 4 warnings\n" {
		t.Errorf("want exit 0 and a passing summary\n%s", r)
	}
	r = runCLI(cliSiteArgs("check", dir, "--strict")...)
	if r.code != 1 || !strings.Contains(r.stderr, "Check failed: 0 errors, 4 warnings") {
		t.Errorf("--strict: want exit 1 and a failing summary\n%s", r)
	}
}

func TestCheckEditorialWarnings(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, cliWarnPage)
	r := runCLI(cliSiteArgs("check", dir)...)
	for _, want := range []string{
		`content/warn.md:4:1: warning: unknown front matter field "titel" (did you mean "title"?)`,
		`content/warn.md:5:1: warning: review_by date 2000-01-01 has passed: check this page is still accurate, then move the date forward`,
		`content/warn.md:11:1: warning: heading level skipped: "Deep" is a level-4 heading after level 2; use ###`,
		`content/warn.md:13:1: warning: image without alt text: describe the image inside the brackets, ![like this](photo.jpg)`,
	} {
		if !strings.Contains(r.stderr, want+"\n") {
			t.Errorf("stderr lacks\n%s\n%s", want, r)
		}
	}
}

func TestCheckWarnsAboutMissingDescription(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, `
-- content/plain.md --
---
title: Plain
---
Text.
`)
	r := runCLI(cliSiteArgs("check", dir)...)
	if r.code != 0 || !strings.Contains(r.stderr, "content/plain.md:1:1: warning: no description") {
		t.Errorf("want a no-description warning\n%s", r)
	}
}

func TestCheckInGitHubActionsPrintsAnnotations(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, cliBadPage, cliWarnPage)
	r := cliEnv{vars: map[string]string{"GITHUB_ACTIONS": "true"}}.run(cliSiteArgs("check", dir)...)
	if r.code != 1 {
		t.Fatalf("want exit 1\n%s", r)
	}
	for _, want := range []string{
		`::error file=content/bad.md,line=6,col=6::unknown source "nope"`,
		`::warning file=content/warn.md,line=4,col=1::unknown front matter field "titel" (did you mean "title"?)`,
	} {
		if !strings.Contains(r.stdout, want+"\n") {
			t.Errorf("stdout lacks\n%s\n%s", want, r)
		}
	}
	// The plain lines are still on stderr for people reading the log.
	if !strings.Contains(r.stderr, `content/bad.md:6:6: error: unknown source "nope"`) {
		t.Errorf("stderr lacks the plain error line\n%s", r)
	}
}

func TestCheckQuietPrintsNothingOnSuccess(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	r := runCLI(cliSiteArgs("check", dir, "--quiet")...)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("want exit 0 and no output\n%s", r)
	}
}

func TestCheckQuietPrintsOnlyErrors(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, cliWarnPage)
	r := runCLI(cliSiteArgs("check", dir, "--quiet")...)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("a site with only warnings: want exit 0 and no output\n%s", r)
	}
	// With --strict, warnings fail the check: they are printed.
	r = runCLI(cliSiteArgs("check", dir, "--quiet", "--strict")...)
	if r.code != 1 || !strings.Contains(r.stderr, "warning:") {
		t.Errorf("--strict: want exit 1 and the warnings\n%s", r)
	}
}

func TestOutputHasNoEscapeCodesWithoutColour(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite, cliWarnPage)
	bad := writeCLISite(t, cliBaseSite, cliBadPage)
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

func TestNewWritesDraftWithTodaysDate(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	before := time.Now().Format("2006-01-02")
	r := runCLI("new", "content/faq-pensions.md", "--title", "Pensions FAQ", "--source", dir)
	after := time.Now().Format("2006-01-02")
	if r.code != 0 {
		t.Fatalf("want exit 0\n%s", r)
	}
	got, err := os.ReadFile(filepath.Join(dir, "content", "faq-pensions.md"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(got)
	if !strings.HasPrefix(page, "---\ntitle: Pensions FAQ\n") {
		t.Errorf("front matter should start with the title:\n%s", page)
	}
	if !strings.Contains(page, "\ndate: "+before+"\n") && !strings.Contains(page, "\ndate: "+after+"\n") {
		t.Errorf("front matter lacks today's date %s:\n%s", before, page)
	}
	if !strings.Contains(page, "\ndraft: true\n---\n") {
		t.Errorf("front matter lacks draft: true:\n%s", page)
	}
	for _, want := range []string{"Created content/faq-pensions.md", "serve --drafts", "http://127.0.0.1:8080/faq-pensions/"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q\n%s", want, r)
		}
	}
	// A draft is left out, so the site still checks clean.
	if r := runCLI(cliSiteArgs("check", dir)...); r.code != 0 || r.stderr != "" {
		t.Errorf("check after new:\n%s", r)
	}
}

func TestNewMakesTitleAndAddressFromFileName(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	for _, tc := range []struct{ path, title, url string }{
		{"content/pay-and-pensions.md", "Pay and pensions", "http://127.0.0.1:8080/pay-and-pensions/"},
		{"content/guides/_index.md", "Guides", "http://127.0.0.1:8080/guides/"},
		{"content/strikes/hawaii_2022/index.md", "Hawaii 2022", "http://127.0.0.1:8080/strikes/hawaii_2022/"},
	} {
		r := runCLI("new", "--source", dir, tc.path)
		if r.code != 0 || !strings.Contains(r.stdout, tc.url+"\n") {
			t.Errorf("new %s: want exit 0 and %s\n%s", tc.path, tc.url, r)
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.path)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(got), "\ntitle: "+tc.title+"\n") {
			t.Errorf("new %s: want title %q:\n%s", tc.path, tc.title, got)
		}
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	path := filepath.Join(dir, "content", "about.md")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI("new", "content/about.md", "--title", "Other", "--source", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "content/about.md already exists; it was not changed") {
		t.Errorf("want exit 1 and a refusal\n%s", r)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("new changed an existing file")
	}
}

func TestNewRejectsPathsOutsideContent(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	for _, p := range []string{"x.md", "../x.md", "content/../x.md", "content/../../x.md", "layouts/x.md", "content/x.txt", "/tmp/content/x.md"} {
		r := runCLI("new", p, "--source", dir)
		if r.code != 2 || !strings.Contains(r.stderr, "must be a .md file under content/") {
			t.Errorf("new %s: want exit 2 and an explanation\n%s", p, r)
		}
	}
	for _, args := range [][]string{{"new"}, {"new", "content/a.md", "content/b.md"}} {
		if r := runCLI(append(args, "--source", dir)...); r.code != 2 {
			t.Errorf("%q: want exit 2\n%s", args, r)
		}
	}
	// Nothing was written anywhere.
	var written []string
	filepath.WalkDir(filepath.Dir(dir), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) == "x.md" {
			written = append(written, p)
		}
		return nil
	})
	if len(written) > 0 {
		t.Errorf("new wrote %q", written)
	}
}

// cliRepoRoot finds the repository root (the folder holding go.mod).
func cliRepoRoot(t *testing.T) string { return sitecheck.FindRepoRoot(t) }

func TestRepositorySiteChecksCleanAndBuilds(t *testing.T) {
	t.Parallel()
	root := cliRepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "content", "site.yaml")); err != nil {
		t.Skipf("no site in %s: %v", root, err)
	}
	r := runCLI(cliSiteArgs("check", root)...)
	if r.code != 0 || r.stderr != "" || r.stdout != "Check passed: 0 errors, 0 warnings\n" {
		t.Errorf("the site must check with no errors and no warnings (a passed review_by date: re-check the page, then move the date forward)\n%s", r)
	}
	dest := filepath.Join(t.TempDir(), "public")
	r = runCLI(cliSiteArgs("build", root, "--dest", dest, "--base-url", "https://example.org/kp/", "--quiet")...)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("the site must build\n%s", r)
	}
	for _, f := range []string{"index.html", "404.html", "sitemap.xml", "atom.xml", "robots.txt"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("missing output file: %v", err)
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

func TestBuildVerbosePrintsCollectionsAndPeakMemory(t *testing.T) {
	t.Parallel()
	dir := writeCLISite(t, cliBaseSite)
	r := runCLI(cliSiteArgs("build", dir, "--verbose")...)
	if r.code != 0 {
		t.Fatalf("build failed\n%s", r)
	}
	re := regexp.MustCompile(`(?m)^  memory: \d+ garbage collections?, peak heap \d+ MiB(, peak resident \d+ MiB)?$`)
	if !re.MatchString(r.stdout) {
		t.Errorf("no memory line in --verbose output\n%s", r)
	}
	if q := runCLI(cliSiteArgs("build", dir)...); strings.Contains(q.stdout, "memory:") {
		t.Errorf("memory line without --verbose\n%s", q)
	}
}
