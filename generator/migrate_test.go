package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// cliHugoPages are pages written for Hugo and Zola: TOML and JSON front
// matter, their field names, categories, a link under an external prefix.
const cliHugoPages = `
-- content/hugo.md --
+++
title = "From Hugo"
summary = "Written for Hugo."
lastmod = 2024-11-01
categories = ["Moved"]
tags = ["a"]
+++
See [the docs](/doc/install/) and [about](about.md).
-- content/zola.md --
{
  "title": "From Zola",
  "description": "Written for Zola.",
  "taxonomies": {"categories": ["Moved", "Other"]},
  "extra": {"hero": "x.jpg"}
}
Text, [about](@/about.md#who).
`

func TestPagesFromOtherGeneratorsBuildWithTheirTaxonomies(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite, cliHugoPages, "-- content/site.yaml --\ntitle: T\ndescription: D.\nexternal_prefixes: [/doc/]\n")
	if r := runCLI(cliSiteArgs("check", dir, "--strict")...); r.code != 0 {
		t.Fatalf("check: want exit 0\n%s", r)
	}
	if r := runCLI(cliSiteArgs("build", dir)...); r.code != 0 {
		t.Fatalf("build: want exit 0\n%s", r)
	}
	for _, f := range []string{"categories/index.html", "categories/moved/index.html", "categories/other/index.html", "tags/a/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Errorf("missing taxonomy page: %v", err)
		}
	}
	moved, _ := os.ReadFile(filepath.Join(dir, "public", "categories", "moved", "index.html"))
	if !strings.Contains(string(moved), "From Hugo") || !strings.Contains(string(moved), "From Zola") {
		t.Errorf("categories/moved lists the wrong pages:\n%s", moved)
	}
	hugo, _ := os.ReadFile(filepath.Join(dir, "public", "hugo", "index.html"))
	if !strings.Contains(string(hugo), `href="/doc/install/"`) {
		t.Errorf("link under an external prefix not kept:\n%s", hugo)
	}
}

func TestTaxonomiesSettingNamesTheTaxonomies(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite, cliHugoPages, "-- content/site.yaml --\ntitle: T\ndescription: D.\ntaxonomies: [series]\nexternal_prefixes: /doc/\n-- content/s.md --\n---\ntitle: S\ndescription: S.\nseries: [One]\n---\n")
	if r := runCLI(cliSiteArgs("build", dir)...); r.code != 0 {
		t.Fatalf("build: want exit 0\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "series", "one", "index.html")); err != nil {
		t.Errorf("no page for the term: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "tags")); err == nil {
		t.Errorf("tags built although the setting names only series")
	}
}

func TestLinksWarnTurnsBrokenLinksIntoWarnings(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBaseSite, "-- content/moved.md --\n---\ntitle: Moved\ndescription: M.\n---\nSee [docs](/doc/x/) and [install](Install.md).\n")
	r := runCLI(cliSiteArgs("build", dir)...)
	if r.code != 1 || !strings.Contains(r.stderr, "content/moved.md:5:5: error: link to /doc/x/: no page or file has this address") {
		t.Errorf("strict by default: want exit 1 and the error\n%s", r)
	}
	r = runCLI(cliSiteArgs("build", dir, "--links=warn", "--verbose")...)
	if r.code != 0 || !strings.Contains(r.stderr, "content/moved.md:5:5: warning: link to /doc/x/") {
		t.Errorf("--links=warn: want exit 0 and a warning\n%s", r)
	}
	r = runCLI(cliSiteArgs("check", dir, "--links", "warn")...)
	if r.code != 0 || !strings.Contains(r.stderr, "warning: link to Install.md") {
		t.Errorf("check --links warn: want exit 0 and warnings\n%s", r)
	}
	r = runCLI(cliSiteArgs("build", dir, "--links=maybe")...)
	if r.code != 2 || !strings.Contains(r.stderr, "links") {
		t.Errorf("bad --links value: want exit 2 naming the flag\n%s", r)
	}
}

func TestImportConvertsAHugoSiteThatThenBuilds(t *testing.T) {
	t.Parallel()
	src := filepath.Join("importer", "testdata", "hugo")
	dest := filepath.Join(t.TempDir(), "converted")
	r := runCLI("import", "hugo", src, "--dest", dest)
	if r.code != 0 || !strings.Contains(r.stdout, "Imported 6 pages") {
		t.Fatalf("import: want exit 0 and a summary\n%s", r)
	}
	if want := filepath.ToSlash(src) + "/content/about.md:6: front matter field \"type\" not converted"; !strings.Contains(r.stderr, want) {
		t.Errorf("notes should give path:line under SRC, want %q\n%s", want, r)
	}
	if r := runCLI(cliSiteArgs("build", dest)...); r.code != 0 {
		t.Errorf("the converted site does not build\n%s", r)
	}
	if r := runCLI("import", "hugo", src, "--dest", dest); r.code != 1 || !strings.Contains(r.stderr, "not empty") {
		t.Errorf("import into a folder that is not empty: want exit 1\n%s", r)
	}
	if r := runCLI("import", "hugo", src, "--dest", filepath.Join(src, "out")); r.code != 2 || !strings.Contains(r.stderr, "inside") {
		t.Errorf("import into SRC: want exit 2\n%s", r)
	}
	if r := runCLI("import", "jekyll", src); r.code != 2 {
		t.Errorf("unknown kind: want exit 2\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(src, "out")); err == nil {
		t.Errorf("something was written inside SRC")
	}
}
