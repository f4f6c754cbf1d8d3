package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func TestNewWritesDraftWithTodaysDate(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite)
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
	dir := sitetest.FromArchive(t, cliBaseSite)
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
	dir := sitetest.FromArchive(t, cliBaseSite)
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
	dir := sitetest.FromArchive(t, cliBaseSite)
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
