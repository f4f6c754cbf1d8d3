package sitecheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pageBudget is the most HTML plus CSS one page may weigh before
// compression: readers are on phones.
const pageBudget = 60 << 10

// spanishBudget is the budget of a Spanish page: the same text runs about
// 10% longer in Spanish (measured on this site's 13 translated pages), so a
// translation of a page that fits 60 KB gets 10% more.
const spanishBudget = pageBudget * 11 / 10

var stylesheetRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)

// TestPagesFitTheBudget checks that every page of the built site, with the
// stylesheets it links, stays under 60 KB before compression.
func TestPagesFitTheBudget(t *testing.T) {
	_, dest := BuildRealSite(t)
	pages, err := HTMLPages(dest)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 5 {
		t.Fatalf("only %d pages built", len(pages))
	}
	for _, rel := range pages {
		html, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil {
			t.Fatal(err)
		}
		total := len(html)
		for _, m := range stylesheetRE.FindAllSubmatch(html, -1) {
			// Relative to the page, or to the site's root for a root-relative
			// address (404 pages keep those without a base URL).
			href := string(m[1])
			file := filepath.Join(dest, filepath.Dir(rel), filepath.FromSlash(href))
			if strings.HasPrefix(href, "/") {
				file = filepath.Join(dest, filepath.FromSlash(href))
			}
			css, err := os.ReadFile(file)
			if err != nil {
				t.Errorf("%s: stylesheet %s: %v", rel, m[1], err)
				continue
			}
			total += len(css)
		}
		budget := pageBudget
		if strings.HasPrefix(filepath.ToSlash(rel), "es/") {
			budget = spanishBudget
		}
		if total > budget {
			t.Errorf("%s weighs %.1f KB with its CSS; the budget is %d KB", rel, float64(total)/1024, budget>>10)
		}
	}
}
