package sitecheck

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// viewport is a window size and colour scheme a page is checked at.
type viewport struct {
	width, height int64
	dark          bool // prefers-color-scheme: dark
}

// The window sizes: a phone and a laptop.
var (
	phone  = viewport{width: 390, height: 844}
	laptop = viewport{width: 1280, height: 800}
)

// viewports are what every page is checked at: a phone and a laptop, each in
// light and dark mode.
var viewports = []viewport{phone, phone.inDark(), laptop, laptop.inDark()}

func (vp viewport) inDark() viewport { vp.dark = true; return vp }

// phone reports whether vp is a phone's width.
func (vp viewport) phone() bool { return vp.width < 600 }

func (vp viewport) String() string {
	if vp.dark {
		return fmt.Sprintf("%dpx-dark", vp.width)
	}
	return fmt.Sprintf("%dpx", vp.width)
}

// colorScheme is the value of prefers-color-scheme that vp emulates.
func (vp viewport) colorScheme() string {
	if vp.dark {
		return "dark"
	}
	return "light"
}

// axeTags are the axe-core rule sets that must report no violation.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// pageTimeout bounds the checks of one page at one width.
const pageTimeout = 30 * time.Second

// browser is one headless Chromium shared by all the checks of a test, with
// a pool of tabs so that pages can be checked in parallel.
type browser struct {
	ctx  context.Context // the first tab; its children are new tabs
	axe  string          // source of axe.min.js
	tabs chan *tab

	closeTabs []context.CancelFunc
}

// tab is one browser tab and the console errors seen in it since the last
// reset.
type tab struct {
	ctx context.Context

	mu      sync.Mutex
	console []string
}

// newBrowser starts Chromium with ntabs tabs. Without Chromium or axe-core
// it skips the test, or fails it in CI (see NeedTool). The browser stops when
// the test ends.
func newBrowser(t *testing.T, ntabs int) *browser {
	t.Helper()
	exe := ChromiumPath()
	NeedTool(t, exe != "", "Chromium not found (/usr/bin/chromium; `apt-get install -y chromium`)")
	axePath := filepath.Join(FindRepoRoot(t), AxeScript)
	axe, err := os.ReadFile(axePath)
	NeedTool(t, err == nil, "axe-core not found at %s (`npm ci --prefix .ci`)", AxeScript)

	// chromedp gives the browser a fresh --user-data-dir in a temporary
	// folder and removes it when the browser stops.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	b := &browser{ctx: ctx, axe: string(axe) + "\n;0", tabs: make(chan *tab, ntabs)}
	t.Cleanup(func() {
		for _, c := range b.closeTabs {
			c()
		}
		cancel()
		cancelAlloc()
	})
	// The first run starts the browser; it must have no timeout of its own.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium (%s): %v", exe, err)
	}
	for range ntabs {
		tb, err := b.newTab()
		if err != nil {
			t.Fatalf("opening a tab: %v", err)
		}
		b.tabs <- tb
	}
	return b
}

// newTab opens a tab that records console errors, uncaught exceptions and
// browser log errors (such as a failed load of a stylesheet or image).
func (b *browser) newTab() (*tab, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.closeTabs = append(b.closeTabs, cancel)
	tb := &tab{ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		if msg := consoleError(ev); msg != "" {
			tb.mu.Lock()
			tb.console = append(tb.console, msg)
			tb.mu.Unlock()
		}
	})
	if err != nil {
		return nil, err
	}
	// Headless Chromium hides scrollbars already (--hide-scrollbars); say it
	// again so that innerWidth is the width the content has.
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScrollbarsHidden, emulation.SetScrollbarsHiddenParams{Hidden: true})
		return err
	}))
	return tb, err
}

// consoleError returns the text of an event that is a console error, an
// uncaught exception or a browser log error, and "" for any other event.
func consoleError(ev any) string {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return ""
		}
		parts := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			parts = append(parts, remoteText(a))
		}
		where := ""
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			f := st.CallFrames[0]
			where = fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
		}
		return fmt.Sprintf("console.%s: %s%s", ev.Type, strings.Join(parts, " "), where)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			desc, _, _ := strings.Cut(remoteText(d.Exception), "\n    at ")
			text += " " + desc
		}
		return fmt.Sprintf("exception: %s (%s:%d:%d)", text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
	case *log.EventEntryAdded:
		// A page without <link rel="icon"> makes the browser ask for
		// /favicon.ico by itself; that request is not the page's, and its
		// failure can come after the page is done.
		if e := ev.Entry; e.Level == log.EntryLevelError && !isRootFavicon(e.URL) {
			return fmt.Sprintf("browser log (%s): %s %s", e.Source, e.Text, e.URL)
		}
	}
	return ""
}

