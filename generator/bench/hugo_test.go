package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHugoSiteCopyMatchesShared(t *testing.T) {
	shared := findShared("hugo")
	if shared == "" {
		t.Skip("shared/bench/hugo not found")
	}
	n := 0
	err := filepath.WalkDir(shared, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(shared, p)
		if rel == "resources" || strings.HasPrefix(d.Name(), ".") { // written by Hugo runs
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got, err := hugoSite.ReadFile("hugo-site/" + filepath.ToSlash(rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("hugo-site/%s differs from %s: update the copy", rel, p)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no files in", shared)
	}
}
