package site

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// writeLargeSite writes a site of sections×perSection pages, with
// layouts, whose every page says which version it is.
func writeLargeSite(t *testing.T, root, version string, sections, perSection int) {
	t.Helper()
	files := map[string]string{
		"content/site.yaml":         "title: Crash test " + version + "\n",
		"content/data/sources.yaml": "- key: src\n  outlet: Outlet\n  title: Source\n",
		"content/_index.md":         "---\ntitle: Home " + version + "\n---\nThe home page, version " + version + ".\n",
		"layouts/base.html":         "<!DOCTYPE html>\n<html><head><title>{{ .Title }}</title></head>\n<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
		"layouts/page.html":         "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ with .Prev }}<a href=\"{{ .URL }}\">{{ .Title }}</a>{{ end }}{{ end }}\n",
		"layouts/section.html":      "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .URL }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
	}
	for s := range sections {
		for p := range perSection {
			text := strings.Repeat(fmt.Sprintf("Version %s of page %d in section %d. ", version, p, s), 3)
			files[fmt.Sprintf("content/s%02d/p%03d.md", s, p)] = fmt.Sprintf(
				"---\ntitle: Page %d.%d %s\ndate: 2024-01-%02d\n---\n## Part one\n\n%s\n\nNext: [page](p%03d.md#part-one) [@src].\n",
				s, p, version, p%28+1, text, (p+1)%perSection)
		}
	}
	sitetest.Write(t, root, files)
}

// TestKilledBuildLeavesOldOrNewSite kills `generator build` with SIGKILL
// at many moments while it replaces one large site (A) with another (B):
// after every kill, dest must be exactly tree A or exactly tree B, never a
// mix; a later build must succeed and clean up what the killed ones left.
func TestKilledBuildLeavesOldOrNewSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-page site many times")
	}
	bin := sitetest.Generator(t)
	srcA, srcB := t.TempDir(), t.TempDir()
	writeLargeSite(t, srcA, "A", 20, 100)
	writeLargeSite(t, srcB, "B", 20, 100)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	build := func(src string) time.Duration {
		t.Helper()
		start := time.Now()
		if _, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--quiet", "--source", src, "--dest", dest); code != 0 {
			t.Fatalf("build of %s: exit %d\n%s", src, code, stderr)
		}
		return time.Since(start)
	}
	build(srcB)
	treeB := sitetest.Snapshot(t, dest)
	full := build(srcA)
	treeA := sitetest.Snapshot(t, dest)
	if len(treeA) < 2000 || len(treeA) != len(treeB) {
		t.Fatalf("trees of %d and %d entries", len(treeA), len(treeB))
	}
	if sitetest.Diff(treeA, treeB) == "" {
		t.Fatal("sites A and B build the same output")
	}
	t.Logf("a full build takes %v", full)

	// Fixed early moments, then moments spread over a whole build, up to
	// the swap at its end.
	delays := []time.Duration{0, 5 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for _, frac := range []float64{0.45, 0.9, 1.02} {
		jitter := 0.9 + 0.2*rng.Float64()
		delays = append(delays, time.Duration(float64(full)*frac*jitter))
	}
	current, trees := "A", map[string]sitetest.Tree{"A": treeA, "B": treeB}
	var outcomes []string
	for _, delay := range delays {
		next, src := "B", srcB
		if current == "B" {
			next, src = "A", srcA
		}
		cmd := exec.Command(bin, "build", "--no-cache", "--quiet", "--source", src, "--dest", dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Kill() // SIGKILL; fails only when the build already ended
		cmd.Wait()
		got := sitetest.Snapshot(t, dest)
		switch {
		case sitetest.Diff(trees[current], got) == "":
			outcomes = append(outcomes, fmt.Sprintf("%v: old", delay.Round(time.Millisecond)))
		case sitetest.Diff(trees[next], got) == "":
			outcomes = append(outcomes, fmt.Sprintf("%v: new", delay.Round(time.Millisecond)))
			current = next
		default:
			t.Fatalf("killed after %v, dest is neither site %s nor site %s:\nagainst %s:\n%s\nagainst %s:\n%s",
				delay, current, next, current, sitetest.Diff(trees[current], got), next, sitetest.Diff(trees[next], got))
		}
	}
	t.Logf("kills: %s", strings.Join(outcomes, ", "))

	// A normal build after the kills succeeds and removes their staging
	// folders.
	want := "A"
	if current == "A" {
		want = "B"
		build(srcB)
	} else {
		build(srcA)
	}
	if d := sitetest.Diff(trees[want], sitetest.Snapshot(t, dest)); d != "" {
		t.Errorf("after a normal build dest is not site %s:\n%s", want, d)
	}
	if names := dirNames(t, parent); !onlyDest(names, true) {
		t.Errorf("left beside dest after a normal build: %q", names)
	}
}
