package site

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

// A bad-input case is testdata/badinput/NAME.txtar written over
// testdata/badinput/_base.txtar. Its "want" file lists the exact
// diagnostics the build must fail with, one per line, errors first, then
// warnings as "path:line:col: warning: message"; a case without one
// must build, and its "want-output" file lists output files and a text each
// must contain, as pairs of Go-quoted strings. Inputs a text archive cannot
// hold (links, invalid UTF-8, CRLF, binary and huge files) are written by
// the case's setup below.
type badInputCase struct {
	name      string
	want      string        // expected diagnostics, one per line; "" = must build
	output    [][2]string   // output path, text it must contain
	files     []txtar.File  // base site with the case's files over it
	timeLimit time.Duration // for a build that must fail fast
}

// badInputSetups write the inputs of the cases that txtar cannot hold.
// outside is a folder outside the site.
func badInputSetups(outside string) map[string]func(root string) error {
	write := func(root, rel string, data []byte) error {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	setups := map[string]func(root string) error{
		"symlink-outside": func(root string) error {
			if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("---\ntitle: Secret\n---\nSecret.\n"), 0o644); err != nil {
				return err
			}
			if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "content", "secret.md")); err != nil {
				return err
			}
			return os.Symlink(outside, filepath.Join(root, "content", "escape"))
		},
		"invalid-utf8": func(root string) error {
			return write(root, "content/latin1.md", []byte("---\ntitle: Latin-1\n---\nOn the menu: caf\xe9 au lait.\n"))
		},
		"too-large": func(root string) error {
			data := bytes.Repeat([]byte("All work and no play makes a long page.\n"), (20<<20)/40+1)
			copy(data, "---\ntitle: Huge\n---\n")
			return write(root, "content/huge.md", data[:20<<20])
		},
		"binary-md": func(root string) error {
			png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa")
			return write(root, "content/image.md", png)
		},
		"slow-markdown": func(root string) error {
			var refs, table bytes.Buffer
			for i := range 100000 {
				fmt.Fprintf(&refs, "[r%d]: /x%d/\n", i, i)
			}
			table.WriteString("| a | b |\n|---|---|\n")
			for table.Len() < 8<<20-64 {
				table.WriteString("| 1 | x |\n")
			}
			for rel, body := range map[string]string{
				"content/links.md": strings.Repeat("[a](", 50000),
				"content/refs.md":  refs.String(),
				"content/table.md": table.String()[:8<<20-64],
			} {
				if err := write(root, rel, []byte("---\ntitle: Slow\n---\n"+body)); err != nil {
					return err
				}
			}
			return nil
		},
		"special-files": func(root string) error {
			for _, rel := range []string{"content/pipe.md", "content/data/feed.yaml", "content/files/stream.pdf", "layouts/partials/pipe.html", "layouts/assets/css/pipe.css"} {
				p := filepath.Join(root, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := mkfifo(p); err != nil {
					return err
				}
			}
			return nil
		},
		"missing-base-layout": func(root string) error {
			return os.Remove(filepath.Join(root, "layouts", "base.html"))
		},
		"bom-crlf": func(root string) error {
			src := "\ufeff---\r\ntitle: Saved on Windows\r\ndate: 2024-10-21\r\n---\r\n## Heading\r\n\r\nSee [the fine](settlement.md#the-fine) [@dmhc].\r\n"
			return write(root, "content/windows.md", []byte(src))
		},
	}
	maps.Copy(setups, imageBadInputSetups(write))
	return setups
}

