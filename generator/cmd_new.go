package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

func cmdNew(e *env, args []string) error {
	var title, source string
	fset := newFlags(e, "new", `new content/PATH.md [--title "…"] [--source DIR]`)
	fset.StringVar(&title, "title", "", "the page title (default: made from the file name)")
	fset.StringVar(&source, "source", ".", "site root `DIR`")
	rest, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(e.stderr, "generator new: name one file, for example: generator new content/faq-pensions.md --title \"Pensions FAQ\"")
		return errUsage
	}
	rel := filepath.ToSlash(filepath.Clean(rest[0]))
	if !strings.HasPrefix(rel, "content/") || !strings.HasSuffix(rel, ".md") || slices.Contains(strings.Split(rel, "/"), "..") {
		fmt.Fprintf(e.stderr, "generator new: %s must be a .md file under content/, such as content/faq.md\n", rest[0])
		return errUsage
	}
	if title == "" {
		title = titleFromName(rel)
	}
	t, err := yaml.Marshal(map[string]string{"title": title})
	if err != nil {
		return err
	}
	page := fmt.Sprintf("---\n%sdescription: \"TODO: one sentence saying what this page explains.\"\ndate: %s\ndraft: true\n---\n\nWrite the page here. Cite every fact with the key of its source in content/data/sources.yaml, written like `[@key]` but without the backticks.\n",
		t, time.Now().Format("2006-01-02"))
	full := filepath.Join(source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "generator new: %v\n", err)
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(e.stderr, "generator new: %s already exists; it was not changed\n", rel)
		return err
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new: %v\n", err)
		return err
	}
	if _, err := f.WriteString(page); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created %s (a draft)\nPreview it with: go run ./generator serve --drafts\nthen open http://127.0.0.1:8080%s\n", rel, previewURL(rel))
	return nil
}

// previewURL is the URL path a new page will have.
func previewURL(rel string) string {
	p := strings.TrimSuffix(strings.TrimPrefix(rel, "content/"), ".md")
	switch base := path.Base(p); base {
	case "_index", "index":
		p = path.Dir(p)
	}
	if p == "." || p == "" {
		return "/"
	}
	return "/" + p + "/"
}

func titleFromName(rel string) string {
	name := strings.TrimSuffix(path.Base(rel), ".md")
	if name == "index" || name == "_index" {
		name = path.Base(path.Dir(rel))
	}
	r := []rune(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}
