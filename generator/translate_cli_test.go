package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/translation"
)

const cliBilingual = `
-- content/site.yaml --
title: Test site
languages:
  - {code: en, name: English}
  - {code: es, name: Español}
-- content/settlement.md --
---
title: The settlement
description: What Kaiser agreed to.
date: 2023-10-12
slug: deal
weight: 2
---
Kaiser agreed to pay [@dmhc].
-- content/guide/_index.md --
---
title: Guide
---
A guide.
`

// TestNewTranslateCreatesTheTranslationAndRefreshMarksItCurrent runs new
// --translate and new --refresh as an editor would.
func TestNewTranslateCreatesTheTranslationAndRefreshMarksItCurrent(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBilingual)
	r := runCLI("new", "--source", dir, "--translate", "es", "content/settlement.md", "--slug", "Acuerdo de conciliación")
	if r.code != 0 || !strings.Contains(r.stdout, "Created content/es/acuerdo-de-conciliacion.md") || !strings.Contains(r.stdout, "/es/acuerdo-de-conciliacion/") {
		t.Fatalf("new --translate: want exit 0 and the file's name and address\n%s", r)
	}
	file := filepath.Join(dir, "content/es/acuerdo-de-conciliacion.md")
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(filepath.Join(dir, "content/settlement.md"))
	hash, _ := translation.Hash("content/settlement.md", orig)
	want := "---\ntitle: The settlement\ndescription: What Kaiser agreed to.\ntranslation_of: settlement.md\ntranslation_hash: " + hash +
		"\ndate: 2023-10-12\nweight: 2\ndraft: true\n---\nKaiser agreed to pay [@dmhc].\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// Nothing is overwritten without --force.
	os.WriteFile(file, []byte(strings.Replace(want, "Kaiser agreed to pay", "Kaiser acordó pagar", 1)), 0o644)
	r = runCLI("new", "--source", dir, "--translate", "es", "content/settlement.md", "--slug", "acuerdo-de-conciliacion")
	if r.code != 1 || !strings.Contains(r.stderr, "already exists; it was not changed") {
		t.Errorf("an existing translation: want exit 1 and a refusal\n%s", r)
	}
	if b, _ := os.ReadFile(file); !strings.Contains(string(b), "Kaiser acordó pagar") {
		t.Error("the existing translation was changed")
	}

	// The original changes; --refresh rewrites the hash line only.
	os.WriteFile(filepath.Join(dir, "content/settlement.md"), []byte(strings.Replace(string(orig), "pay", "pay $50 million", 1)), 0o644)
	before, _ := os.ReadFile(file)
	r = runCLI("new", "--source", dir, "--translate", "es", "--refresh", "content/es/acuerdo-de-conciliacion.md")
	if r.code != 0 || !strings.Contains(r.stdout, "marked current") {
		t.Fatalf("--refresh: want exit 0\n%s", r)
	}
	after, _ := os.ReadFile(file)
	newHash, _ := translation.Hash("x", []byte(strings.Replace(string(orig), "pay", "pay $50 million", 1)))
	if string(after) != strings.Replace(string(before), hash, newHash, 1) || newHash == hash {
		t.Errorf("--refresh changed more than the hash:\nbefore\n%s\nafter\n%s", before, after)
	}
	r = runCLI("new", "--source", dir, "--refresh", "content/es/acuerdo-de-conciliacion.md")
	if r.code != 0 || !strings.Contains(r.stdout, "already current") {
		t.Errorf("--refresh again: want already current\n%s", r)
	}
}

func TestNewTranslateRefusesBadInput(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBilingual, "-- content/bad.md --\n---\ntitle: [\n---\n-- content/es/loose.md --\n---\ntitle: Suelta\n---\n")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--translate", "fr", "content/settlement.md"}, 2, "content/site.yaml has no language fr (its languages: en, es)"},
		{[]string{"--translate", "en", "content/settlement.md"}, 2, "en is the site's default language"},
		{[]string{"--translate", "es", "content/missing.md"}, 1, "cannot read the original content/missing.md"},
		{[]string{"--translate", "es", "content/es/loose.md"}, 2, "is itself in the es folder"},
		{[]string{"--translate", "es", "content/bad.md"}, 1, "content/bad.md:2:"},
		{[]string{"--translate", "es", "content/guide/_index.md", "--slug", "guia"}, 2, "--slug does not apply to a section's page"},
		{[]string{"--refresh", "content/es/loose.md"}, 1, "content/es/loose.md:1:1: error: no translation_of"},
		{[]string{"--slug", "x", "content/settlement.md"}, 2, "go with --translate"},
	} {
		r := runCLI(append([]string{"new", "--source", dir}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("new %v: want exit %d and %q\n%s", tc.args, tc.code, tc.want, r)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/es/settlement.md")); err == nil {
		t.Error("a refused command wrote a file")
	}
	r := runCLI("new", "--source", dir, "--translate", "es", "content/guide/_index.md")
	if r.code != 0 || !strings.Contains(r.stdout, "content/es/guide/_index.md") {
		t.Errorf("a section's page: %s", r)
	}
}

// TestCheckListsUntranslatedPages: check names each page of the default
// language that Spanish has no translation of, in text and JSON.
func TestCheckListsUntranslatedPages(t *testing.T) {
	t.Parallel()
	dir := sitetest.FromArchive(t, cliBilingual, "-- content/es/acuerdo.md --\n---\ntitle: Acuerdo\ntranslation_of: settlement.md\n---\nTexto.\n-- layouts/page.html --\n{{ .Title }}\n-- layouts/section.html --\n{{ .Title }}\n")
	r := runCLI(cliSiteArgs("check", dir)...)
	if !strings.Contains(r.stdout, "Not translated into Español (es): content/guide/_index.md\n") || strings.Contains(r.stdout, "content/settlement.md") {
		t.Errorf("check: want content/guide/_index.md listed, not content/settlement.md\n%s", r)
	}
	r = runCLI(cliSiteArgs("check", dir, "--format", "json")...)
	if !strings.Contains(r.stdout, `"untranslated": {`) || !strings.Contains(r.stdout, `"content/guide/_index.md"`) {
		t.Errorf("check --format json: want the untranslated list\n%s", r)
	}
}