// loadBadInputCases reads every case archive.
func loadBadInputCases(t *testing.T) []badInputCase {
	t.Helper()
	baseData, err := os.ReadFile("testdata/badinput/_base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	_, base := txtar.Parse(baseData)
	archives, _ := filepath.Glob("testdata/badinput/*.txtar")
	var cases []badInputCase
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		if strings.HasPrefix(name, "_") {
			continue
		}
		data, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		_, files := txtar.Parse(data)
		c := badInputCase{name: name}
		merged := map[string]txtar.File{}
		for _, f := range base {
			merged[f.Name] = f
		}
		for _, f := range files {
			switch f.Name {
			case "want":
				c.want = string(f.Data)
			case "want-output":
				for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
					var pair [2]string
					if _, err := fmt.Sscanf(line, "%q %q", &pair[0], &pair[1]); err != nil {
						t.Fatalf("%s: want-output line %q: %v", a, line, err)
					}
					c.output = append(c.output, pair)
				}
			default:
				merged[f.Name] = f
			}
		}
		for _, n := range slices.Sorted(maps.Keys(merged)) {
			c.files = append(c.files, merged[n])
		}
		if name == "too-large" || strings.HasPrefix(name, "long-") || strings.HasPrefix(name, "slow-") {
			c.timeLimit = 5 * time.Second // generous for a busy machine; reading and converting 20 MB takes far longer
		}
		if name == "slow-template-output" {
			// It writes 64 MB before the cap stops it, which takes over 5 s
			// under -race; without the cap it never ends.
			c.timeLimit = 30 * time.Second
		}
		cases = append(cases, c)
	}
	if len(cases) < 20 {
		t.Fatalf("found %d bad-input cases in testdata/badinput", len(cases))
	}
	return cases
}

// writeBadInputSite writes a case's site into a new folder and returns the
// site root and the folder outside the site its setup may point at.
func writeBadInputSite(t *testing.T, c badInputCase) (root, outside string) {
	t.Helper()
	root, outside = t.TempDir(), t.TempDir()
	if err := txtar.WriteDir(root, c.files); err != nil {
		t.Fatal(err)
	}
	if setup := badInputSetups(outside)[c.name]; setup != nil {
		if err := setup(root); err != nil {
			t.Fatal(err)
		}
	}
	return root, outside
}

