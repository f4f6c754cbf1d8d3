package watch

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteInPlaceIsReported(t *testing.T) {
	h := start(t, Options{})
	if h.w.Polling() {
		t.Fatal("Polling() = true, want fsnotify")
	}
	writeFile(t, h.path("page.md"), "second") // truncate + write, like VS Code
	h.exactly(h.path("page.md"))

	f, err := os.OpenFile(h.path("page.md"), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString(" more")
	must(t, err)
	must(t, f.Close())
	h.exactly(h.path("page.md"))
}

func TestAtomicRenameSaveReportsBothNames(t *testing.T) {
	h := start(t, Options{})
	writeFile(t, h.path("draft.md"), "new")
	must(t, os.Rename(h.path("draft.md"), h.path("page.md")))
	h.exactly(h.path("draft.md"), h.path("page.md"))
}

func TestAtomicSaveThroughTempNameReportsOnlyTheFile(t *testing.T) {
	for _, tmp := range []string{"page.md.tmp", "page.md.vsctmp", "page.mdQ7xz2a.bck"} {
		t.Run(tmp, func(t *testing.T) {
			h := start(t, Options{})
			writeFile(t, h.path(tmp), "new")
			must(t, os.Rename(h.path(tmp), h.path("page.md")))
			h.exactly(h.path("page.md"))
		})
	}
}

// The sequence vim uses with backupcopy=auto (or no) and writebackup.
func TestVimStyleSaveReportsOnlyTheFile(t *testing.T) {
	h := start(t, Options{})
	writeFile(t, h.path(".page.md.swp"), "swap")
	writeFile(t, h.path("4913"), "")
	must(t, os.Remove(h.path("4913")))
	must(t, os.Rename(h.path("page.md"), h.path("page.md~")))
	writeFile(t, h.path("page.md"), "saved by vim")
	must(t, os.Chmod(h.path("page.md"), 0o644))
	must(t, os.Remove(h.path("page.md~")))
	must(t, os.Remove(h.path(".page.md.swp")))
	h.exactly(h.path("page.md"))
}

// The sequence of JetBrains IDEs with "safe write" on.
func TestJetBrainsStyleSaveReportsOnlyTheFile(t *testing.T) {
	h := start(t, Options{})
	tmp, old := h.path("page.md___jb_tmp___"), h.path("page.md___jb_old___")
	writeFile(t, tmp, "saved by goland")
	must(t, os.Rename(h.path("page.md"), old))
	must(t, os.Rename(tmp, h.path("page.md")))
	must(t, os.Remove(old))
	h.exactly(h.path("page.md"))
}

// Emacs: lock symlink, auto-save file, backup by rename, new file.
func TestEmacsStyleSaveReportsOnlyTheFile(t *testing.T) {
	h := start(t, Options{})
	must(t, os.Symlink("user@host.1234:1700000000", h.path(".#page.md")))
	writeFile(t, h.path("#page.md#"), "auto-save")
	must(t, os.Rename(h.path("page.md"), h.path("page.md~")))
	writeFile(t, h.path("page.md"), "saved by emacs")
	must(t, os.Remove(h.path("#page.md#")))
	must(t, os.Remove(h.path(".#page.md")))
	h.exactly(h.path("page.md"))
}

// Helix: the file is renamed to a .bck backup, rewritten, the backup removed.
func TestHelixStyleSaveReportsOnlyTheFile(t *testing.T) {
	h := start(t, Options{})
	bck := h.path("page.mdU77clA.bck")
	must(t, os.Rename(h.path("page.md"), bck))
	writeFile(t, h.path("page.md"), "saved by helix")
	must(t, os.Chmod(h.path("page.md"), 0o644))
	must(t, os.Remove(bck))
	h.exactly(h.path("page.md"))
}

// The real thing, when vim is installed.
func TestRealVimSaveReportsOnlyTheFile(t *testing.T) {
	vim, err := exec.LookPath("vim")
	if err != nil {
		t.Skip("vim not installed")
	}
	for _, mode := range []string{"auto", "no", "yes"} {
		t.Run(mode, func(t *testing.T) {
			h := start(t, Options{})
			// backupskip= because vim makes no backup under /tmp by default.
			cmd := exec.Command(vim, "-u", "NONE", "-i", "NONE", "-N", "-es",
				"--cmd", "set backupcopy="+mode+" writebackup backupskip=",
				"-c", "normal Goedited", "-c", "wq", h.path("page.md"))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("vim: %v\n%s", err, out)
			}
			h.exactly(h.path("page.md"))
		})
	}
}

