package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// siteFlags are the options shared by build, serve and check.
type siteFlags struct {
	source, dest, baseURL, cacheDir string
	drafts, noCache, quiet, verbose bool
	noHighlight, force              bool
	links                           string // strict or warn
	asOf                            time.Time
	asOfLocal                       bool     // --as-of has no zone: read it in the site's timezone
	allowHosts                      []string // serve --allow-host
}

func (f *siteFlags) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
	Func(string, string, func(string) error)
}, withDest bool) {
	f.links = "strict"
	fs.Func("links", "`strict|warn`: a broken link is an error (strict, the default) or a warning (warn: for a first build of a moved site)", func(v string) error {
		if v != "strict" && v != "warn" {
			return fmt.Errorf("must be strict or warn")
		}
		f.links = v
		return nil
	})
	fs.Func("as-of", "build as if the time were `TIME` (2026-12-01T06:00:00-08:00, or without a zone in the site's timezone) for publish_at and expires; default: now", f.parseAsOf)
	fs.StringVar(&f.source, "source", "", "site root `DIR` holding content/ and layouts/ (default: the folder above the working folder that holds content/site.yaml)")
	if withDest {
		fs.StringVar(&f.dest, "dest", "", "output `DIR` (default <source>/public)")
		fs.BoolVar(&f.force, "force", false, "replace the output folder even when it holds files the generator did not write")
		fs.StringVar(&f.baseURL, "base-url", "", "absolute `URL` the site is published at, e.g. https://example.org/kp/ (for canonical links, feeds, sitemap)")
	}
	fs.BoolVar(&f.drafts, "drafts", false, "include pages marked draft: true")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "cache `DIR` for highlighted code, converted Markdown, rendered pages and images (default: the user cache folder)")
	fs.BoolVar(&f.noCache, "no-cache", false, "do not read or write the highlight cache")
	fs.BoolVar(&f.noHighlight, "no-highlight", false, "render code blocks without syntax highlighting")
	fs.BoolVar(&f.quiet, "quiet", false, "print only errors")
	fs.BoolVar(&f.verbose, "verbose", false, "print warnings and details")
}

func (f *siteFlags) options() site.Options {
	return site.Options{Source: f.source, Dest: f.dest, BaseURL: f.baseURL, Drafts: f.drafts, CacheDir: f.cacheDir, NoCache: f.noCache, NoHighlight: f.noHighlight, Force: f.force, LinksWarn: f.links == "warn", AsOf: f.asOf, AsOfLocal: f.asOfLocal}
}

func cmdBuild(e *env, args []string) error {
	var f siteFlags
	fs := newFlags(e, "build")
	f.register(fs, true)
	rest, err := parse(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "generator build: unexpected argument %q\n", rest[0])
		return errUsage
	}
	if err := f.findRoot(e); err != nil {
		return err
	}
	opts := f.options()
	var stopProgress func()
	var progress func(stage string, done, total int)
	if e.color && !f.quiet {
		progress, stopProgress = e.progressLine(time.Now())
	}
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	opts.Context = ctx
	setPages, stopGC := paceGC()
	opts.Progress = func(stage string, done, total int) {
		setPages(total) // the garbage collector's pacing follows the site's size
		if progress != nil {
			progress(stage, done, total)
		}
	}
	res, err := site.Build(opts)
	gc := stopGC()
	if stopProgress != nil {
		stopProgress()
	}
	if err != nil {
		e.printFailure(err)
		return err
	}
	e.printDiags(res.Diags, f.verbose, false)
	for _, n := range res.Notes {
		if !f.quiet { // --quiet prints only errors
			fmt.Fprintf(e.stderr, "note: %s\n", n)
		}
	}
	if !f.quiet {
		fmt.Fprintf(e.stdout, "%s %s and %s in %s\n", e.paintOut("32", "Built"), plural(res.Pages, "page"), plural(res.Files-res.Pages, "other file"), roundDuration(res.Elapsed))
	}
	if f.verbose {
		e.printStages(res)
		e.printMemory(gc)
		e.printWaiting(res)
	}
	return nil
}

