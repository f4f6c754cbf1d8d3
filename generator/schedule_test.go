package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	dir := writeCLISite(t, cliBaseSite, cliScheduledPage)
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
	dir := writeCLISite(t, cliBaseSite)
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
