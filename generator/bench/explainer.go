package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// benchExplainer measures builds of this repository's own site (the
// working directory), process start included, against the start of the
// same binary doing nothing ("generator version"), and the same build by
// the generator built against chroma with the change proposed upstream
// (lazychroma.go), when it applies. The caches are warm, as on an
// editor's machine: each binary has its own cache folder.
func benchExplainer(c config, w *workspace, gen string) (sizeResult, error) {
	root, err := os.Getwd()
	if err != nil {
		return sizeResult{}, err
	}
	if _, err := os.Stat(filepath.Join(root, "content", "site.yaml")); err != nil {
		return sizeResult{}, fmt.Errorf("-explainer: run the benchmark from the repository root (%v)", err)
	}
	outRoot := w.path("explainer")
	if c.destRoot != "" {
		outRoot = filepath.Join(c.destRoot, "kp-bench-explainer")
	}
	if err := os.MkdirAll(outRoot, 0o755); err != nil {
		return sizeResult{}, err
	}
	defer os.RemoveAll(outRoot)
	dest, cache := filepath.Join(outRoot, "public"), filepath.Join(outRoot, "cache")
	none := func() error { return nil }
	vs := []variant{
		{name: "explainer build", prepare: func() error { return os.RemoveAll(dest) }, command: func() *exec.Cmd {
			return exec.Command(gen, "build", "--quiet", "--source", root, "--dest", dest, "--cache-dir", cache)
		}},
		{name: "process start only (version)", prepare: none, command: func() *exec.Cmd { return exec.Command(gen, "version") }},
	}
	if lazy, err := buildLazyChroma(w, root); err != nil {
		fmt.Fprintf(os.Stderr, "not measuring the explainer with chroma's lazy registry: %v\n", err)
	} else {
		// Its own cache folder: the caches are keyed by the generator
		// binary, and two binaries taking turns with one folder would each
		// find the other's entries, never their own.
		lazyCache := filepath.Join(outRoot, "cache-lazy")
		vs = append(vs,
			variant{name: lazyChromaBuild, prepare: func() error { return os.RemoveAll(dest) }, command: func() *exec.Cmd {
				return exec.Command(lazy, "build", "--quiet", "--source", root, "--dest", dest, "--cache-dir", lazyCache)
			}},
			variant{name: "process start only, chroma with the patch", prepare: none, command: func() *exec.Cmd { return exec.Command(lazy, "version") }})
	}
	for range warmBuilds {
		for _, v := range vs {
			v.prepare()
			if _, msg, err := measure(v.command()); err != nil {
				return sizeResult{}, fmt.Errorf("%s: %v\n%s", v.name, err, msg)
			}
		}
	}
	return measureRounds(c, sizeResult{suite: "explainer", pages: countPages(dest), variants: vs, samples: map[string][]sample{}}, c.explain)
}

// warmBuilds is how many builds fill a cache folder: the first build of
// a generator binary keeps only the render cache's state, the second its
// pages (site.renderCache.keeps). With one, the first measured
// build rendered every page (119 ms among builds of 41-70 ms).
const warmBuilds = 2

// lazyChromaBuild names the explainer's build by the generator built
// against chroma with the upstream patch.
const lazyChromaBuild = "explainer build, chroma with the upstream patch"

// countPages counts the pages built into dest, in every language: the
// index.html files at any depth.
func countPages(dest string) int {
	n := 0
	filepath.WalkDir(dest, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "index.html" {
			n++
		}
		return nil
	})
	return n
}

// machine describes the computer: cores, memory and CPU model.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
		}
	}
	s := fmt.Sprintf("%d cores%s, %s/%s", runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH)
	if model != "" {
		s += ", " + model
	}
	return s
}
