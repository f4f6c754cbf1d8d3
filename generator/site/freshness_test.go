package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/translation"
)

const freshSite = `
-- content/site.yaml --
title: Fresh
languages:
  - {code: en, name: English}
  - {code: es, name: Español}
-- content/settlement.md --
---
title: Settlement
description: The deal.
date: 2026-11-01
updated: 2026-11-20
---
Kaiser agreed to pay.
-- content/es/acuerdo.md --
---
title: Acuerdo
description: El trato.
translation_of: settlement.md
date: 2026-11-01
---
Kaiser acordó pagar.
-- layouts/page.html --
{{ .Title }}
-- layouts/section.html --
{{ .Title }}
`

// setHash runs what new --refresh does on a translation of the fixture.
func setHash(t *testing.T, dir, rel string) {
	t.Helper()
	orig, _ := os.ReadFile(filepath.Join(dir, "content/settlement.md"))
	h, err := translation.Hash("content/settlement.md", orig)
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(filepath.Join(dir, rel))
	out, err := translation.SetHash(rel, src, h)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, rel), out, 0o644)
}

func translationWarnings(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(diagLines(Check(Options{Source: dir, NoCache: true}, testNow)), "\n") {
		if strings.HasPrefix(l, "content/es/") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestCheckWarnsWhenTheOriginalChangesAfterTheTranslation: no hash is a
// warning telling how to add it; a current hash is quiet; a text edit of
// the original makes a warning at translation_hash with the file's date,
// and a front matter edit that is not text does not.
func TestCheckWarnsWhenTheOriginalChangesAfterTheTranslation(t *testing.T) {
	dir := sitetest.FromArchive(t, freshSite)
	want := "content/es/acuerdo.md:4:1: warning: this translation does not record which version of content/settlement.md it translates: once it matches the original, run generator new --refresh content/es/acuerdo.md (it adds translation_hash)"
	if got := translationWarnings(t, dir); got != want {
		t.Errorf("no hash:\n%s\nwant\n%s", got, want)
	}
	setHash(t, dir, "content/es/acuerdo.md")
	if got := translationWarnings(t, dir); got != "" {
		t.Errorf("a current translation: %s", got)
	}
	orig := filepath.Join(dir, "content/settlement.md")
	src, _ := os.ReadFile(orig)
	os.WriteFile(orig, []byte(strings.Replace(string(src), "updated: 2026-11-20", "updated:   2026-11-21\ntags: [x]", 1)), 0o644)
	if got := translationWarnings(t, dir); got != "" {
		t.Errorf("an edit of other fields: %s", got)
	}
	os.WriteFile(orig, []byte(strings.Replace(string(src), "agreed to pay", "agreed to pay $50 million", 1)), 0o644)
	got := translationWarnings(t, dir)
	want = "content/es/acuerdo.md:5:1: warning: the English original content/settlement.md changed on or before Nov. 20, 2026 (its updated: date; the site is not in git, or the file is not committed) since this translation: update the translation to match, then run generator new --refresh content/es/acuerdo.md"
	if got != want {
		t.Errorf("after an edit of the original:\n%s\nwant\n%s", got, want)
	}
}

// TestStaleTranslationDateComesFromGit: in a git repository the date is
// that of the original's last commit.
func TestStaleTranslationDateComesFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := sitetest.FromArchive(t, freshSite)
	setHash(t, dir, "content/es/acuerdo.md")
	git := func(date string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("2026-11-01T10:00:00Z", "init", "-q")
	git("2026-11-01T10:00:00Z", "add", ".")
	git("2026-11-01T10:00:00Z", "commit", "-qm", "first")
	orig := filepath.Join(dir, "content/settlement.md")
	src, _ := os.ReadFile(orig)
	os.WriteFile(orig, []byte(strings.Replace(string(src), "agreed to pay", "agreed to pay twice", 1)), 0o644)
	git("2026-11-29T10:00:00Z", "commit", "-qam", "second")
	got := translationWarnings(t, dir)
	if !strings.Contains(got, "content/es/acuerdo.md:5:1: warning: the English original content/settlement.md changed on Nov. 29, 2026 (its last git commit) since this translation") {
		t.Errorf("got %s", got)
	}
}
