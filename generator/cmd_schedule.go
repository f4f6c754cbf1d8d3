package main

import (
	"errors"
	"fmt"
	"os"
	"time"
	_ "time/tzdata" // the timezone setting works on machines without zone files

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/history"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// parseAsOf reads --as-of: RFC 3339, or a date or date and time without
// a zone, which the build reads in the site's timezone setting.
func (f *siteFlags) parseAsOf(v string) error {
	t, err := content.ParseTime(v, time.UTC)
	if err != nil {
		return err
	}
	_, zerr := time.Parse(time.RFC3339Nano, v)
	f.asOf, f.asOfLocal = t, zerr != nil
	return nil
}

// scheduleTime writes a publish_at or expires time for people.
func scheduleTime(t time.Time) string { return t.Format("2006-01-02 15:04 MST") }

// printWaiting prints, for build --verbose, the pages waiting for their
// publish_at and when the set of published pages next changes.
func (e *env) printWaiting(res *site.Result) {
	if len(res.Waiting) == 0 && res.NextChange.IsZero() {
		return
	}
	for _, w := range res.Waiting {
		fmt.Fprintf(e.stdout, "  waiting: %s until %s\n", w.Page.Path, scheduleTime(w.At))
	}
	if !res.NextChange.IsZero() {
		fmt.Fprintf(e.stdout, "  next change to the published pages: %s\n", scheduleTime(res.NextChange))
	}
}

// printUpcoming prints, for check, the pages publish_at still holds back.
func (e *env) printUpcoming(waiting []*content.Withheld, next time.Time) {
	for _, w := range waiting {
		fmt.Fprintf(e.stdout, "Upcoming: %s publishes %s\n", w.Page.Path, scheduleTime(w.At))
	}
	if !next.IsZero() && (len(waiting) == 0 || !next.Equal(waiting[0].At)) {
		fmt.Fprintf(e.stdout, "Next change to the published pages: %s\n", scheduleTime(next))
	}
}

// checkSince runs check --since: pages whose text changed since the git
// revision ref while their updated: did not. Outside a git repository it
// says so once and checks nothing.
func (e *env) checkSince(source, ref string) (diag.List, error) {
	repo, err := history.Open(source)
	if errors.Is(err, history.ErrNoRepo) {
		fmt.Fprintf(e.stderr, "note: --since skipped: %v\n", err)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ds, err := repo.StaleUpdated(ref, os.DirFS(source))
	if err != nil {
		fmt.Fprintf(e.stderr, "generator check: --since: %v\n", err)
		return nil, errUsage
	}
	return ds, nil
}
