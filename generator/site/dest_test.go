package site

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

// TestBuildRefusesDestThatHoldsSources runs `generator build` with --dest
// at the source folder, at content/, inside layouts/, at a parent of the
// source, and at each of these through a symbolic link: every build must
// be refused with exit status 1 and a clear message, and delete nothing.
func TestBuildRefusesDestThatHoldsSources(t *testing.T) {
	bin := sitetest.Generator(t)
	top := t.TempDir()
	src := filepath.Join(top, "site")
	sitetest.WriteArchiveFile(t, src, "testdata/badinput/_base.txtar")
	link := filepath.Join(top, "link")
	if err := os.Symlink(src, link); err != nil {
		t.Fatal(err)
	}
	const (
		replaces = "would replace the site's own sources"
		inside   = "is inside content/"
		inLayout = "is inside layouts/"
	)
	for _, c := range []struct {
		name, dest, msg string
	}{
		{"source folder", src, replaces},
		{"source folder written with a dot", filepath.Join(src, "."), replaces},
		{"content", filepath.Join(src, "content"), inside},
		{"folder in content", filepath.Join(src, "content", "public"), inside},
		{"folder in layouts", filepath.Join(src, "layouts", "out"), inLayout},
		{"parent of the source", top, replaces},
		{"relative parent of the source", filepath.Join(src, "content", "..", ".."), replaces},
		{"link to the source folder", link, replaces},
		{"content through a link", filepath.Join(link, "content"), inside},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := sitetest.Snapshot(t, top)
			_, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--source", src, "--dest", c.dest)
			checkNoCrash(t, stderr)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if !strings.Contains(stderr, c.msg) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr:\n%s\nwant one line saying %q", stderr, c.msg)
			}
			if d := sitetest.Diff(before, sitetest.Snapshot(t, top)); d != "" {
				t.Errorf("the refused build changed files:\n%s", d)
			}
		})
	}
	// The source given through the link, dest at its real content folder.
	before := sitetest.Snapshot(t, top)
	_, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--source", link, "--dest", filepath.Join(src, "content"))
	if code != 1 || !strings.Contains(stderr, inside) {
		t.Errorf("source through a link: exit %d, stderr:\n%s", code, stderr)
	}
	if d := sitetest.Diff(before, sitetest.Snapshot(t, top)); d != "" {
		t.Errorf("the refused build changed files:\n%s", d)
	}
}

// writeBaseSite writes the bad-input base site with extra files over it
// into a new folder and returns its root.
func writeBaseSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	sitetest.WriteArchiveFile(t, src, "testdata/badinput/_base.txtar")
	sitetest.Write(t, src, extra)
	return src
}

// TestBuildRefusesFolderOfOtherFiles runs `generator build` into a folder
// holding a repository and notes: refused with one line saying what is in
// the way and how to proceed, nothing deleted; --force replaces it.
func TestBuildRefusesFolderOfOtherFiles(t *testing.T) {
	bin := sitetest.Generator(t)
	src := writeBaseSite(t, nil)
	dest := filepath.Join(t.TempDir(), "site")
	sitetest.Write(t, dest, map[string]string{".git/HEAD": "ref: refs/heads/main\n", "notes.txt": "mine", "index.html": "my page"})
	before := sitetest.Snapshot(t, filepath.Dir(dest))
	_, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--source", src, "--dest", dest)
	checkNoCrash(t, stderr)
	if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 ||
		!strings.Contains(stderr, "holds files the generator did not write (.git/, index.html, notes.txt)") || !strings.Contains(stderr, "--force") {
		t.Errorf("exit %d, stderr:\n%s\nwant one line naming the files and --force", code, stderr)
	}
	if d := sitetest.Diff(before, sitetest.Snapshot(t, filepath.Dir(dest))); d != "" {
		t.Errorf("the refused build changed files:\n%s", d)
	}
	if _, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--force", "--source", src, "--dest", dest); code != 0 {
		t.Fatalf("with --force: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dest, "notes.txt")); !os.IsNotExist(err) {
		t.Error("--force kept notes.txt")
	}
	if _, err := os.Stat(filepath.Join(dest, publish.Marker)); err != nil {
		t.Errorf("no marker: %v", err)
	}
	// Marked now: the next build needs no --force.
	if _, stderr, code := runGenerator(t, bin, "build", "--no-cache", "--source", src, "--dest", dest); code != 0 {
		t.Errorf("rebuild: exit %d\n%s", code, stderr)
	}
}

