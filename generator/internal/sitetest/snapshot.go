package sitetest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Snapshot describes everything under dir, to prove a command left it
// alone: each file by the SHA-256 of its bytes, each folder as "dir", each
// symbolic link as "link " and its target, anything else (a named pipe:
// never read) as "special " and its type. An absent dir is an empty tree.
// Compare two snapshots with [Diff].
func Snapshot(tb testing.TB, dir string) Tree {
	tb.Helper()
	out := Tree{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = []byte("link " + target)
		case d.IsDir():
			out[rel] = []byte("dir")
		case !d.Type().IsRegular():
			out[rel] = []byte("special " + d.Type().String())
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			out[rel] = []byte("sha256 " + hex.EncodeToString(sum[:]))
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("sitetest: describing %s: %v", dir, err)
	}
	return out
}
