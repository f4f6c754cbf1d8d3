package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func TestCheckWithErrorsExitsOne(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite, cliBadPage)
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
	dir := sitetest.FromArchive(t, cliBaseSite, cliWarnPage)
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
	dir := sitetest.FromArchive(t, cliBaseSite, cliWarnPage)
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
	dir := sitetest.FromArchive(t, cliBaseSite, `
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
	dir := sitetest.FromArchive(t, cliBaseSite, cliBadPage, cliWarnPage)
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

func TestBuildAndCheckQuietPrintNothingOnSuccess(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite)
	for _, cmd := range []string{"build", "check"} {
		r := runCLI(cliSiteArgs(cmd, dir, "--quiet")...)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Errorf("%s --quiet: want exit 0 and no output\n%s", cmd, r)
		}
	}
}

func TestCheckQuietPrintsOnlyErrors(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite, cliWarnPage)
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
