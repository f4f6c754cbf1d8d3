package publish

import (
	"os"
	"path/filepath"
	"testing"
)

// TestKeepSavesAFileOfTheReusedFolder: the third build into a folder
// reuses the first one's output; a file it keeps stays, with the bytes and
// identity it had, and a file it neither writes nor keeps is removed.
func TestKeepSavesAFileOfTheReusedFolder(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	ids := map[string]string{}
	for i := 0; i < 3; i++ {
		s, err := NewStaging(dest)
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			for _, rel := range []string{"p/photo.jpg", "p/old.jpg"} {
				if err := s.WriteFile(rel, []byte("bytes of "+rel)); err != nil {
					t.Fatal(err)
				}
			}
			if i == 0 {
				ids["p/photo.jpg"] = s.Identity("p/photo.jpg")
			}
		} else {
			id := s.Identity("p/photo.jpg")
			if id == "" || id != ids["p/photo.jpg"] {
				t.Fatalf("identity in the reused folder %q, want %q", id, ids["p/photo.jpg"])
			}
			if err := s.Keep("p/photo.jpg"); err != nil {
				t.Fatal(err)
			}
			if err := s.Keep("p/missing.jpg"); err == nil {
				t.Error("Keep of a missing file succeeded")
			}
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dest, "p", "photo.jpg")); err != nil || string(b) != "bytes of p/photo.jpg" {
		t.Errorf("kept file: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "p", "old.jpg")); !os.IsNotExist(err) {
		t.Errorf("a file neither written nor kept is still there (%v)", err)
	}
}
