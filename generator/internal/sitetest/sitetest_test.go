package sitetest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWritersAndReadTreeRoundTrip(t *testing.T) {
	want := Tree{"content/a.md": []byte("# A\n"), "layouts/page.html": []byte("{{ .Content }}")}
	dirs := map[string]string{
		"map":     FromMap(t, map[string]string{"content/a.md": "# A\n", "layouts/page.html": "{{ .Content }}"}),
		"fs":      FromFS(t, fstest.MapFS{"content/a.md": {Data: []byte("# A\n")}, "layouts/page.html": {Data: []byte("{{ .Content }}")}}),
		"archive": FromArchive(t, "-- content/a.md --\n# old\n", "-- content/a.md --\n# A\n-- layouts/page.html --\n{{ .Content }}"),
	}
	for name, dir := range dirs {
		got := ReadTree(t, dir)
		if name == "archive" {
			got["layouts/page.html"] = []byte(strings.TrimSuffix(string(got["layouts/page.html"]), "\n"))
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("%s:\n%s", name, d)
		}
	}
}

func TestFromArchiveFileHoldsNamedFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.txtar")
	os.WriteFile(path, []byte("comment\n-- content/a.md --\nA\n-- want --\nerror\n"), 0o644)
	dir, held := FromArchiveFile(t, path, "want")
	if held["want"] != "error\n" {
		t.Errorf("held %q", held)
	}
	if names := ReadTree(t, dir).Names(); !slices.Equal(names, []string{"content/a.md"}) {
		t.Errorf("wrote %q", names)
	}
}

func TestDiffNamesEveryDifferenceReadably(t *testing.T) {
	want := Tree{"a.html": []byte("<p>one</p>\n<p>two</p>\n"), "gone.html": nil, "same": []byte("x"), "img.png": {0, 1, 2}}
	got := Tree{"a.html": []byte("<p>one</p>\n<p>too</p>\n"), "new.html": nil, "same": []byte("x"), "img.png": {0, 1, 3}}
	d := Diff(want, got)
	for _, line := range []string{"differs a.html\n    line 2:\n    want: <p>two</p>\n    got:  <p>too</p>", "missing gone.html", "differs img.png\n    binary files differ at byte 2", "extra new.html"} {
		if !strings.Contains(d, line) {
			t.Errorf("diff lacks %q:\n%s", line, d)
		}
	}
	if strings.Contains(d, "same") {
		t.Errorf("diff names an equal file:\n%s", d)
	}
	if Diff(want, want) != "" {
		t.Error("a tree differs from itself")
	}
}

func TestFirstDiffShowsTheDifferenceInALongLine(t *testing.T) {
	long := strings.Repeat("<p>same</p>", 100)
	d := FirstDiff([]byte(long+"<b>a</b>"+long), []byte(long+"<b>b</b>"+long))
	if !strings.Contains(d, "want: …") || !strings.Contains(d, "<b>a</b>") || !strings.Contains(d, "<b>b</b>") || len(d) > 600 {
		t.Errorf("diff of a long line:\n%s", d)
	}
}

func TestArchiveSummarisesBinaryFiles(t *testing.T) {
	got := string(Archive(Tree{"b.txt": []byte("no newline"), "a.png": {0x89, 'P', 0}}))
	want := "-- a.png --\n(binary, 3 bytes, sha256 " // then the hash
	if !strings.HasPrefix(got, want) || !strings.HasSuffix(got, ")\n-- b.txt --\nno newline\n") {
		t.Errorf("archive:\n%s", got)
	}
}

func TestEditorNotesWhatChanged(t *testing.T) {
	ed := NewEditor(t, FromMap(t, map[string]string{"content/a.md": "old text"}))
	ed.Replace("content/a.md", "old", "new")
	ed.Write("content/b/c.md", "C")
	ed.Rename("content/b/c.md", "content/d.md")
	ed.Remove("content/b")
	want := []string{ed.Path("content/a.md"), ed.Path("content/b/c.md"), ed.Path("content/b/c.md"), ed.Path("content/d.md"), ed.Path("content/b")}
	if got := ed.Changed(); !slices.Equal(got, want) {
		t.Errorf("changed %q, want %q", got, want)
	}
	if len(ed.Changed()) != 0 {
		t.Error("Changed does not forget")
	}
	if got := ReadTree(t, ed.Root); string(got["content/a.md"]) != "new text" || string(got["content/d.md"]) != "C" || len(got) != 2 {
		t.Errorf("tree after edits: %q", got)
	}
}

func TestSnapshotSeesFoldersLinksAndAbsence(t *testing.T) {
	dir := FromMap(t, map[string]string{"a/b.txt": "x"})
	os.Symlink("a/b.txt", filepath.Join(dir, "link"))
	got := Snapshot(t, dir)
	if string(got["a"]) != "dir" || string(got["link"]) != "link a/b.txt" || !strings.HasPrefix(string(got["a/b.txt"]), "sha256 ") {
		t.Errorf("snapshot %q", got)
	}
	if len(Snapshot(t, filepath.Join(dir, "absent"))) != 0 {
		t.Error("an absent folder is not empty")
	}
}
