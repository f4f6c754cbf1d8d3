package sitecheck

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// needVNU returns the path of vnu.jar, or skips the test (fails it in CI)
// when Java or vnu.jar is missing.
func needVNU(t *testing.T) string {
	t.Helper()
	_, err := exec.LookPath("java")
	NeedTool(t, err == nil, "java not found (the Nu HTML checker needs it)")
	jar := filepath.Join(FindRepoRoot(t), VNUJar)
	NeedTool(t, FileExists(jar), "vnu.jar not found at %s (`npm ci --prefix .ci`)", VNUJar)
	return jar
}

// TestBuiltSiteIsValidHTML builds the repository's site and runs the Nu HTML
// checker over it: every HTML file must be free of errors.
func TestBuiltSiteIsValidHTML(t *testing.T) {
	jar := needVNU(t)
	_, dir := BuildRealSite(t)
	msgs, err := RunVNU(t.Context(), jar, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		t.Errorf("%s", m.Format(dir))
	}
	if len(msgs) > 0 {
		t.Logf("%d errors from the Nu HTML checker (paths are relative to the built site)", len(msgs))
	}
}

// TestNuCheckerReportsFileAndLine shows that RunVNU reports an error in an
// invalid page with its path and line, and nothing for a valid page.
func TestNuCheckerReportsFileAndLine(t *testing.T) {
	jar := needVNU(t)
	dir := t.TempDir()
	write := func(name, html string) { sitetest.Write(t, dir, map[string]string{name: html}) }
	write("index.html", fixturePages["index.html"])
	write("bad/index.html", "<!doctype html>\n<html lang=\"en\">\n<head><title>Bad</title></head>\n<body>\n<p><div>block in a paragraph</p>\n</body>\n</html>\n")
	write("style.css", "this is { not html")

	msgs, err := RunVNU(t.Context(), jar, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 {
		t.Fatal("no messages for bad/index.html")
	}
	atLine5 := false
	for _, m := range msgs {
		got := m.Format(dir)
		if !strings.HasPrefix(got, "bad/index.html:") {
			t.Errorf("message %q, want only messages for bad/index.html", got)
		}
		atLine5 = atLine5 || strings.HasPrefix(got, "bad/index.html:5:")
	}
	if !atLine5 {
		t.Errorf("no message at bad/index.html:5 (the stray </p>) in %+v", msgs)
	}
}
