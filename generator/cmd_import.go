package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/importer"
)

func cmdImport(e *env, args []string) error {
	var dest string
	fs := newFlags(e, "import")
	fs.StringVar(&dest, "dest", "", "new `DIR` to write the converted site into (default: SRC-converted beside SRC)")
	rest, err := parse(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || (rest[0] != "hugo" && rest[0] != "zola") {
		fmt.Fprintf(e.stderr, "generator import: give the kind of site and its folder: generator import hugo|zola SRC [--dest DIR]\n")
		return errUsage
	}
	kind, src := rest[0], filepath.Clean(rest[1])
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		fmt.Fprintf(e.stderr, "generator import: %s is not a folder\n", src)
		return errUsage
	}
	if dest == "" {
		dest = src + "-converted"
	}
	absSrc, _ := filepath.Abs(src)
	absDest, _ := filepath.Abs(dest)
	if rel, err := filepath.Rel(absSrc, absDest); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		fmt.Fprintf(e.stderr, "generator import: --dest %s is inside %s, which is never changed: give a folder outside it\n", dest, src)
		return errUsage
	}
	res, err := importer.Import(importer.Options{Kind: kind, Src: os.DirFS(src), Dest: dest})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", e.paint("31", "Import failed"), err)
		return err
	}
	for _, n := range res.Notes {
		n.Path = filepath.ToSlash(filepath.Join(src, filepath.FromSlash(n.Path)))
		fmt.Fprintf(e.stderr, "%s\n", n)
	}
	fmt.Fprintf(e.stdout, "%s %s and %s from %s into %s", e.paintOut("32", "Imported"), plural(res.Pages, "page"), plural(res.Files, "other file"), src, dest)
	if len(res.Notes) > 0 {
		fmt.Fprintf(e.stdout, "; %s to do by hand (listed above)", plural(len(res.Notes), "thing"))
	}
	fmt.Fprintf(e.stdout, ".\nNext: cd %s && generator check --links=warn, then generator serve\n", dest)
	return nil
}
