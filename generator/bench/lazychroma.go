package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// lazyChromaPatch is the change to chroma proposed upstream (see its
// README): the lexer registry is built on first use instead of at start-up.
const lazyChromaPatch = "generator/highlight/upstream/chroma-lazy-registry.patch"

// buildLazyChroma builds the generator against chroma with the upstream
// patch applied, to measure what the change would give this site: it
// copies the chroma module go.mod names into the workspace, applies the
// patch there, and builds with a copy of go.mod that replaces chroma with
// that folder (go build -modfile). The repository is left as it is.
func buildLazyChroma(w *workspace, root string) (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		return "", fmt.Errorf("finding chroma's module: %v", err)
	}
	src := string(out[:len(out)-1])
	dir := w.path("chroma-lazy")
	os.RemoveAll(dir)
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		return "", fmt.Errorf("copying chroma: %v", err)
	}
	apply := exec.Command("git", "apply", "-p1", filepath.Join(root, lazyChromaPatch))
	apply.Dir = dir
	if msg, err := apply.CombinedOutput(); err != nil {
		return "", fmt.Errorf("applying %s: %v\n%s", lazyChromaPatch, err, msg)
	}
	mod, sum := w.path("lazy-chroma.mod"), w.path("lazy-chroma.sum")
	for from, to := range map[string]string{"go.mod": mod, "go.sum": sum} {
		b, err := os.ReadFile(filepath.Join(root, from))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			return "", err
		}
	}
	if msg, err := exec.Command("go", "mod", "edit", "-modfile", mod, "-replace", "github.com/alecthomas/chroma/v2="+dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("go mod edit: %v\n%s", err, msg)
	}
	gen := w.path("bin", "generator-lazy-chroma")
	if msg, err := exec.Command("go", "build", "-modfile", mod, "-o", gen, "github.com/nuhw-explainer/kpstrikes/generator").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build with the patched chroma: %v\n%s", err, msg)
	}
	return gen, nil
}
