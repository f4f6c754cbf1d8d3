package publish

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// readTree reads an output folder, leaving out the generator's marker file.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, data := range sitetest.ReadTree(t, dir) {
		if path.Base(name) != Marker {
			out[name] = string(data)
		}
	}
	return out
}

func TestStagingCommitReplacesDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(filepath.Join(dest, "gone"), 0o755)
	os.WriteFile(filepath.Join(dest, "gone", "index.html"), []byte("old"), 0o644)
	s, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("a/b/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, dest); got["gone/index.html"] != "old" {
		t.Fatal("destination changed before commit")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dest)
	if len(got) != 1 || got["a/b/index.html"] != "new" {
		t.Errorf("after commit: %v", got)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.staging-*"))
	if len(left) != 0 {
		t.Errorf("staging folders left: %v", left)
	}
}

func TestAbortLeavesDestinationUntouched(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(dest, 0o755)
	os.WriteFile(filepath.Join(dest, "index.html"), []byte("old"), 0o644)
	s, _ := NewStaging(dest)
	s.WriteFile("index.html", []byte("new"))
	s.Abort()
	if got := readTree(t, dest); got["index.html"] != "old" || len(got) != 1 {
		t.Errorf("destination changed: %v", got)
	}
}

func TestWriteFileRefusesPathsOutsideDestination(t *testing.T) {
	s, _ := NewStaging(filepath.Join(t.TempDir(), "public"))
	defer s.Abort()
	for _, rel := range []string{"../x", "/etc/passwd", "a/../../x", "a\\..\\x", "", "./a", "a//b"} {
		if err := s.WriteFile(rel, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", rel)
		}
	}
}

func TestCheckDestRefusesSourceFolders(t *testing.T) {
	src := t.TempDir()
	for _, d := range []string{src, filepath.Dir(src), filepath.Join(src, "content"), filepath.Join(src, "layouts", "x")} {
		if err := CheckDest(src, d, false); err == nil {
			t.Errorf("CheckDest(%q) allowed", d)
		}
	}
	if err := CheckDest(src, filepath.Join(src, "public"), false); err != nil {
		t.Errorf("public refused: %v", err)
	}
}

func TestSyncWritesOnlyChangesAndRemovesStale(t *testing.T) {
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "stale.html"), []byte("x"), 0o644)
	s, err := NewSync(dest)
	if err != nil {
		t.Fatal(err)
	}
	s.Begin()
	s.WriteFile("a/index.html", []byte("A"))
	s.WriteFile("b/c/index.html", []byte("B"))
	changed := s.Finish()
	if strings.Join(changed, ",") != "a/index.html,b/c/index.html,stale.html" {
		t.Errorf("first build changed %v", changed)
	}
	info1, _ := os.Stat(filepath.Join(dest, "a/index.html"))
	s.Begin()
	s.WriteFile("a/index.html", []byte("A"))
	changed = s.Finish()
	if strings.Join(changed, ",") != "b/c/index.html" {
		t.Errorf("second build changed %v", changed)
	}
	info2, _ := os.Stat(filepath.Join(dest, "a/index.html"))
	if !os.SameFile(info1, info2) {
		t.Error("unchanged file was rewritten")
	}
	got := readTree(t, dest)
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if strings.Join(keys, ",") != "a/index.html" {
		t.Errorf("tree %v", keys)
	}
	if _, err := os.Stat(filepath.Join(dest, "b")); !os.IsNotExist(err) {
		t.Error("empty folder b left behind")
	}
}

// commitTree builds files into dest through a Staging and commits it.
func commitTree(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	s, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	for rel, body := range files {
		if err := s.WriteFile(rel, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestRebuildRewritesTheReplacedOutputInPlace(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	commitTree(t, dest, map[string]string{"a/index.html": "one", "gone/index.html": "one", "x/y.txt": "file"})
	if _, err := os.Stat(SpareDir(dest)); !os.IsNotExist(err) {
		t.Fatalf("a first build left a spare folder: %v", err)
	}
	commitTree(t, dest, map[string]string{"a/index.html": "two", "b/index.html": "two"})
	spare := SpareDir(dest)
	if got := readTree(t, spare); got["a/index.html"] != "one" || got["gone/index.html"] != "one" {
		t.Fatalf("the replaced output was not kept as the spare: %v", got)
	}
	before, err := os.Stat(filepath.Join(spare, "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// Things a person may have left in the spare: a symbolic link where a
	// folder goes, a file where a folder goes, a folder where a file goes,
	// a read-only file.
	outside := t.TempDir()
	os.RemoveAll(filepath.Join(spare, "gone"))
	if err := os.Symlink(outside, filepath.Join(spare, "gone")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(spare, "c.txt"), 0o755)
	os.Chmod(filepath.Join(spare, "a", "index.html"), 0o400)

	commitTree(t, dest, map[string]string{"a/index.html": "three", "gone/index.html": "three", "x/y.txt/index.html": "dir now", "c.txt": "file now"})
	want := map[string]string{"a/index.html": "three", "gone/index.html": "three", "x/y.txt/index.html": "dir now", "c.txt": "file now"}
	got := readTree(t, dest)
	if len(got) != len(want) {
		t.Errorf("after the third build: %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	after, err := os.Lstat(filepath.Join(dest, "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("a/index.html is a new file: the spare was not rewritten in place")
	}
	if after.Mode().Perm() != 0o644 {
		t.Errorf("a/index.html mode %v, want 0644", after.Mode().Perm())
	}
	if fi, err := os.Lstat(filepath.Join(dest, "gone")); err != nil || !fi.IsDir() {
		t.Errorf("gone/ is not a real folder: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("a write followed the symbolic link out of the output: %v", entries)
	}
	if got := readTree(t, SpareDir(dest)); got["b/index.html"] != "two" {
		t.Errorf("the second build's output is not the new spare: %v", got)
	}
	left, _ := filepath.Glob(filepath.Join(root, ".public.staging-*"))
	if len(left) != 0 {
		t.Errorf("staging folders left: %v", left)
	}
}

func TestAbortPutsTheSpareBack(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	commitTree(t, dest, map[string]string{"index.html": "one"})
	commitTree(t, dest, map[string]string{"index.html": "two"})
	s, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(SpareDir(dest)); !os.IsNotExist(err) {
		t.Fatalf("the spare was not taken: %v", err)
	}
	s.WriteFile("index.html", []byte("three"))
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, dest); got["index.html"] != "two" || len(got) != 1 {
		t.Errorf("destination changed: %v", got)
	}
	if _, err := os.Stat(SpareDir(dest)); err != nil {
		t.Errorf("the spare is gone after an abort: %v", err)
	}
}