func TestEditorTempFilesAloneAreNotReported(t *testing.T) {
	h := start(t, Options{})
	names := []string{".page.md.swp", ".page.md.swx", "4913", "page.md~", "#page.md#",
		"page.md.tmp", "page.md___jb_tmp___", "page.md___jb_old___", ".DS_Store",
		"pageXXXXXX.bck", ".goutputstream-ABC123"}
	for _, n := range names {
		writeFile(t, h.path(n), "x")
	}
	must(t, os.Symlink("user@host.1:1", h.path(".#page.md")))
	for _, n := range names {
		must(t, os.Remove(h.path(n)))
	}
	h.none()
}

func TestChmodAloneIsNotReported(t *testing.T) {
	h := start(t, Options{})
	must(t, os.Chmod(h.path("page.md"), 0o600))
	must(t, os.Chmod(h.path("page.md"), 0o644))
	h.none()
}

func TestIgnoreHidesPathsAndSubtrees(t *testing.T) {
	h := start(t, Options{Ignore: func(p string) bool {
		b := filepath.Base(p)
		return b == "node_modules" || filepath.Ext(b) == ".log"
	}})
	must(t, os.Mkdir(h.path("node_modules"), 0o755))
	writeFile(t, h.path("node_modules", "x.js"), "x")
	writeFile(t, h.path("debug.log"), "x")
	h.none()
	writeFile(t, h.path("node_modules", "y.js"), "y")
	writeFile(t, h.path("kept.md"), "x")
	h.exactly(h.path("kept.md"))
}

func TestNestedFoldersCreatedAfterStartAreWatched(t *testing.T) {
	h := start(t, Options{})
	deep := h.path("a", "b", "c")
	must(t, os.MkdirAll(deep, 0o755))
	writeFile(t, filepath.Join(deep, "x.md"), "written right after mkdir")
	h.exactly(h.path("a"), h.path("a", "b"), deep, filepath.Join(deep, "x.md"))

	// The new directories are watched, not just scanned once.
	writeFile(t, filepath.Join(deep, "y.md"), "later")
	h.exactly(filepath.Join(deep, "y.md"))
}

func TestFolderMovedInIsWatchedAndListed(t *testing.T) {
	h := start(t, Options{})
	outside := filepath.Join(t.TempDir(), "sec")
	must(t, os.MkdirAll(filepath.Join(outside, "sub"), 0o755))
	writeFile(t, filepath.Join(outside, "sub", "x.md"), "x")
	must(t, os.Rename(outside, h.path("sec")))
	h.exactly(h.path("sec"), h.path("sec", "sub"), h.path("sec", "sub", "x.md"))

	writeFile(t, h.path("sec", "sub", "y.md"), "y")
	h.exactly(h.path("sec", "sub", "y.md"))
}

func TestRenamedFolderReportsOldAndNewNames(t *testing.T) {
	h := start(t, Options{})
	must(t, os.MkdirAll(h.path("old", "sub"), 0o755))
	writeFile(t, h.path("old", "sub", "x.md"), "x")
	h.await(h.path("old", "sub", "x.md"))

	must(t, os.Rename(h.path("old"), h.path("new")))
	h.exactly(h.path("old"), h.path("new"), h.path("new", "sub"), h.path("new", "sub", "x.md"))
	// Writes below the new name are reported under the new name only.
	writeFile(t, h.path("new", "sub", "y.md"), "y")
	h.exactly(h.path("new", "sub", "y.md"))
}

