package main

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// errCheck marks a check that found problems: exit status 1.
var errCheck = errors.New("check failed")

func cmdCheck(e *env, args []string) error {
	var f siteFlags
	var strict bool
	fs := newFlags(e, "check", "check [--source DIR] [--strict]")
	f.register(fs, false)
	fs.BoolVar(&strict, "strict", false, "fail on warnings too")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "generator check: unexpected argument %q\n", rest[0])
		return errUsage
	}
	ds := site.Check(f.options(), time.Now())
	var warnings int
	for _, d := range ds {
		if d.Severity == diag.Warning {
			warnings++
		}
	}
	errs := len(ds) - warnings
	if f.quiet && !strict { // --quiet prints only errors; --strict makes warnings errors
		ds = slices.DeleteFunc(slices.Clone(ds), func(d diag.Diagnostic) bool { return d.Severity == diag.Warning })
	}
	e.printDiags(ds, true, e.getenv("GITHUB_ACTIONS") == "true")
	summary := fmt.Sprintf("%s, %s", plural(errs, "error"), plural(warnings, "warning"))
	switch {
	case errs > 0 || (strict && warnings > 0):
		fmt.Fprintf(e.stderr, "%s: %s\n", e.paint("31", "Check failed"), summary)
		return errCheck
	case !f.quiet:
		fmt.Fprintf(e.stdout, "%s: %s\n", e.paint("32", "Check passed"), summary)
	}
	return nil
}
