package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

const cliScheduledPage = `
-- content/site.yaml --
title: Test site
description: A site for tests.
timezone: America/Los_Angeles
-- content/embargoed.md --
---
title: Embargoed
description: Out on Dec. 1.
publish_at: 2026-12-01 06:00
---
Later.
`

// TestAsOfDecidesWhatIsPublished builds one site at two times: before
// publish_at the page is absent and --verbose says when it goes out; check
// lists it as upcoming; after publish_at it is built.
func TestAsOfDecidesWhatIsPublished(t *testing.T) {
	dir := sitetest.FromArchive(t, cliBaseSite, cliScheduledPage)
	dest := filepath.Join(t.TempDir(), "public")
	r := runCLI(cliSiteArgs("build", dir, "--dest", dest, "--verbose", "--as-of", "2026-12-01 05:59")...)
	if r.code != 0 {
		t.Fatalf("build before publish_at: %s", r)
	}
	if _, err := os.Stat(filepath.Join(dest, "embargoed", "index.html")); err == nil {
		t.Error("the embargoed page was built before its publish_at")
	}
	for _, want := range []string{"waiting: content/embargoed.md until 2026-12-01 06:00 PST", "next change to the published pages: 2026-12-01 06:00 PST"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("build --verbose does not say %q:\n%s", want, r)
		}
	}
	r = runCLI(cliSiteArgs("check", dir, "--as-of", "2026-12-01T13:59:00Z")...)
	if r.code != 0 || !strings.Contains(r.stdout, "Upcoming: content/embargoed.md publishes 2026-12-01 06:00 PST") {
		t.Errorf("check does not list the upcoming page:\n%s", r)
	}
	r = runCLI(cliSiteArgs("build", dir, "--dest", dest, "--as-of", "2026-12-01T14:00:00Z")...)
	if r.code != 0 {
		t.Fatalf("build after publish_at: %s", r)
	}
	if _, err := os.Stat(filepath.Join(dest, "embargoed", "index.html")); err != nil {
		t.Errorf("the page was not built after its publish_at: %v", err)
	}
	if r := runCLI(cliSiteArgs("build", dir, "--dest", dest, "--as-of", "tomorrow")...); r.code != 2 || !strings.Contains(r.stderr, `"tomorrow" is not a time`) {
		t.Errorf("a bad --as-of: %s", r)
	}
}

