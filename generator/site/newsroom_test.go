package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
)

// A newsroom case is testdata/newsroom/NAME.txtar: a whole site plus
// these files, all optional:
//
//	args          one option a line: "base-url URL", "as-of TIME", "check"
//	              (run Check instead of Build: warnings are listed too)
//	want          every diagnostic, one a line, as "path:line:col: severity: msg";
//	              a build case with errors must leave dest untouched
//	want-output   output files and a text each must contain, as pairs of Go-quoted strings
//	want-absent   output files that must not exist, one a line; or a
//	              Go-quoted path and text the file must not contain
type newsroomCase struct {
	files   []txtar.File
	opts    Options
	check   bool
	asOf    time.Time
	want    string
	output  [][2]string
	absent  [][2]string
	archive string
}

func loadNewsroomCase(t *testing.T, archive string) newsroomCase {
	t.Helper()
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	_, files := txtar.Parse(data)
	c := newsroomCase{archive: archive}
	for _, f := range files {
		text := strings.TrimSpace(string(f.Data))
		switch f.Name {
		case "args":
			for _, line := range strings.Split(text, "\n") {
				k, v, _ := strings.Cut(strings.TrimSpace(line), " ")
				switch k {
				case "base-url":
					c.opts.BaseURL = v
				case "as-of":
					tm, err := time.Parse(time.RFC3339, v)
					if err != nil {
						t.Fatalf("%s: args: %v", archive, err)
					}
					c.asOf = tm
				case "check":
					c.check = true
				case "":
				default:
					t.Fatalf("%s: unknown args line %q", archive, line)
				}
			}
		case "want":
			c.want = text
		case "want-output", "want-absent":
			for _, line := range strings.Split(text, "\n") {
				if line == "" {
					continue
				}
				var pair [2]string
				if !strings.HasPrefix(line, `"`) {
					pair[0] = line
				} else if _, err := fmt.Sscanf(line, "%q %q", &pair[0], &pair[1]); err != nil {
					t.Fatalf("%s: %s line %q: %v", archive, f.Name, line, err)
				}
				if f.Name == "want-output" {
					c.output = append(c.output, pair)
				} else {
					c.absent = append(c.absent, pair)
				}
			}
		default:
			c.files = append(c.files, f)
		}
	}
	if c.asOf.IsZero() {
		c.asOf = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	}
	return c
}

func diagLines(ds diag.List) string {
	var lines []string
	for _, d := range ds {
		lines = append(lines, d.String())
	}
	return strings.Join(lines, "\n")
}

// TestNewsroomFixtures builds (or checks) every newsroom case and compares
// its diagnostics and output with what the case wants.
func TestNewsroomFixtures(t *testing.T) { runFixtures(t, "testdata/newsroom") }

// runFixtures builds (or checks) every case of dir, newsroom cases.
func runFixtures(t *testing.T, dir string) {
	archives, _ := filepath.Glob(dir + "/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no fixtures in " + dir)
	}
	for _, a := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(a), ".txtar"), func(t *testing.T) {
			c := loadNewsroomCase(t, a)
			root := t.TempDir()
			if err := txtar.WriteDir(root, c.files); err != nil {
				t.Fatal(err)
			}
			opts := c.opts
			opts.Source, opts.NoCache, opts.AsOf = root, true, c.asOf
			if c.check {
				ds := Check(opts, c.asOf)
				if got := diagLines(ds); got != c.want {
					t.Errorf("check diagnostics:\n%s\nwant:\n%s", got, c.want)
				}
				return
			}
			dest := oldSite(t)
			before := sitetest.Snapshot(t, dest)
			res, err := Build(Options{Source: root, Dest: dest, NoCache: true, BaseURL: opts.BaseURL, AsOf: opts.AsOf})
			var ds diag.List
			if err != nil {
				if !errors.As(err, &ds) {
					t.Fatalf("build: %v", err)
				}
				if d := sitetest.Diff(before, sitetest.Snapshot(t, dest)); d != "" {
					t.Errorf("a failed build changed dest:\n%s", d)
				}
			} else {
				ds = res.Diags
			}
			if got := diagLines(ds); got != c.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, c.want)
			}
			if err != nil {
				return
			}
			checkOutputFiles(t, dest, c.output)
			for _, w := range c.absent {
				b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(w[0])))
				switch {
				case w[1] == "" && err == nil:
					t.Errorf("%s was written; want it absent", w[0])
				case w[1] != "" && err != nil:
					t.Errorf("output: %v", err)
				case w[1] != "" && strings.Contains(string(b), w[1]):
					t.Errorf("%s contains %q; want it absent:\n%s", w[0], w[1], b)
				}
			}
		})
	}
}
