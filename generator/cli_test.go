package main

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func TestHelpCommandPrintsOptionsDescriptionAndExamplesToStdout(t *testing.T) {
	t.Parallel()
	for _, name := range commandNames() {
		for _, args := range [][]string{{"help", name}, {name, "--help"}} {
			if name == "help" && len(args) == 2 && args[1] == "--help" {
				continue
			}
			r := runCLI(args...)
			if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "Usage: generator "+name) {
				t.Errorf("%q: want exit 0 and help on stdout only\n%s", args, r)
			}
		}
	}
	r := runCLI("help", "check")
	for _, want := range []string{"Options:", "  --only KIND", "  --strict ", "Examples:", "generator check --only links"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help check lacks %q\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, "\n  -only") {
		t.Errorf("options must be written --name\n%s", r)
	}
}

func TestMistakesGetDidYouMeanAndBlameTheFlag(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"biuld"}, `unknown command "biuld" (did you mean "build"?)`},
		{[]string{"help", "serv"}, `unknown command "serv" (did you mean "serve"?)`},
		{[]string{"build", "--sorce", "x"}, "unknown option --sorce (did you mean --source?)"},
		{[]string{"serve", "--prot", "1"}, "unknown option --prot (did you mean --port?)"},
		{[]string{"serve", "--port", "eighty"}, `--port "eighty": not a number`},
		{[]string{"check", "--strict=maybe"}, `--strict "maybe": write true or false`},
		{[]string{"check", "--only", "linkz"}, `--only "linkz": must be one of`},
		{[]string{"build", "--links", "loose"}, `--links "loose": must be strict or warn`},
		{[]string{"build", "--source"}, "--source needs a value: --source DIR"},
	}
	for _, c := range cases {
		r := runCLI(c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: want exit 2 and %q\n%s", c.args, c.want, r)
		}
		if strings.Contains(r.stderr, "content/") || strings.Contains(r.stdout, "Usage:") {
			t.Errorf("%q: the message should be about the command line only\n%s", c.args, r)
		}
	}
}

func TestCommandsFindTheSiteFromAnyFolderInside(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite, "-- content/guide/deep/page.md --\n---\ntitle: Deep\ndescription: D.\n---\nText.\n")
	inside := filepath.Join(dir, "content", "guide", "deep")
	e := cliEnv{}
	for _, cmd := range []string{"build", "check"} {
		r := e.runIn(inside, cmd, "--no-cache")
		if r.code != 0 {
			t.Errorf("%s from %s: want exit 0\n%s", cmd, inside, r)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "guide", "deep", "page", "index.html")); err != nil {
		t.Errorf("build from a folder inside did not build the site: %v", err)
	}
	outside := t.TempDir()
	r := e.runIn(outside, "build", "--no-cache")
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "is not inside a site") {
		t.Errorf("outside a site: want exit 2 and one sentence\n%s", r)
	}
	r = e.runIn(outside, "check", "--source", outside)
	if r.code != 2 || !strings.Contains(r.stderr, "--source "+outside+": there is no content/site.yaml") {
		t.Errorf("--source without a site: want exit 2 blaming --source\n%s", r)
	}
	r = e.runIn(inside, "new", "extra.md")
	if r.code != 0 || !strings.Contains(r.stdout, "content/guide/deep/extra.md") {
		t.Errorf("new from inside content/: want the page beside the working folder\n%s", r)
	}
}

// runIn runs a command line with dir as the working folder.
func (in cliEnv) runIn(dir string, args ...string) cliResult {
	var stdout, stderr cliBuffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return in.vars[k] }, dir: dir}
	code := run(e, args)
	return cliResult{code, stdout.String(), stderr.String()}
}

func TestColourIsDecidedPerStream(t *testing.T) {
	t.Parallel()
	bad := sitetest.FromArchive(t, cliBaseSite, cliBadPage, cliWarnPage)
	var stdout, stderr cliBuffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, color: true, outColor: false}
	run(e, cliSiteArgs("check", bad, "--format", "text"))
	if !strings.Contains(stderr.String(), "\x1b[") {
		t.Errorf("stderr is a terminal: want colour\n%s", stderr.String())
	}
	ok := sitetest.FromArchive(t, cliBaseSite)
	stdout, stderr = cliBuffer{}, cliBuffer{}
	e = &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, color: true, outColor: false}
	run(e, cliSiteArgs("build", ok))
	if strings.Contains(stdout.String(), "\x1b[") {
		t.Errorf("stdout is a file: want no colour\n%s", stdout.String())
	}
	for _, env := range []map[string]string{{"NO_COLOR": "1"}, {"TERM": "dumb"}} {
		if colorOn(true, func(k string) string { return env[k] }) {
			t.Errorf("%v: colour on", env)
		}
	}
}

func TestNewRefusesPathsThatWouldNotBePagesAndSlugifies(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite)
	for _, p := range []string{"content/.hidden.md", "content/.notes/a.md", "content/_drafts/a.md", "content/_x.md", "content/data/a.md", "content/index.md"} {
		r := runCLI("new", p, "--source", dir)
		if r.code != 2 || !strings.Contains(r.stderr, "would not be a page") {
			t.Errorf("new %s: want exit 2 saying it would not be a page\n%s", p, r)
		}
	}
	r := runCLI("new", "content/Questions fréquentes sur la grève.md", "--source", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "content/questions-frequentes-sur-la-greve.md") || !strings.Contains(r.stdout, "http://127.0.0.1:8080/questions-frequentes-sur-la-greve/") {
		t.Fatalf("new with spaces and accents: want a clean slug and its address\n%s", r)
	}
	b, err := os.ReadFile(filepath.Join(dir, "content", "questions-frequentes-sur-la-greve.md"))
	if err != nil || !strings.Contains(string(b), "title: Questions fréquentes sur la grève") {
		t.Errorf("the title keeps the words as written: %v\n%s", err, b)
	}
	if r := runCLI("new", "content/_index.md", "--source", dir); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("new content/_index.md is allowed (and here exists)\n%s", r)
	}
}

