package history

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gitRepo makes a repository whose site lives in its folder "site", and
// returns a function running git in it.
func gitRepo(t *testing.T) (top, site string, run func(args ...string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	top = t.TempDir()
	site = filepath.Join(top, "site")
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	run = func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=Editor", "-c", "user.email=e@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = top
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	return top, site, run
}

func write(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestStaleUpdatedWarnsAtTheUpdatedLine: a page whose text changed since
// the revision while updated: stayed gets a warning at updated:; a page
// whose updated: moved, one whose front matter alone changed and a new
// page get none; a page without updated: is reported at its top.
func TestStaleUpdatedWarnsAtTheUpdatedLine(t *testing.T) {
	_, site, run := gitRepo(t)
	write(t, site, "content/stale.md", "---\ntitle: Stale\nupdated: 2026-01-01\n---\nOld text.\n")
	write(t, site, "content/fresh.md", "---\ntitle: Fresh\nupdated: 2026-01-01\n---\nOld text.\n")
	write(t, site, "content/meta.md", "---\ntitle: Meta\nupdated: 2026-01-01\n---\nSame text.\n")
	write(t, site, "content/none.md", "---\ntitle: None\n---\nOld text.\n")
	run("add", ".")
	run("commit", "-q", "-m", "first")
	run("tag", "v1")
	write(t, site, "content/stale.md", "---\ntitle: Stale\nupdated: 2026-01-01\n---\nNew text.\n")
	write(t, site, "content/fresh.md", "---\ntitle: Fresh\nupdated: 2026-02-01\n---\nNew text.\n")
	write(t, site, "content/meta.md", "---\ntitle: Meta, renamed\nupdated: 2026-01-01\n---\nSame text.\n")
	write(t, site, "content/none.md", "---\ntitle: None\n---\nNew text.\n")
	write(t, site, "content/new.md", "---\ntitle: New\n---\nText.\n")
	run("add", ".")
	run("commit", "-q", "-m", "second")
	write(t, site, "content/fresh.md", "---\ntitle: Fresh\nupdated: 2026-02-01\n---\nNewer text, not committed.\n")

	repo, err := Open(site)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := repo.StaleUpdated("v1", os.DirFS(site))
	if err != nil {
		t.Fatal(err)
	}
	ds.Sort()
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		"content/none.md:1:1: warning: the text changed since v1, but the page has no updated: line: if facts changed, add updated: with the day of the change",
		"content/stale.md:3:10: warning: the text changed since v1, but updated: did not: if facts changed, set updated: to the day of the change",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := repo.StaleUpdated("no-such-ref", os.DirFS(site)); err == nil {
		t.Error("an unknown revision gave no error")
	}
	if _, err := repo.StaleUpdated("--output=x", os.DirFS(site)); err == nil {
		t.Error("an option as revision gave no error")
	}
}

func TestOpenOutsideARepositoryIsErrNoRepo(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(t.TempDir()))
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNoRepo) {
		t.Errorf("got %v, want ErrNoRepo", err)
	}
}

func TestLastCommitsGivesEachPageItsNewestCommit(t *testing.T) {
	_, site, run := gitRepo(t)
	t.Setenv("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
	write(t, site, "content/a.md", "---\ntitle: A\n---\nA.\n")
	write(t, site, "content/b.md", "---\ntitle: B\n---\nB.\n")
	run("add", ".")
	run("commit", "-q", "-m", "first")
	t.Setenv("GIT_COMMITTER_DATE", "2026-03-04T05:06:07Z")
	write(t, site, "content/a.md", "---\ntitle: A\n---\nA again.\n")
	run("commit", "-q", "-am", "second")
	repo, err := Open(site)
	if err != nil {
		t.Fatal(err)
	}
	times, err := repo.LastCommits()
	if err != nil {
		t.Fatal(err)
	}
	if got := times["content/a.md"]; !got.Equal(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)) {
		t.Errorf("a.md: %v", got)
	}
	if got := times["content/b.md"]; !got.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("b.md: %v", got)
	}
}
