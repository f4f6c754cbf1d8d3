// Package publish writes a build's output into the destination folder.
//
// A full build writes into a staging folder beside the destination
// (Staging) and, only when the build succeeded, swaps it with the
// destination in one atomic rename (renameat2 RENAME_EXCHANGE on Linux), so
// a failed or killed build leaves the previous site exactly as it was and
// readers never see a mix of old and new files.
//
// The output the swap replaced is not deleted: it is kept beside the
// destination as a spare folder (".public.spare" for "public"), and the
// next build takes it as its staging folder, rewriting its files in place
// and removing the ones it does not write. A rebuild then creates and
// deletes almost no files or folders: on a disk, creating tens of thousands
// of files right after deleting as many costs more than writing them (an
// ext4 file system without a journal scans past every inode deleted in the
// last minute for each new one), and deleting them costs as much again. The preview server instead
// updates the destination in place (Sync), rewriting only files whose bytes
// changed and removing files the new build no longer has.
//
// Every output folder holds a Marker file. A build replaces only a
// destination that is missing, empty or marked (see CheckDest). When the
// destination cannot be swapped (it is a mount point or a symbolic link,
// or its parent folder is read-only), the staging folder is made inside
// it and Commit replaces its contents entry by entry instead (see
// Staging.InPlace). A build and a preview server never write one folder
// at once: builds hold a shared lock on the destination, the preview
// server an exclusive one (LockDest).
package publish

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Writer receives output files. Paths are slash-separated and relative to
// the destination. Implementations are safe for concurrent use, and must
// not keep data after WriteFile returns: callers reuse the buffer.
type Writer interface {
	WriteFile(rel string, data []byte) error
}

// CheckRel reports an output path that is not a clean relative path inside
// the destination.
func CheckRel(rel string) error {
	if rel == "" || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || strings.ContainsRune(rel, 0) ||
		path.Clean(rel) != rel || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	return nil
}

// realPath returns the absolute form of p with every symbolic link in its
// existing part resolved; the part that does not exist yet is kept as
// written.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}