// TestBuildAdoptsOutputOfEarlierVersion: a public/ built before the marker
// existed is replaced without --force.
func TestBuildAdoptsOutputOfEarlierVersion(t *testing.T) {
	src := writeBaseSite(t, nil)
	dest := filepath.Join(src, "public")
	sitetest.Write(t, dest, map[string]string{"index.html": "old", "404.html": "old", "assets/css/site.0123456789.css": "old", "settlement/index.html": "old"})
	if _, err := Build(Options{Source: src, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "404.html")); string(b) == "old" {
		t.Error("the old output was kept")
	}
}

// TestBuildIsRefusedWhilePreviewHoldsFolder: a Builder (serve) owns its
// folder until Close.
func TestBuildIsRefusedWhilePreviewHoldsFolder(t *testing.T) {
	src := writeBaseSite(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	b, err := NewBuilder(Options{Source: src, Dest: dest, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	before := sitetest.Snapshot(t, dest)
	_, err = Build(Options{Source: src, Dest: dest, NoCache: true, BaseURL: "https://example.org/"})
	if err == nil || !strings.Contains(err.Error(), "in use by a running generator serve") {
		t.Errorf("build into a served folder: %v", err)
	}
	if d := sitetest.Diff(before, sitetest.Snapshot(t, dest)); d != "" {
		t.Errorf("the refused build changed the preview:\n%s", d)
	}
	if _, err := NewBuilder(Options{Source: src, Dest: dest, NoCache: true}); err == nil {
		t.Error("a second preview shares the folder")
	}
	b.Close()
	if _, err := Build(Options{Source: src, Dest: dest, NoCache: true}); err != nil {
		t.Errorf("after the preview stopped: %v", err)
	}
}

// TestInterruptedBuildRemovesStaging sends SIGINT to a build whose layout
// never finishes: it must exit at once with status 130, remove its staging
// folder and leave the previous output as it was.
func TestInterruptedBuildRemovesStaging(t *testing.T) {
	bin := sitetest.Generator(t)
	src := writeBaseSite(t, map[string]string{
		"layouts/page.html": "{{ define \"main\" }}{{ range 1000000000000 }}{{ end }}{{ end }}\n",
	})
	dest := oldSite(t)
	before := sitetest.Snapshot(t, dest)
	cmd := exec.Command(bin, "build", "--no-cache", "--source", src, "--dest", dest)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.staging-*")); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no staging folder appeared")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	sent := time.Now()
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	took := time.Since(sent)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("exit: %v, want status 130; stderr:\n%s", err, stderr.String())
	}
	if took > 3*time.Second {
		t.Errorf("took %v to stop", took)
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if got := dirNames(t, filepath.Dir(dest)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("left in the parent folder: %q", got)
	}
	if d := sitetest.Diff(before, sitetest.Snapshot(t, dest)); d != "" {
		t.Errorf("the interrupted build changed dest:\n%s", d)
	}
}

// TestCacheFolderInsideContentIsRefused: build, serve and check refuse a
// --cache-dir inside content/, and nothing of it is published.
func TestCacheFolderInsideContentIsRefused(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/basic.txtar")
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: src, Dest: dest, CacheDir: filepath.Join(src, "content", "cache")}
	if _, err := Build(opts); err == nil || !strings.Contains(err.Error(), "inside content/") {
		t.Errorf("Build: %v; want a refusal", err)
	}
	if _, err := NewBuilder(opts); err == nil || !strings.Contains(err.Error(), "inside content/") {
		t.Errorf("NewBuilder: %v; want a refusal", err)
	}
	if ds := Check(opts, time.Now()); !ds.HasErrors() || !strings.Contains(ds.Error(), "inside content/") {
		t.Errorf("Check: %v; want a refusal", ds)
	}
	if _, err := os.Stat(opts.CacheDir); err == nil {
		t.Error("the refused cache folder was created")
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("the refused build wrote the output folder")
	}
}