// printMemory prints the collector's work and the memory a build took,
// for --verbose.
func (e *env) printMemory(gc gcStats) {
	line := fmt.Sprintf("  memory: %s, peak heap %s", plural(int(gc.Cycles), "garbage collection"), mebibytes(gc.PeakHeap))
	if rss := peakRSS(); rss > 0 {
		line += ", peak resident " + mebibytes(rss)
	}
	fmt.Fprintln(e.stdout, line)
}

func mebibytes(n uint64) string {
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

// printStages prints the time each stage of a build took, for --verbose.
func (e *env) printStages(res *site.Result) {
	kind := ""
	if res.Quick {
		kind = " (quick rebuild: only the edited pages)"
	}
	var parts []string
	for _, st := range res.Stages {
		part := st.Name + " " + roundDuration(st.Took)
		if st.CPU > 0 && st.Took >= 10*time.Millisecond {
			// How many cores the stage kept busy, on average.
			part += fmt.Sprintf(" (%.1f cores)", st.CPU.Seconds()/st.Took.Seconds())
		}
		parts = append(parts, part)
	}
	fmt.Fprintf(e.stdout, "  stages%s: %s\n", kind, strings.Join(parts, ", "))
	if res.FromCache > 0 {
		fmt.Fprintf(e.stdout, "  markdown: %s converted, %d from the cache\n", plural(res.Converted, "page"), res.FromCache)
	}
	if res.RenderedFromCache > 0 {
		fmt.Fprintf(e.stdout, "  render: %s rendered, %d from the cache\n", plural(res.Rendered, "page"), res.RenderedFromCache)
	}
}

// progressLine shows a build's progress on one terminal line, once the
// build has run for half a second; stop erases the line.
func (e *env) progressLine(start time.Time) (report func(stage string, done, total int), stop func()) {
	var mu sync.Mutex
	shown := false
	report = func(stage string, done, total int) {
		if time.Since(start) < 500*time.Millisecond {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		shown = true
		fmt.Fprintf(e.stderr, "\r\x1b[K%s %d/%d pages", stage, done, total)
	}
	stop = func() {
		mu.Lock()
		defer mu.Unlock()
		if shown {
			fmt.Fprint(e.stderr, "\r\x1b[K")
		}
	}
	return report, stop
}

// printFailure prints a failed build's problems, one per line.
func (e *env) printFailure(err error) {
	var ds diag.List
	if errors.As(err, &ds) {
		e.printDiags(ds, true, false)
		n := len(ds.Errors())
		fmt.Fprintf(e.stderr, "%s: %s; the output folder was not changed\n", e.paint("31", "Build failed"), plural(n, "error"))
		return
	}
	if errors.Is(err, site.ErrInterrupted) {
		fmt.Fprintf(e.stderr, "%s: %v\n", e.paint("31", "Interrupted"), err)
		return
	}
	fmt.Fprintf(e.stderr, "%s: %v\n", e.paint("31", "error"), err)
}

// printDiags prints diagnostics as path:line:col: severity: message. With
// github set it adds GitHub Actions annotations.
func (e *env) printDiags(ds diag.List, warnings, github bool) {
	for _, d := range ds {
		if d.Severity == diag.Warning && !warnings {
			continue
		}
		sev := e.paint("31", "error")
		if d.Severity == diag.Warning {
			sev = e.paint("33", "warning")
		}
		// User text (link targets, keys, file names) may hold newlines or
		// escape sequences: printed escaped and shortened, one line each.
		loc := diag.Printable(strings.TrimSuffix(d.Error(), ": "+d.Msg))
		fmt.Fprintf(e.stderr, "%s: %s: %s\n", loc, sev, diag.Printable(d.Msg))
		if github {
			kind := "error"
			if d.Severity == diag.Warning {
				kind = "warning"
			}
			line, col := max(d.Line, 1), max(d.Col, 1)
			fmt.Fprintf(e.stdout, "::%s file=%s,line=%d,col=%d::%s\n", kind, d.Path, line, col, ghEscape(d.Msg))
		}
	}
}

// ghEscape escapes a message for a GitHub Actions workflow command.
func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func roundDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(10 * time.Millisecond).String()
}
