package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// errCheck marks a check that found problems: exit status 1.
var errCheck = errors.New("check failed")

func cmdCheck(e *env, args []string) error {
	var f siteFlags
	var strict bool
	var only, format string
	fs := newFlags(e, "check")
	f.register(fs, false)
	fs.BoolVar(&strict, "strict", false, "fail on warnings too")
	var since string
	var external bool
	fs.BoolVar(&external, "external", false, "also check every external web address of the sources and pages (opens network connections; results are cached for a day)")
	fs.StringVar(&since, "since", "", "warn when a page's text changed since git revision `REF` (a branch, tag or commit) but its updated: did not")
	fs.Func("only", "report only errors, warnings, or one `KIND` of problem: "+strings.Join(problemKinds, ", "), func(v string) error {
		if !slices.Contains(onlyValues(), v) {
			return fmt.Errorf("must be one of %s%s", strings.Join(onlyValues(), ", "), suggest(v, onlyValues()))
		}
		only = v
		return nil
	})
	format = "text"
	fs.Func("format", "`text|json`: one problem per line and a summary (text, the default), or one JSON document for tools (json)", func(v string) error {
		if v != "text" && v != "json" {
			return fmt.Errorf("must be text or json")
		}
		format = v
		return nil
	})
	rest, err := parse(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "generator check: unexpected argument %q\n", rest[0])
		return errUsage
	}
	if err := f.findRoot(e); err != nil {
		return err
	}
	opts := f.options()
	var waiting []*content.Withheld
	var next time.Time
	opts.Schedule = func(w, _ []*content.Withheld, n time.Time) { waiting, next = w, n }
	opts.External = external
	var untranslated []site.Untranslated
	opts.Untranslated = func(u []site.Untranslated) { untranslated = u }
	all := site.Check(opts, time.Now())
	if since != "" {
		sds, err := e.checkSince(opts.Source, since)
		if err != nil {
			return err
		}
		all = append(all, sds...)
		all.Sort()
	}
	ds := onlyFilter(all, only)
	var warnings int
	for _, d := range ds {
		if d.Severity == diag.Warning {
			warnings++
		}
	}
	errs := len(ds) - warnings
	failed := errs > 0 || (strict && warnings > 0)
	if format == "json" {
		if err := writeJSONReport(e.stdout, ds, !failed, untranslated); err != nil {
			return err
		}
		if failed {
			return errCheck
		}
		return nil
	}
	if f.quiet && !strict { // --quiet prints only errors; --strict makes warnings errors
		ds = slices.DeleteFunc(slices.Clone(ds), func(d diag.Diagnostic) bool { return d.Severity == diag.Warning })
	}
	e.printDiags(ds, true, e.getenv("GITHUB_ACTIONS") == "true")
	if !f.quiet {
		e.printUpcoming(waiting, next)
		printUntranslated(e, untranslated)
	}
	e.printSummary(ds)
	summary := fmt.Sprintf("%s, %s", plural(errs, "error"), plural(warnings, "warning"))
	if only != "" {
		summary += " (only " + only + ")"
	}
	switch {
	case failed:
		fmt.Fprintf(e.stderr, "%s: %s\n", e.paint("31", "Check failed"), summary)
		return errCheck
	case !f.quiet:
		fmt.Fprintf(e.stdout, "%s: %s\n", e.paintOut("32", "Check passed"), summary)
	}
	return nil
}

// printUntranslated lists the pages each other language has no
// translation of, one line each.
func printUntranslated(e *env, langs []site.Untranslated) {
	for _, l := range langs {
		for _, p := range l.Paths {
			fmt.Fprintf(e.stdout, "Not translated into %s (%s): %s\n", l.Name, l.Code, p)
		}
	}
}
