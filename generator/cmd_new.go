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
	var tr translateFlags
	fset := newFlags(e, "new")
	fset.StringVar(&title, "title", "", "the page title (default: made from the file name)")
	fset.StringVar(&source, "source", "", "site root `DIR` (default: the folder above the working folder that holds content/site.yaml)")
	tr.register(fset)
	rest, err := parse(e, fset, args)
	if err != nil {
		return err
	}
	if tr.lang != "" || tr.refresh || tr.slug != "" || tr.force {
		return cmdTranslate(e, &tr, source, rest)
	}
	if len(rest) != 1 {
		fmt.Fprintln(e.stderr, "generator new: name one file, for example: generator new content/faq-pensions.md --title \"Pensions FAQ\"")
		return errUsage
	}
	root, err := siteRoot(e, source)
	if err != nil {
		return err
	}
	source = root
	rel, msg := newPagePath(e, root, rest[0])
	if msg != "" {
		fmt.Fprintf(e.stderr, "generator new: %s %s\n", rest[0], msg)
		return errUsage
	}
	if title == "" {
		title = titleFromName(filepath.ToSlash(filepath.Clean(rest[0])))
	}
	t, err := yaml.Marshal(map[string]string{"title": title})
	if err != nil {
		return err
	}
	page := fmt.Sprintf("---\n%sdescription: \"TODO: one sentence saying what this page explains.\"\ndate: %s\ndraft: true\n---\n\nWrite the page here. Cite every fact with the key of its source in content/data/sources.yaml, written like `[@key]` but without the backticks.\n",
		t, time.Now().Format("2006-01-02"))
	// Through an os.Root: a folder on the way that is a symbolic link to
	// outside the site cannot make new write there.
	siteFS, err := os.OpenRoot(source)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new: %v\n", err)
		return err
	}
	defer siteFS.Close()
	name := filepath.FromSlash(rel)
	if err := siteFS.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "generator new: cannot create the folder of %s: %v (a folder on the way may be a link to outside the site)\n", rel, err)
		return err
	}
	f, err := siteFS.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(e.stderr, "generator new: %s already exists; it was not changed\n", rel)
		return err
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new: cannot create %s: %v (a folder on the way may be a link to outside the site)\n", rel, err)
		return err
	}
	if _, err := f.WriteString(page); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created %s (a draft); its address will be %s\nPreview it with: generator serve --drafts\nthen open http://127.0.0.1:8080%s\n", rel, previewURL(rel), previewURL(rel))
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

// newPagePath turns the path given to new into the content path of the
// page to create, relative to the site root: a path under content/ (from
// the site root, or from the working folder), its name a clean slug.
// It returns a message when the path would not become a page.
func newPagePath(e *env, root, arg string) (string, string) {
	rel := sitePath(e, root, arg)
	if !strings.HasPrefix(rel, "content/") || !strings.HasSuffix(rel, ".md") || slices.Contains(strings.Split(rel, "/"), "..") {
		return "", "must be a .md file under content/, such as content/faq.md"
	}
	segs := strings.Split(strings.TrimPrefix(rel, "content/"), "/")
	for i, seg := range segs {
		last := i == len(segs)-1
		switch {
		case strings.HasPrefix(seg, "."):
			return "", "would not be a page: files and folders whose names start with . are skipped"
		case strings.HasPrefix(seg, "_") && !(last && seg == "_index.md"):
			return "", "would not be a page: folders and files whose names start with _ are skipped (only _index.md, a section's page, is read)"
		case i == 0 && seg == "data" && !last:
			return "", "would not be a page: content/data/ holds data files (YAML), not pages"
		}
	}
	if rel == "content/index.md" {
		return "", "would not be a page: the home page is content/_index.md"
	}
	for i, seg := range segs {
		if seg == "_index.md" || seg == "index.md" {
			continue
		}
		name := strings.TrimSuffix(seg, ".md")
		slug := slugName(name)
		if slug == "" {
			return "", "has no letters or digits in its name to make an address from"
		}
		if strings.HasSuffix(seg, ".md") {
			slug += ".md"
		}
		segs[i] = slug
	}
	return "content/" + strings.Join(segs, "/"), ""
}

// slugName turns a file or folder name into a clean URL segment: lower
// case, accents removed, spaces and punctuation (but _) as single hyphens.
func slugName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if a, ok := unaccent[r]; ok {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(a)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// unaccent spells accented Latin letters without their accents.
var unaccent = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ł': "l", 'þ': "th"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "e": "èéêëēĕėęě", "i": "ìíîïĩīĭįı", "n": "ñńņňŉ",
		"o": "òóôõöōŏő", "u": "ùúûüũūŭůűų", "y": "ýÿŷ", "s": "śŝşš", "z": "źżž", "g": "ĝğġģ", "r": "ŕŗř", "t": "ţťŧ", "d": "ď", "l": "ĺļľŀ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

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
