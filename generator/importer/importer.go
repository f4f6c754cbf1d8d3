// Package importer converts a site written for Hugo or Zola into this
// generator's layout: content/ with YAML front matter, content/site.yaml,
// and a plain starter set of layouts.
//
// What it converts:
//
//   - front matter in YAML, TOML or JSON, to YAML, with the fields renamed
//     to this generator's (summary → description, lastmod → updated,
//     Zola's extra → params, path → url, Zola's taxonomies table → one
//     field per taxonomy); Hugo's relative aliases made absolute; a
//     missing title made from the file name;
//   - links: Hugo's {{< ref "x" >}} and {{< relref "x" >}}, Zola's @/x.md,
//     to relative links to the .md file; Hugo's figure and highlight
//     shortcodes to Markdown;
//   - URLs: Hugo's permalinks setting to url fields, Zola's dated and
//     slugified file names to the names its URLs use;
//   - page bundles and their files, static/ (copied into content/);
//   - settings: title, description, language, base URL, author, params
//     (Zola's extra), taxonomies and the main menu.
//
// What it cannot convert it lists as Notes, each at a path and line of the
// source: other shortcodes, render hooks, themes and templates, fields
// with no equivalent. It only reads the source site (an fs.FS) and writes
// only into a new or empty destination folder.
package importer

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Kinds are the generators a site can be imported from.
var Kinds = []string{"hugo", "zola"}

// Options say what to import and where.
type Options struct {
	Kind string // "hugo" or "zola"
	Src  fs.FS  // the site to import: its root folder
	Dest string // folder to create the converted site in; must not exist or be empty
}

// Note is one thing the importer did not convert, at a place in the
// source site.
type Note struct {
	Path string // slash-separated, relative to the source site's root
	Line int    // 1-based; 0 when it concerns the whole file
	Msg  string
}

func (n Note) String() string {
	if n.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", n.Path, n.Line, n.Msg)
	}
	return n.Path + ": " + n.Msg
}

// Result is what an import did.
type Result struct {
	Pages int    // Markdown pages converted
	Files int    // other files copied
	Notes []Note // what was not converted, by path and line
}

//go:embed layouts
var starterLayouts embed.FS

// importer holds one import's state.
type importer struct {
	opts     Options
	out      map[string][]byte // dest-relative path → contents
	notes    []Note
	pages    []*page          // every page, by source path
	byNew    map[string]*page // new content-relative path → page
	byOld    map[string]*page // source content-relative path → page
	cfg      config
	fields   map[string]bool // front matter fields kept that this generator does not read
	menu     []menuEntry
	menuSeen map[string]bool
	authors  map[string]string // key → name, for content/data/authors.yaml
}

// Import converts the site. It returns an error, and writes nothing, when
// the source is not a site of that kind or the destination is not new.
func Import(opts Options) (*Result, error) {
	if opts.Kind != "hugo" && opts.Kind != "zola" {
		return nil, fmt.Errorf("unknown kind of site %q: use hugo or zola", opts.Kind)
	}
	if err := checkDest(opts.Dest); err != nil {
		return nil, err
	}
	im := &importer{opts: opts, out: map[string][]byte{}, byNew: map[string]*page{}, byOld: map[string]*page{}, fields: map[string]bool{}, menuSeen: map[string]bool{}, authors: map[string]string{}}
	if err := im.readConfig(); err != nil {
		return nil, err
	}
	if _, err := fs.Stat(opts.Src, "content"); err != nil {
		return nil, fmt.Errorf("no content folder: this does not look like a %s site", title(opts.Kind))
	}
	if err := im.readContent(); err != nil {
		return nil, err
	}
	im.assignURLs()
	for _, p := range im.pages {
		im.convertPage(p)
	}
	im.copyStatic()
	im.noteUnconverted()
	im.writeSettings()
	if err := fs.WalkDir(starterLayouts, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := starterLayouts.ReadFile(p)
		im.out[p] = b
		return err
	}); err != nil {
		return nil, err
	}
	if err := im.write(); err != nil {
		return nil, err
	}
	sort.SliceStable(im.notes, func(i, j int) bool {
		if im.notes[i].Path != im.notes[j].Path {
			return im.notes[i].Path < im.notes[j].Path
		}
		return im.notes[i].Line < im.notes[j].Line
	})
	res := &Result{Pages: len(im.pages), Notes: im.notes}
	for p := range im.out {
		if strings.HasPrefix(p, "content/") && !strings.HasSuffix(p, ".md") && p != "content/site.yaml" && !strings.HasPrefix(p, "content/data/") {
			res.Files++
		}
	}
	return res, nil
}