// oldSite puts a previous site into a new dest folder, alone in its parent
// folder, and returns dest.
func oldSite(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(filepath.Join(dest, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	for rel, text := range map[string]string{"MARKER": "previous build", "old/index.html": "<p>old site</p>", publish.Marker: "written by the generator"} {
		if err := os.WriteFile(filepath.Join(dest, filepath.FromSlash(rel)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dest
}

// snapshot records everything a build may not touch besides dest.
type snapshot struct {
	dest, source, outside sitetest.Tree
	parent                []string
}

func takeSnapshot(t *testing.T, dest, root, outside string) snapshot {
	return snapshot{
		dest:    sitetest.Snapshot(t, dest),
		source:  sitetest.Snapshot(t, root),
		outside: sitetest.Snapshot(t, outside),
		parent:  dirNames(t, filepath.Dir(dest)),
	}
}

// checkUntouched checks after a build that the source, the folder outside
// the site and the parent of dest are as before, and so is dest itself
// when the build failed.
func checkUntouched(t *testing.T, before snapshot, dest, root, outside string, failed bool) {
	t.Helper()
	if d := sitetest.Diff(before.source, sitetest.Snapshot(t, root)); d != "" {
		t.Errorf("the build changed the source folder:\n%s", d)
	}
	if d := sitetest.Diff(before.outside, sitetest.Snapshot(t, outside)); d != "" {
		t.Errorf("the build changed a folder outside the site:\n%s", d)
	}
	if got := dirNames(t, filepath.Dir(dest)); !onlyDest(got, !failed) {
		t.Errorf("the parent of dest holds %q; want only public (and its spare after a successful build)", got)
	}
	after := sitetest.Snapshot(t, dest)
	if failed {
		if d := sitetest.Diff(before.dest, after); d != "" {
			t.Errorf("a failed build changed dest:\n%s", d)
		}
	} else if _, ok := after["MARKER"]; ok {
		t.Error("a successful build left the previous site's files in dest")
	}
}

func checkOutputFiles(t *testing.T, dest string, want [][2]string) {
	t.Helper()
	for _, w := range want {
		b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(w[0])))
		if err != nil {
			t.Errorf("output: %v", err)
			continue
		}
		if !strings.Contains(string(b), w[1]) {
			t.Errorf("%s does not contain %q:\n%s", w[0], w[1], b)
		}
	}
}

// TestBadInputIsReportedAndKeepsOutput builds every bad-input case with
// site.Build over a previous site: a case with problems must fail with
// exactly its diagnostics and change nothing; the others must build.
// Nothing may ever be written outside dest.
func TestBadInputIsReportedAndKeepsOutput(t *testing.T) {
	for _, c := range loadBadInputCases(t) {
		t.Run(c.name, func(t *testing.T) {
			root, outside := writeBadInputSite(t, c)
			dest := oldSite(t)
			before := takeSnapshot(t, dest, root, outside)
			start := time.Now()
			_, err := Build(Options{Source: root, Dest: dest, NoCache: true})
			elapsed := time.Since(start)
			if c.want == "" {
				if err != nil {
					t.Fatalf("build failed:\n%v", err)
				}
				checkOutputFiles(t, dest, c.output)
			} else {
				var ds diag.List
				if !errors.As(err, &ds) {
					t.Fatalf("want a diag.List error, got %v", err)
				}
				if got := ds.Error() + "\n" + warningLines(ds); got != c.want {
					t.Errorf("diagnostics:\n%s\nwant:\n%s", got, c.want)
				}
				for _, d := range ds {
					if d.Path == "" || strings.HasPrefix(d.Path, "/") || d.Line < 0 || d.Col < 0 {
						t.Errorf("diagnostic without a site path and position: %#v", d)
					}
				}
			}
			if c.timeLimit > 0 && elapsed > c.timeLimit {
				t.Errorf("the build took %v; want under %v", elapsed, c.timeLimit)
			}
			checkUntouched(t, before, dest, root, outside, c.want != "")
		})
	}
}

// warningLines lists the warnings of a failed build as its case's want
// file does, after the errors: "path:line:col: warning: message" lines.
func warningLines(ds diag.List) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Severity == diag.Warning {
			loc := strings.TrimSuffix(d.Error(), d.Msg)
			b.WriteString(loc + "warning: " + d.Msg + "\n")
		}
	}
	return b.String()
}

// TestBadInputThroughCommandLine runs `generator build` on every bad-input
// case: exit status 1 with exactly one "path:line:col: error: message" line
// per problem and no crash, or status 0 with no diagnostics.
func TestBadInputThroughCommandLine(t *testing.T) {
	bin := sitetest.Generator(t)
	for _, c := range loadBadInputCases(t) {
		t.Run(c.name, func(t *testing.T) {
			root, outside := writeBadInputSite(t, c)
			dest := oldSite(t)
			before := takeSnapshot(t, dest, root, outside)
			start := time.Now()
			_, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--source", root, "--dest", dest)
			elapsed := time.Since(start)
			checkNoCrash(t, stderr)
			var want []string
			for _, l := range strings.Split(strings.TrimSuffix(c.want, "\n"), "\n") {
				if m := locationLine.FindStringSubmatch(l); m != nil && !strings.HasPrefix(l[len(m[0]):], "warning: ") {
					want = append(want, l[:len(m[0])]+"error: "+l[len(m[0]):])
				}
			}
			// Warnings print among the errors, in path order.
			for _, l := range strings.Split(c.want, "\n") {
				if m := locationLine.FindStringSubmatch(l); m != nil && strings.HasPrefix(l[len(m[0]):], "warning: ") {
					want = append(want, l)
				}
			}
			slices.SortStableFunc(want, func(a, b string) int {
				ma, mb := locationLine.FindStringSubmatch(a), locationLine.FindStringSubmatch(b)
				if c := strings.Compare(ma[1], mb[1]); c != 0 {
					return c
				}
				la, _ := strconv.Atoi(ma[2])
				lb, _ := strconv.Atoi(mb[2])
				if la != lb {
					return la - lb
				}
				ca, _ := strconv.Atoi(ma[3])
				cb, _ := strconv.Atoi(mb[3])
				return ca - cb
			})
			wantCode := 0
			if c.want != "" {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, wantCode, stderr)
			}
			if got := diagnosticLines(stderr); !slices.Equal(got, want) {
				t.Errorf("diagnostics on stderr:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if wantCode == 0 {
				checkOutputFiles(t, dest, c.output)
			}
			if c.timeLimit > 0 && elapsed > c.timeLimit {
				t.Errorf("the build took %v; want under %v", elapsed, c.timeLimit)
			}
			checkUntouched(t, before, dest, root, outside, c.want != "")
		})
	}
}