// What a git checkout does to a folder.
func TestFolderDeletedAndRecreatedIsWatchedAgain(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "page.md"), "x")
	must(t, os.Mkdir(filepath.Join(root, "sec"), 0o755))
	writeFile(t, filepath.Join(root, "sec", "old.md"), "old")
	h := start(t, Options{Roots: []string{root}})

	must(t, os.RemoveAll(h.path("sec")))
	must(t, os.Mkdir(h.path("sec"), 0o755))
	writeFile(t, h.path("sec", "new.md"), "new")
	h.exactly(h.path("sec"), h.path("sec", "old.md"), h.path("sec", "new.md"))

	writeFile(t, h.path("sec", "later.md"), "later")
	h.exactly(h.path("sec", "later.md"))
}

func TestRootCreatedAfterStartIsWatched(t *testing.T) {
	site := t.TempDir()
	root := filepath.Join(site, "deeper", "content") // neither exists yet
	h := start(t, Options{Roots: []string{root}})

	must(t, os.MkdirAll(root, 0o755))
	writeFile(t, filepath.Join(root, "a.md"), "a")
	h.await(root, filepath.Join(root, "a.md"))

	writeFile(t, filepath.Join(root, "b.md"), "b")
	h.exactly(filepath.Join(root, "b.md"))

	// Deleted and recreated, like a git checkout of the whole folder.
	must(t, os.RemoveAll(root))
	h.await(root)
	must(t, os.Mkdir(root, 0o755))
	writeFile(t, filepath.Join(root, "c.md"), "c")
	h.await(root, filepath.Join(root, "c.md"))
	writeFile(t, filepath.Join(root, "d.md"), "d")
	h.exactly(filepath.Join(root, "d.md"))
}

func TestRemovedFileAndFolderAreReported(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "page.md"), "x")
	must(t, os.MkdirAll(filepath.Join(root, "sec", "sub"), 0o755))
	h := start(t, Options{Roots: []string{root}})

	must(t, os.Remove(h.path("page.md")))
	h.exactly(h.path("page.md"))
	must(t, os.RemoveAll(h.path("sec")))
	h.exactly(h.path("sec"), h.path("sec", "sub"))
}

func TestBurstOfWritesMakesOneBatch(t *testing.T) {
	h := start(t, Options{})
	var want []string
	for i := range 100 {
		p := h.path(fmt.Sprintf("p%03d.md", i))
		writeFile(t, p, "x")
		writeFile(t, h.path("page.md"), fmt.Sprint(i))
		want = append(want, p)
	}
	got := h.exactly(append(want, h.path("page.md"))...)
	// One batch unless the writing goroutine is descheduled for longer than
	// Quiet, which a busy machine does: 3 batches were seen with -race,
	// -cpu 1 and both cores kept busy.
	if len(got) > 5 {
		t.Errorf("100 writes made %d batches, want 1 (at most 5)", len(got))
	}
	t.Logf("100 writes: %d batch(es)", len(got))
}

func TestRunTwiceFails(t *testing.T) {
	h := start(t, Options{})
	deadline := time.Now().Add(waitFor)
	for !h.w.running.Load() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond) // until the harness's Run has started
	}
	if err := h.w.Run(t.Context(), make(chan Batch)); err == nil {
		t.Error("second Run returned nil")
	}
}

// A burst that never goes quiet is still cut, after 4×Quiet here.
func TestEndlessBurstIsCut(t *testing.T) {
	h := start(t, Options{Quiet: 500 * time.Millisecond})
	stop := time.Now().Add(3 * time.Second)
	for i := 0; time.Now().Before(stop); i++ {
		writeFile(t, h.path("page.md"), fmt.Sprint(i))
		select {
		case b := <-h.ch:
			h.receive(b)
			return // cut before the writes stopped
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Error("no batch while writes went on for 3s with Quiet = 500ms")
}