// TestBuildWithoutBaseURLWritesNoFeedsAndSaysWhy: relative <loc> and
// <id> are invalid, so without a base URL there is no sitemap.xml and no
// feed, and the build says why, once.
func TestBuildWithoutBaseURLWritesNoFeedsAndSaysWhy(t *testing.T) {
	dir := sitetest.FromArchive(t, cliBaseSite)
	r := runCLI(cliSiteArgs("build", dir)...)
	if r.code != 0 {
		t.Fatal(r)
	}
	if n := strings.Count(r.stderr, "no base URL, so sitemap.xml and the Atom feeds were not written"); n != 1 {
		t.Errorf("the build says why %d times, want once:\n%s", n, r)
	}
	for _, f := range []string{"sitemap.xml", "atom.xml"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err == nil {
			t.Errorf("%s written without a base URL", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "robots.txt")); err != nil {
		t.Errorf("robots.txt: %v", err)
	}
}

// gitCommitAll commits everything in dir as a new repository, with the
// given committer date.
func gitCommitAll(t *testing.T, dir, date string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-q", "-m", "pages"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=Editor", "-c", "user.email=e@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1", "GIT_COMMITTER_DATE="+date, "GIT_AUTHOR_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

const cliGitSite = `
-- content/site.yaml --
title: Test site
updated_from_git: true
-- content/a.md --
---
title: A
date: 2024-01-01
---
A.
-- content/b.md --
---
title: B
date: 2024-01-01
updated: 2024-02-02
---
B.
-- layouts/page.html --
<p>updated {{ isodate .Updated }}</p>
-- layouts/section.html --
{{ .Title }}
`

// TestUpdatedFromGitFillsUpdatedFromTheLastCommit: with updated_from_git,
// a page without updated: takes its last commit's time; one with it keeps
// its own. check --since then runs against the repository.
func TestUpdatedFromGitFillsUpdatedFromTheLastCommit(t *testing.T) {
	dir := sitetest.FromArchive(t, cliGitSite)
	gitCommitAll(t, dir, "2026-03-04T05:06:07Z")
	if r := runCLI(cliSiteArgs("build", dir, "--quiet")...); r.code != 0 {
		t.Fatal(r)
	}
	for page, want := range map[string]string{"a": "updated 2026-03-04T05:06:07Z", "b": "updated 2024-02-02"} {
		b, err := os.ReadFile(filepath.Join(dir, "public", page, "index.html"))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s: want %q in\n%s", page, want, b)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "b.md"), []byte("---\ntitle: B\ndate: 2024-01-01\nupdated: 2024-02-02\n---\nB, changed.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(cliSiteArgs("check", dir, "--since", "HEAD")...)
	if !strings.Contains(r.stderr, "content/b.md:4:10: warning: the text changed since HEAD, but updated: did not") {
		t.Errorf("check --since does not warn about b.md:\n%s", r)
	}
	if r := runCLI(cliSiteArgs("check", dir, "--since", "nope")...); r.code != 2 {
		t.Errorf("check --since with an unknown revision: %s", r)
	}
}

// TestCheckSinceOutsideARepositorySaysSoOnce: without a repository,
// check --since says so once and checks the rest.
func TestCheckSinceOutsideARepositorySaysSoOnce(t *testing.T) {
	dir := sitetest.FromArchive(t, cliBaseSite)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	r := runCLI(cliSiteArgs("check", dir, "--since", "main")...)
	if r.code != 0 || strings.Count(r.stderr, "--since skipped") != 1 {
		t.Errorf("want one note and a passing check:\n%s", r)
	}
}

// TestCachedBuildSeesANewCommitTime: a page's updated time from git is
// not in its file, so the render cache must see it change: after the last
// commit is given another date (the files unchanged), a build with the
// caches of the one before shows the new time. The build after that
// writes every page from the render cache, and says so.
func TestCachedBuildSeesANewCommitTime(t *testing.T) {
	// b's updated: is after both commits, so the site's last update does
	// not change: only a's own time does.
	dir := sitetest.FromArchive(t, strings.Replace(cliGitSite, "updated: 2024-02-02", "updated: 2027-02-02", 1))
	gitCommitAll(t, dir, "2026-03-04T05:06:07Z")
	cache := t.TempDir()
	build := func(want string, more ...string) cliResult {
		t.Helper()
		r := runCLI(append([]string{"build", "--source", dir, "--cache-dir", cache}, more...)...)
		if r.code != 0 {
			t.Fatal(r)
		}
		b, err := os.ReadFile(filepath.Join(dir, "public", "a", "index.html"))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("a: want %q in\n%s", want, b)
		}
		return r
	}
	build("updated 2026-03-04T05:06:07Z", "--quiet")
	build("updated 2026-03-04T05:06:07Z", "--quiet") // a first build keeps no rendered page
	cmd := exec.Command("git", "-c", "user.name=Editor", "-c", "user.email=e@example.org", "-c", "commit.gpgsign=false", "commit", "-q", "--amend", "--no-edit", "--reset-author")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1", "GIT_COMMITTER_DATE=2026-05-06T07:08:09Z", "GIT_AUTHOR_DATE=2026-05-06T07:08:09Z")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit --amend: %v\n%s", err, out)
	}
	build("updated 2026-05-06T07:08:09Z", "--quiet")
	r := build("updated 2026-05-06T07:08:09Z", "--verbose")
	if !strings.Contains(r.stdout, "  render: 0 pages rendered, 4 from the cache\n") {
		t.Errorf("build --verbose with nothing changed does not say every page came from the render cache:\n%s", r.stdout)
	}
}
