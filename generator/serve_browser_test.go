package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
)

// TestLiveReloadInBrowser opens a page in Chromium, edits its Markdown and
// waits for the page to show the new text by itself; then breaks the file
// and expects the error overlay, and fixes it and expects it gone.
func TestLiveReloadInBrowser(t *testing.T) {
	exe := sitecheck.ChromiumPath()
	sitecheck.NeedTool(t, exe != "", "Chromium is not installed (apt-get install -y chromium)")
	root, base, _ := startServe(t, serveSite)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()

	text := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		return s
	}
	overlay := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const o = document.querySelector('[data-livereload-overlay]'); return o && o.shadowRoot ? o.shadowRoot.textContent : ""; })()`))
		return s
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; page text: %q overlay: %q", what, text(), overlay())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"a/")); err != nil {
		t.Fatal(err)
	}
	waitFor("the first version", func() bool { return strings.Contains(text(), "First version of A.") })
	// Let the event stream connect before editing.
	waitFor("the live reload connection", func() bool {
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType('resource').filter(e => e.name.includes('__livereload')).length`))
		return n > 0
	})
	time.Sleep(200 * time.Millisecond)
	page := filepath.Join(root, "content", "a.md")
	saveAtomically(t, page, "---\ntitle: Page A\n---\nEdited in the browser test.\n")
	waitFor("the page to reload with the edit", func() bool { return strings.Contains(text(), "Edited in the browser test.") })

	os.WriteFile(page, []byte("---\ntitle: Page A\ndate: nonsense\n---\nx\n"), 0o644)
	waitFor("the error overlay", func() bool {
		o := overlay()
		return strings.Contains(o, "content/a.md:3:7") && strings.Contains(o, "nonsense")
	})
	os.WriteFile(page, []byte("---\ntitle: Page A\n---\nFixed in the browser test.\n"), 0o644)
	waitFor("the overlay to clear and the fix to show", func() bool {
		return overlay() == "" && strings.Contains(text(), "Fixed in the browser test.")
	})
}
