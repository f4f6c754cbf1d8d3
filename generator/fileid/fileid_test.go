package fileid

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
)

// TestOfChangesWhenTheFileIsWritten: rewriting a file with as many bytes
// and setting its modification time back still changes its identity where
// the system gives a change time; a file of an in-memory file system has
// none.
func TestOfChangesWhenTheFileIsWritten(t *testing.T) {
	p := filepath.Join(t.TempDir(), "photo.jpg")
	if err := os.WriteFile(p, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	before := Of(fi)
	if before == "" {
		t.Fatal("no identity for a regular file")
	}
	if again, _ := os.Stat(p); Of(again) != before {
		t.Error("identity changed without a write")
	}
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(p, []byte("other"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(p)
	if Strong(after) && Of(after) == before {
		t.Error("same identity after a rewrite with the modification time set back")
	}
	mfi, _ := fstest.MapFS{"a": {Data: []byte("x")}}.Stat("a")
	if Of(mfi) != "" {
		t.Error("an in-memory file without a modification time has an identity")
	}
}
