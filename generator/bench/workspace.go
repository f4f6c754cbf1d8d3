package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/blog"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

// benchLayouts are the generator's layouts for the corpus: the same pages,
// lists, tag pages and feeds as the Hugo site in hugo-site/.
//
//go:embed layouts
var benchLayouts embed.FS

// hugoSite is a copy of shared/bench/hugo, the Hugo reference site, so the
// benchmark runs without the shared folder (hugo_test.go keeps it equal).
//
//go:embed all:hugo-site
var hugoSite embed.FS

// workspace is the folder holding corpora, outputs and caches.
type workspace struct{ root string }

func newWorkspace(dir string) (*workspace, error) {
	if dir == "" {
		d, err := os.MkdirTemp("", "kp-bench-")
		if err != nil {
			return nil, err
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	return &workspace{root: abs}, err
}

func (w *workspace) path(elem ...string) string {
	return filepath.Join(append([]string{w.root}, elem...)...)
}

// corpus returns the site folder of an n-page corpus: content/ from
// gen-corpus (or its Go port), content/site.yaml and layouts/. A corpus
// already complete in the workspace is reused.
func (w *workspace) corpus(n int) (string, error) {
	dir := w.path(fmt.Sprintf("corpus-%d", n))
	stamp := filepath.Join(dir, ".corpus-complete")
	if b, err := os.ReadFile(stamp); err != nil || string(b) != strconv.Itoa(n) {
		os.Remove(stamp)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		how := "Go port of gen-corpus"
		if script := findShared("gen-corpus"); script != "" && hasCommand("python3") {
			how = script
			out, err := exec.Command("python3", script, strconv.Itoa(n), dir).CombinedOutput()
			if err != nil {
				return "", fmt.Errorf("gen-corpus: %v\n%s", err, out)
			}
		} else if err := gencorpus.Write(n, dir); err != nil {
			return "", err
		}
		fmt.Fprintf(os.Stderr, "corpus of %d pages written by %s\n", n, how)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte("title: SSG bench\nbase_url: http://127.0.0.1:1313/\n"), 0o644); err != nil {
		return "", err
	}
	if err := os.RemoveAll(filepath.Join(dir, "layouts")); err != nil {
		return "", err
	}
	if err := copyEmbedded(benchLayouts, "layouts", filepath.Join(dir, "layouts")); err != nil {
		return "", err
	}
	return dir, os.WriteFile(stamp, []byte(strconv.Itoa(n)), 0o644)
}

// blog returns the site folder of an n-post realistic blog (package
// blog): content/ and layouts/. A blog already complete in the workspace
// is reused.
func (w *workspace) blog(n int) (string, error) {
	dir := w.path(fmt.Sprintf("blog-%d", n))
	stamp := filepath.Join(dir, ".corpus-complete")
	want := fmt.Sprintf("%d posts, version %d", n, blog.Version)
	if b, err := os.ReadFile(stamp); err != nil || string(b) != want {
		os.Remove(stamp)
		if err := blog.Write(n, dir); err != nil {
			return "", err
		}
		fmt.Fprintf(os.Stderr, "blog of %d posts written\n", n)
	}
	if err := os.RemoveAll(filepath.Join(dir, "layouts")); err != nil {
		return "", err
	}
	if err := copyEmbedded(blog.Layouts, "layouts", filepath.Join(dir, "layouts")); err != nil {
		return "", err
	}
	return dir, os.WriteFile(stamp, []byte(want), 0o644)
}

// hugoSiteDir writes a Hugo site (root folder root of efs) into the
// workspace folder name.
func (w *workspace) hugoSiteDir(efs embed.FS, root, name string) (string, error) {
	dir := w.path(name)
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	return dir, copyEmbedded(efs, root, dir)
}

func copyEmbedded(efs embed.FS, root, dst string) error {
	return fs.WalkDir(efs, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		out := filepath.Join(dst, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(p, root), "/")))
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := efs.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
}

func hasCommand(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}