func (im *importer) note(path string, line int, format string, args ...any) {
	im.notes = append(im.notes, Note{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// checkDest refuses a destination that exists and is not an empty folder.
func checkDest(dest string) error {
	if dest == "" {
		return fmt.Errorf("no destination folder given")
	}
	entries, err := os.ReadDir(dest)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return fmt.Errorf("cannot use %s as the destination: %w", dest, err)
	case len(entries) > 0:
		return fmt.Errorf("%s already exists and is not empty: give a new folder with --dest", dest)
	}
	return nil
}

// write creates every output file under Dest.
func (im *importer) write() error {
	names := make([]string, 0, len(im.out))
	for n := range im.out {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(im.opts.Dest, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, im.out[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// copyStatic copies static/ into content/, where files that are not pages
// are published at the same path.
func (im *importer) copyStatic() {
	_ = fs.WalkDir(im.opts.Src, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, "static/")
		dst := "content/" + rel
		if strings.HasSuffix(rel, ".md") || rel == "site.yaml" || strings.HasPrefix(rel, "data/") {
			im.note(p, 0, "not copied: in content/ this name would not be published as a file; copy it by hand under another name")
			return nil
		}
		if _, ok := im.out[dst]; ok {
			im.note(p, 0, "not copied: content/%s has a file of the same name", rel)
			return nil
		}
		if b, err := fs.ReadFile(im.opts.Src, p); err == nil {
			im.out[dst] = b
		}
		return nil
	})
}

// noteUnconverted lists the parts of the site that are templates, themes
// or styles: this generator's layouts are different.
func (im *importer) noteUnconverted() {
	dirs := map[string]string{
		"hugo": "layouts themes assets i18n data archetypes",
		"zola": "templates themes sass",
	}[im.opts.Kind]
	for _, dir := range strings.Fields(dirs) {
		_ = fs.WalkDir(im.opts.Src, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			switch {
			case strings.Contains(p, "/_markup/render-"):
				im.note(p, 0, "render hook not converted: this generator renders links, images and headings itself")
			case strings.Contains(p, "shortcodes/"):
				im.note(p, 0, "shortcode template not converted: pages using it are listed with their lines")
			case dir == "themes":
				return nil // noted once below
			default:
				im.note(p, 0, "not converted: %s/ holds %s's templates, styles or data; the converted site starts from the plain layouts in layouts/", dir, title(im.opts.Kind))
				return fs.SkipDir
			}
			return nil
		})
	}
	if entries, err := fs.ReadDir(im.opts.Src, "themes"); err == nil {
		for _, e := range entries {
			im.note("themes/"+e.Name(), 0, "theme not converted: the converted site starts from the plain layouts in layouts/; rewrite what you need as html/template layouts (see generator/docs/reference.md)")
		}
	}
}

// relLink is the relative link from a page in folder fromDir to the
// content-relative file target.
func relLink(fromDir, target string) string {
	if fromDir == "." {
		fromDir = ""
	}
	var from []string
	if fromDir != "" {
		from = strings.Split(fromDir, "/")
	}
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

func title(kind string) string {
	return map[string]string{"hugo": "Hugo", "zola": "Zola"}[kind]
}

// dirOf is path.Dir with "" for the root.
func dirOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}
