package sitecheck

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// browserTabs is how many pages are checked at once. The machines have two
// cores; Chromium's renderer and axe-core keep both busy.
const browserTabs = 2

// TestBuiltSiteInBrowser builds the repository's site, serves it on
// 127.0.0.1 and loads every HTML page (redirect pages left out) in headless
// Chromium at a phone and a laptop width, each in light and dark mode. Each
// page must not scroll sideways, must log no console error, uncaught
// exception or failed load, and axe-core must find no WCAG 2.2 AA or
// best-practice violation (colour contrast included, so dark mode is checked
// too). Citation links must be at least 24×24 px; on the phone the site
// navigation takes at most two lines and the first sentence of the text is
// visible without scrolling (see layout_test.go).
func TestBuiltSiteInBrowser(t *testing.T) {
	b := newBrowser(t, browserTabs)
	_, dir := BuildRealSite(t)
	pages, err := HTMLPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("the built site in %s has no HTML page", dir)
	}
	srv := Serve(t, dir)

	start := time.Now()
	// The group returns when its parallel subtests are done.
	t.Run("page", func(t *testing.T) {
		for _, page := range pages {
			for _, vp := range viewports {
				t.Run(fmt.Sprintf("%s@%s", page, vp), func(t *testing.T) {
					t.Parallel()
					r, err := b.check(PageURL(srv.URL, page), vp)
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range r.problems() {
						t.Errorf("%s at %s: %s", page, vp, p)
					}
				})
			}
		}
	})
	t.Logf("checked %d pages at %d sizes and colour schemes in %v", len(pages), len(viewports), time.Since(start).Round(time.Millisecond))
	if t.Failed() {
		t.Logf("pages checked: %s", strings.Join(pages, " "))
	}
}
