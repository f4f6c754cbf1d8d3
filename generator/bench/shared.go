package main

import (
	"os"
	"path/filepath"
	"runtime"
)

// findShared returns the path of a file of shared/bench, looked up from the
// BENCH_SHARED environment variable, then from the folders above this
// source file and the working directory, or "".
func findShared(name string) string {
	var roots []string
	if d := os.Getenv("BENCH_SHARED"); d != "" {
		roots = append(roots, d)
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		roots = append(roots, ancestors(filepath.Dir(file))...)
	}
	if wd, err := os.Getwd(); err == nil {
		roots = append(roots, ancestors(wd)...)
	}
	for _, r := range roots {
		for _, p := range []string{filepath.Join(r, name), filepath.Join(r, "shared", "bench", name)} {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

func ancestors(dir string) []string {
	var out []string
	for {
		out = append(out, dir)
		parent := filepath.Dir(dir)
		if parent == dir {
			return out
		}
		dir = parent
	}
}
