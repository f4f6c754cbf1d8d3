package publish

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheckDestFollowsSymbolicLinks(t *testing.T) {
	top := t.TempDir()
	src := filepath.Join(top, "site")
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	link := filepath.Join(top, "link")
	if err := os.Symlink(src, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ source, dest string }{
		{src, link},
		{src, filepath.Join(link, "content")},
		{src, filepath.Join(link, "content", "new", "folder")},
		{link, src},
		{link, filepath.Join(src, "content")},
		{link, top},
	} {
		if err := CheckDest(c.source, c.dest, false); err == nil {
			t.Errorf("CheckDest(%q, %q) allowed", c.source, c.dest)
		}
	}
	if err := CheckDest(link, filepath.Join(link, "public"), false); err != nil {
		t.Errorf("public through a link refused: %v", err)
	}
}

// TestStagingOfARunningBuildIsKept starts two builds into one folder: the
// second must not remove the first one's staging folder as stale, and
// both commit whole trees.
func TestStagingOfARunningBuildIsKept(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	stale := filepath.Join(parent, ".public.staging-killed")
	os.MkdirAll(filepath.Join(stale, "x"), 0o755)

	first, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the staging folder of a killed build was not removed")
	}
	second, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.WriteFile("a/index.html", []byte("first")); err != nil {
		t.Fatalf("the second build removed the first one's staging folder: %v", err)
	}
	if err := second.WriteFile("b/index.html", []byte("second")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, dest); len(got) != 1 || got["b/index.html"] != "second" {
		t.Errorf("dest holds %v", got)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".public.staging-*")); len(left) != 0 {
		t.Errorf("staging folders left: %v", left)
	}
}
