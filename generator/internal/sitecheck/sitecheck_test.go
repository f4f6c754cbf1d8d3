package sitecheck

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func TestRepoRootWalksUpToGoMod(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "generator", "internal", "x")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{root, deep} {
		got, err := RepoRoot(dir)
		if err != nil || got != root {
			t.Errorf("RepoRoot(%s) = %q, %v; want %q", dir, got, err, root)
		}
	}
}

func TestFindRepoRootIsThisModule(t *testing.T) {
	root := FindRepoRoot(t)
	if !FileExists(filepath.Join(root, "generator", "internal", "sitecheck", "sitecheck.go")) {
		t.Errorf("FindRepoRoot = %s, which does not hold this package", root)
	}
}

func TestIsRedirectPage(t *testing.T) {
	for html, want := range map[string]bool{
		`<meta http-equiv="refresh" content="0; url=/x/">`: true,
		`<META HTTP-EQUIV=Refresh CONTENT="0;URL=/x/">`:    true,
		`<meta charset="utf-8" http-equiv='refresh'>`:      true,
		`<meta name="description" content="refresh rate">`: false,
		`<p>Use &lt;meta http-equiv="refresh"&gt;.</p>`:    false,
	} {
		if got := IsRedirectPage([]byte(html)); got != want {
			t.Errorf("IsRedirectPage(%s) = %v, want %v", html, got, want)
		}
	}
}

func TestHTMLPagesListsPagesSortedWithoutRedirects(t *testing.T) {
	dir := sitetest.FromMap(t, fixturePages)
	if err := os.WriteFile(filepath.Join(dir, "feed.xml"), []byte("<feed/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := HTMLPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"below-fold/index.html", "console/index.html", "dark-contrast/index.html", "es/index.html", "index.html",
		"lang/index.html", "missing-css/index.html", "nav3/index.html", "no-alt/index.html", "small-cite/index.html",
		"small-lang/index.html", "wide/index.html"}
	if !slices.Equal(got, want) {
		t.Errorf("HTMLPages = %q, want %q", got, want)
	}
}

func TestPageURLUsesDirectoryURLs(t *testing.T) {
	for rel, want := range map[string]string{
		"index.html":     "http://h/",
		"a/b/index.html": "http://h/a/b/",
		"404.html":       "http://h/404.html",
	} {
		if got := PageURL("http://h/", rel); got != want {
			t.Errorf("PageURL(%q) = %q, want %q", rel, got, want)
		}
	}
}
