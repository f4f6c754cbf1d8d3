package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
)

var cliBuiltLine = regexp.MustCompile(`^Built 3 pages and 4 other files in \S+\n$`)

func TestBuildSucceedsWithOneSummaryLine(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite)
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

func TestBuildFailureReportsPositionsAndLeavesOutputUnchanged(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite)
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
	dir := sitetest.FromArchive(t, cliBaseSite, cliBrokenPage)
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

func TestBuildVerbosePrintsCollectionsAndPeakMemory(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite)
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