func TestCompletionScriptsListCommandsAndOptions(t *testing.T) {
	t.Parallel()
	for _, sh := range []string{"bash", "zsh", "fish"} {
		r := runCLI("completion", sh)
		if r.code != 0 || !strings.Contains(r.stdout, "build serve check new import") || !strings.Contains(r.stdout, "links") || !strings.Contains(r.stdout, "base-url") {
			t.Errorf("completion %s: want commands and options\n%s", sh, r)
		}
	}
	if r := runCLI("completion", "bsh"); r.code != 2 || !strings.Contains(r.stderr, `(did you mean "bash"?)`) {
		t.Errorf("unknown shell: want exit 2 and a suggestion\n%s", r)
	}
}

func TestCheckSummaryJSONAndOnly(t *testing.T) {
	t.Parallel()
	var pages strings.Builder
	for i := range 12 {
		pages.WriteString("-- content/p" + strconv.Itoa(i) + ".md --\n---\ntitle: P\n---\nA [broken](nope.md) link and [@nope].\n")
	}
	dir := sitetest.FromArchive(t, cliBaseSite, pages.String())
	r := runCLI(cliSiteArgs("check", dir)...)
	for _, want := range []string{"By kind: links 12, citations 12, front-matter 12", "Files with the most problems:", "  … and 2 more files", "Check failed: 24 errors, 12 warnings"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("summary lacks %q\n%s", want, r)
		}
	}
	r = runCLI(cliSiteArgs("check", dir, "--only", "links")...)
	if r.code != 1 || strings.Count(r.stderr, ": error: link to nope.md") != 12 || strings.Contains(r.stderr, "unknown source") || !strings.Contains(r.stderr, "(only links)") {
		t.Errorf("--only links\n%s", r)
	}
	r = runCLI(cliSiteArgs("check", dir, "--only", "warnings")...)
	if r.code != 0 || strings.Contains(r.stderr, ": error:") || !strings.Contains(r.stderr, "no description") {
		t.Errorf("--only warnings: want exit 0 and warnings only\n%s", r)
	}
	r = runCLI(cliSiteArgs("check", dir, "--format", "json")...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.stderr != "" {
		t.Fatalf("--format json: want one JSON document on stdout only: %v\n%s", err, r)
	}
	if r.code != 1 || rep.Passed || rep.Errors != 24 || rep.Warnings != 12 || rep.Problems[0].Path == "" || rep.Problems[0].Kind == "" {
		t.Errorf("--format json: %+v\n%s", rep, r)
	}
}

func TestServeTakesTheNextPortAndOpensTheBrowser(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	first := busy.Addr().(*net.TCPAddr).Port
	dir := sitetest.FromArchive(t, cliBaseSite)
	ctx, cancel := context.WithCancel(context.Background())
	opened := make(chan string, 1)
	var stdout, stderr cliBuffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, ctx: ctx, firstPort: first,
		opener: func(u string) error { opened <- u; return nil }}
	done := make(chan int, 1)
	go func() { done <- run(e, cliSiteArgs("serve", dir, "--open")) }()
	var u string
	select {
	case u = <-opened:
	case <-time.After(20 * time.Second):
		t.Fatalf("the browser was not opened\n%s%s", stdout.String(), stderr.String())
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if want := "Port " + strconv.Itoa(first) + " is in use; using port "; !strings.Contains(stdout.String(), want) {
		t.Errorf("want %q\n%s", want, stdout.String())
	}
	if !strings.HasPrefix(u, "http://127.0.0.1:") || strings.Contains(u, ":"+strconv.Itoa(first)+"/") {
		t.Errorf("opened %q, want the port actually used", u)
	}
}

func TestServeOnEveryInterfacePrintsLocalhostAndNetworkAddresses(t *testing.T) {
	t.Parallel()
	addrs, _ := net.InterfaceAddrs()
	var lan string
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() && ipn.IP.To4() != nil {
			lan = ipn.IP.String()
		}
	}
	dir := sitetest.FromArchive(t, cliBaseSite)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr cliBuffer
	opened := make(chan string, 1)
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, ctx: ctx,
		opener: func(u string) error { opened <- u; return nil }}
	done := make(chan int, 1)
	go func() { done <- run(e, cliSiteArgs("serve", dir, "--bind", "0.0.0.0", "--port", "0", "--open")) }()
	select {
	case <-opened:
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not start\n%s%s", stdout.String(), stderr.String())
	}
	cancel()
	<-done
	if !strings.Contains(stdout.String(), "at http://localhost:") {
		t.Errorf("want the localhost address\n%s", stdout.String())
	}
	if lan != "" && !strings.Contains(stdout.String(), "on your network: http://"+lan+":") {
		t.Errorf("want the network address %s\n%s", lan, stdout.String())
	}
}
