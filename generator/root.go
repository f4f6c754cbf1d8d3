package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// siteMarker is the file that marks a site's root folder.
const siteMarker = "content/site.yaml"

// findSiteRoot walks up from dir to the first folder holding
// content/site.yaml, as git finds .git. It returns "" when there is none.
func findSiteRoot(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(siteMarker))); err == nil && fi.Mode().IsRegular() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// workDir is the folder commands start from.
func (e *env) workDir() string {
	if e.dir != "" {
		return e.dir
	}
	d, err := os.Getwd()
	if err != nil {
		return "."
	}
	return d
}

// findRoot sets f.source: the --source folder, which must hold
// content/site.yaml, or the site found above the working folder. Paths in
// messages stay relative to the site root.
func (f *siteFlags) findRoot(e *env) error {
	source, err := siteRoot(e, f.source)
	f.source = source
	return err
}

// siteRoot returns the site root for a --source value ("" when not given).
func siteRoot(e *env, source string) (string, error) {
	if source != "" {
		if _, err := os.Stat(filepath.Join(source, filepath.FromSlash(siteMarker))); err != nil {
			fmt.Fprintf(e.stderr, "generator: --source %s: there is no %s in that folder; give the folder that holds content/ and layouts/\n", source, siteMarker)
			return source, errUsage
		}
		return source, nil
	}
	root := findSiteRoot(e.workDir())
	if root == "" {
		fmt.Fprintf(e.stderr, "generator: %s is not inside a site (no %s in it or in any folder above it); go to the site's folder, or give it with --source DIR\n", e.workDir(), siteMarker)
		return "", errUsage
	}
	if rel, err := filepath.Rel(e.workDir(), root); err == nil && rel == "." {
		return ".", nil
	}
	return root, nil
}