func isRootFavicon(rawURL string) bool {
	u, err := url.Parse(rawURL)
	return err == nil && u.Path == "/favicon.ico"
}

// remoteText is the text of a console argument: a string as it is, another
// value as JSON or by its description.
func remoteText(o *runtime.RemoteObject) string {
	if len(o.Value) > 0 {
		if s, err := strconv.Unquote(string(o.Value)); err == nil {
			return s
		}
		return string(o.Value)
	}
	if o.Description != "" {
		return o.Description
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return string(o.Type)
}

// take returns the console errors seen since the last take and forgets them.
func (tb *tab) take() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	msgs := tb.console
	tb.console = nil
	return msgs
}

// pageReport is what the checks found on one page at one width.
type pageReport struct {
	URL        string
	Viewport   viewport
	Overflow   overflow
	Layout     layoutReport
	Console    []string
	Violations []axeViolation
}

type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Culprits    []string `json:"culprits"` // outermost elements wider than the window
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// overflowJS measures the page and, when it is wider than the window, names
// the outermost elements that stick out on the right.
const overflowJS = `(() => {
	const sw = document.documentElement.scrollWidth, iw = window.innerWidth;
	const culprits = [];
	if (sw > iw) {
		const wide = e => e.getBoundingClientRect().right > iw + 0.5;
		for (const e of document.body ? document.body.querySelectorAll('*') : []) {
			if (wide(e) && !(e.parentElement && e.parentElement !== document.body && wide(e.parentElement))) {
				let d = e.tagName.toLowerCase();
				if (e.id) d += '#' + e.id;
				for (const c of e.classList) d += '.' + c;
				culprits.push(d + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + 'px)');
				if (culprits.length === 5) break;
			}
		}
	}
	return {scrollWidth: sw, innerWidth: iw, culprits};
})()`

// axeRunJS runs axe-core on the page (injected first) and returns its
// violations in a small form.
var axeRunJS = `(async () => {
	const r = await axe.run(document, {runOnly: ` + jsStrings(axeTags) + `, resultTypes: ['violations']});
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => Array.isArray(s) ? s.join(' >> ') : String(s)).join(' | '),
			html: n.html, summary: n.failureSummary || '',
		})),
	}));
})()`

func jsStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// check loads url in a free tab at the width of vp and runs every check.
func (b *browser) check(url string, vp viewport) (pageReport, error) {
	tb := <-b.tabs
	defer func() { b.tabs <- tb }()
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	r := pageReport{URL: url, Viewport: vp}

	tb.take()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(vp.width, vp.height),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: vp.colorScheme()}},
			})
			return err
		}),
		chromedp.Navigate(url),
	); err != nil {
		return r, fmt.Errorf("loading %s: %w", url, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return r, fmt.Errorf("waiting for fonts: %w", err)
	}
	var err error
	if r.Overflow, err = chromedp.Run(ctx, chromedp.Evaluate[overflow](overflowJS)); err != nil {
		return r, fmt.Errorf("measuring the page: %w", err)
	}
	if r.Layout, err = chromedp.Run(ctx, chromedp.Evaluate[layoutReport](layoutJS)); err != nil {
		return r, fmt.Errorf("measuring the layout: %w", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
		return r, fmt.Errorf("injecting axe-core: %w", err)
	}
	if r.Violations, err = chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRunJS, chromedp.EvalAwaitPromise)); err != nil {
		return r, fmt.Errorf("running axe-core: %w", err)
	}
	// Listen sees every event that came before the reply to the last
	// command, so the page's console errors are all in by now.
	r.Console = tb.take()
	return r, nil
}

// problems lists what is wrong on the page, one message each.
func (r pageReport) problems() []string {
	var ps []string
	if o := r.Overflow; o.ScrollWidth > o.InnerWidth {
		msg := fmt.Sprintf("horizontal scrolling at %dpx: the page is %dpx wide, the window %dpx",
			r.Viewport.width, o.ScrollWidth, o.InnerWidth)
		if len(o.Culprits) > 0 {
			msg += "; too wide: " + strings.Join(o.Culprits, ", ")
		}
		ps = append(ps, msg)
	}
	ps = append(ps, r.layoutProblems(r.Viewport)...)
	for _, c := range r.Console {
		ps = append(ps, "console error: "+c)
	}
	for _, v := range r.Violations {
		var sb strings.Builder
		fmt.Fprintf(&sb, "axe %s (%s): %s <%s>", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n\t%s: %s", n.Target, oneLine(n.HTML, 160))
			if n.Summary != "" {
				fmt.Fprintf(&sb, "\n\t\t%s", strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
			}
		}
		ps = append(ps, sb.String())
	}
	return ps
}

func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}
