package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/translation"
	"go.yaml.in/yaml/v3"
)

// translateFlags are the options of new that make or refresh a
// translation.
type translateFlags struct {
	lang    string // --translate CODE
	slug    string // --slug NAME
	refresh bool   // --refresh
	force   bool   // --force
}

func (f *translateFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.lang, "translate", "", "create the translation into language `CODE` (such as es) of the page named, as content/CODE/…, with the original's front matter and text")
	fs.StringVar(&f.slug, "slug", "", "with --translate: the translation's file `NAME` (accents and spaces folded: \"Acuerdo\" gives acuerdo.md); default: the original's")
	fs.BoolVar(&f.refresh, "refresh", false, "mark the translations named (content/es/….md) as current: set their translation_hash to the original's text as it is now")
	fs.BoolVar(&f.force, "force", false, "with --translate: replace an existing translation file")
}

// cmdTranslate runs new --translate and new --refresh.
func cmdTranslate(e *env, f *translateFlags, source string, args []string) error {
	root, err := siteRoot(e, source)
	if err != nil {
		return err
	}
	if f.refresh {
		if f.slug != "" || f.force {
			fmt.Fprintln(e.stderr, "generator new: --refresh takes no --slug or --force: it changes only the translation_hash line")
			return errUsage
		}
		if len(args) == 0 {
			fmt.Fprintln(e.stderr, "generator new --refresh: name the translations to mark current, for example: generator new --refresh content/es/acuerdo.md")
			return errUsage
		}
		return refreshTranslations(e, root, f.lang, args)
	}
	if f.lang == "" {
		fmt.Fprintln(e.stderr, "generator new: --slug and --force go with --translate CODE, for example: generator new --translate es content/settlement.md --slug acuerdo")
		return errUsage
	}
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "generator new --translate: name one original page, for example: generator new --translate es content/settlement.md")
		return errUsage
	}
	return startTranslation(e, root, f, args[0])
}

// sitePath turns a path given on the command line (from the site root or
// the working folder) into a site-relative slash path. A path from the
// working folder wins when it lies in the site's content/: "generator new
// faq.md" inside content/guide/.
func sitePath(e *env, root, arg string) string {
	rel := filepath.ToSlash(filepath.Clean(arg))
	abs := arg
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(e.workDir(), arg)
	}
	if absRoot, err := filepath.Abs(root); err == nil {
		if r, err := filepath.Rel(absRoot, abs); err == nil && strings.HasPrefix(filepath.ToSlash(r), "content/") {
			rel = filepath.ToSlash(r)
		}
	}
	return rel
}

func startTranslation(e *env, root string, f *translateFlags, arg string) error {
	langs, err := siteLanguageCodes(root)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new: %v\n", err)
		return err
	}
	if !validLangCode(f.lang) {
		fmt.Fprintf(e.stderr, "generator new: --translate %q: give a language code such as es\n", f.lang)
		return errUsage
	}
	switch i := indexOf(langs, f.lang); {
	case i == 0:
		fmt.Fprintf(e.stderr, "generator new: --translate %s: %s is the site's default language, the one translations are made from\n", f.lang, f.lang)
		return errUsage
	case i < 0:
		fmt.Fprintf(e.stderr, "generator new: --translate %s: content/site.yaml has no language %s (its languages: %s); add it under languages: first\n", f.lang, f.lang, strings.Join(langs, ", "))
		return errUsage
	}
	rel := sitePath(e, root, arg)
	origRel := strings.TrimPrefix(rel, "content/")
	first, _, _ := strings.Cut(origRel, "/")
	switch {
	case !strings.HasPrefix(rel, "content/") || !strings.HasSuffix(rel, ".md") || strings.Contains("/"+origRel+"/", "/../"):
		fmt.Fprintf(e.stderr, "generator new: %s must be the original page, a .md file under content/, such as content/settlement.md\n", arg)
		return errUsage
	case indexOf(langs, first) > 0:
		fmt.Fprintf(e.stderr, "generator new: %s is itself in the %s folder: name the original page, such as content/settlement.md\n", arg, first)
		return errUsage
	}
	siteFS, err := os.OpenRoot(root)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new: %v\n", err)
		return err
	}
	defer siteFS.Close()
	orig, err := fs.ReadFile(siteFS.FS(), rel)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new: cannot read the original %s: %v\n", rel, unwrapPathError(err))
		return err
	}
	out, err := translation.Start(rel, orig, origRel)
	if err != nil {
		printDiagErr(e, err)
		return errCheck
	}
	target, msg := translationPath(f.lang, origRel, f.slug)
	if msg != "" {
		fmt.Fprintf(e.stderr, "generator new: %s\n", msg)
		return errUsage
	}
	if err := writeSiteFile(siteFS, target, out, f.force); err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(e.stderr, "generator new: %s already exists; it was not changed (add --force to replace it, or --refresh to mark it current)\n", target)
		} else {
			fmt.Fprintf(e.stderr, "generator new: cannot write %s: %v (a folder on the way may be a link to outside the site)\n", target, unwrapPathError(err))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "Created %s (a draft), the %s translation of %s with its text to translate.\n"+
		"Translate the title, the description, the other texts of the front matter and the text; keep keys, dates, [@citations] and {#ids}.\n"+
		"Remove draft: true when it is done. Its address will be %s\n", target, f.lang, rel, previewURL(target))
	return nil
}

// translationPath is the file of the translation of content/origRel into
// lang: content/<lang>/<the same folders>/<slug>.md, where slug is the
// original's file name, or slugArg folded to a clean name.
func translationPath(lang, origRel, slugArg string) (string, string) {
	dir, name := path.Split(origRel)
	if slugArg != "" {
		s := slugName(strings.TrimSuffix(slugArg, ".md"))
		if s == "" {
			return "", fmt.Sprintf("--slug %q has no letters or digits to make a name from", slugArg)
		}
		switch name {
		case "_index.md":
			return "", "--slug does not apply to a section's page (_index.md): its folder names the section"
		case "index.md": // a bundle: the folder is the page's name
			dir = path.Join(path.Dir(strings.TrimSuffix(dir, "/")), s) + "/"
			if path.Dir(strings.TrimSuffix(origRel, "/index.md")) == "." {
				dir = s + "/"
			}
		default:
			name = s + ".md"
		}
	}
	return path.Join("content", lang, dir, name), ""
}

// writeSiteFile writes a site file through root (no link out of the
// site is followed), creating its folders; without force an existing file
// is an fs.ErrExist error.
func writeSiteFile(root *os.Root, rel string, data []byte, force bool) error {
	name := filepath.FromSlash(rel)
	if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	fh, err := root.OpenFile(name, flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := fh.Write(data); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// refreshTranslations sets the translation_hash of each translation named
// to its original's current hash, rewriting only that line.
func refreshTranslations(e *env, root, lang string, args []string) error {
	siteFS, err := os.OpenRoot(root)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new: %v\n", err)
		return err
	}
	defer siteFS.Close()
	var failed error
	for _, arg := range args {
		rel := sitePath(e, root, arg)
		if err := refreshOne(e, siteFS, rel, lang); err != nil {
			failed = err
		}
	}
	return failed
}

func refreshOne(e *env, siteFS *os.Root, rel, lang string) error {
	if !strings.HasPrefix(rel, "content/") || !strings.HasSuffix(rel, ".md") {
		fmt.Fprintf(e.stderr, "generator new --refresh: %s must be a translation, a .md file under content/<language>/\n", rel)
		return errUsage
	}
	if lang != "" && !strings.HasPrefix(rel, "content/"+lang+"/") {
		fmt.Fprintf(e.stderr, "generator new --refresh: %s is not under content/%s/\n", rel, lang)
		return errUsage
	}
	src, err := fs.ReadFile(siteFS.FS(), rel)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator new --refresh: cannot read %s: %v\n", rel, unwrapPathError(err))
		return err
	}
	of, ok := translationOf(rel, src)
	if !ok {
		_, err := translation.SetHash(rel, src, "")
		printDiagErr(e, err)
		return errCheck
	}
	origRel := "content/" + of.value
	orig, err := fs.ReadFile(siteFS.FS(), origRel)
	if err != nil {
		printDiagErr(e, diag.Diagnostic{Path: rel, Line: of.line, Col: of.col, Msg: fmt.Sprintf("translation_of: cannot read the original %s: %v", origRel, unwrapPathError(err))})
		return errCheck
	}
	hash, err := translation.Hash(origRel, orig)
	if err != nil {
		printDiagErr(e, err)
		return errCheck
	}
	out, err := translation.SetHash(rel, src, hash)
	if err != nil {
		printDiagErr(e, err)
		return errCheck
	}
	if string(out) == string(src) {
		fmt.Fprintf(e.stdout, "%s: already current (translation_hash %s matches %s)\n", rel, hash, origRel)
		return nil
	}
	if err := writeInPlace(siteFS, rel, out); err != nil {
		fmt.Fprintf(e.stderr, "generator new --refresh: cannot write %s: %v\n", rel, unwrapPathError(err))
		return err
	}
	fmt.Fprintf(e.stdout, "%s: marked current (translation_hash %s, the text of %s as it is now)\n", rel, hash, origRel)
	return nil
}

// writeInPlace replaces a file's contents through a temporary file in the
// same folder, so an interrupted write loses nothing.
func writeInPlace(root *os.Root, rel string, data []byte) error {
	name := filepath.FromSlash(rel)
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".refresh-tmp")
	info, err := root.Stat(name)
	if err != nil {
		return err
	}
	fh, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := fh.Write(data); err != nil {
		fh.Close()
		root.Remove(tmp)
		return err
	}
	if err := fh.Close(); err != nil {
		root.Remove(tmp)
		return err
	}
	return root.Rename(tmp, name)
}

type fieldValue struct {
	value     string
	line, col int
}

// translationOf reads a translation's translation_of field.
func translationOf(rel string, src []byte) (fieldValue, bool) {
	v, pos, ok := frontMatterField(src, translation.OfField)
	if !ok || pos.Line == 0 || strings.TrimSpace(v) == "" {
		return fieldValue{}, false
	}
	v = path.Clean(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(v), "/"), "content/"))
	return fieldValue{value: v, line: pos.Line, col: pos.Col}, true
}

func printDiagErr(e *env, err error) {
	var ds diag.List
	var d diag.Diagnostic
	switch {
	case errors.As(err, &ds):
		for _, d := range ds {
			fmt.Fprintln(e.stderr, d.String())
		}
	case errors.As(err, &d):
		fmt.Fprintln(e.stderr, d.String())
	default:
		fmt.Fprintf(e.stderr, "generator new: %v\n", err)
	}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(x, s) {
			return i
		}
	}
	return -1
}

func validLangCode(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// frontMatterField reads a top-level YAML front matter field.
func frontMatterField(src []byte, key string) (string, content.Pos, bool) {
	v, pos, _, ok := content.FrontMatterField(src, key)
	return v, pos, ok
}

// siteLanguageCodes lists the codes of the setting languages of
// content/site.yaml, the default first; a site without it has the one
// language of the setting language (en by default).
func siteLanguageCodes(root string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(siteMarker)))
	if err != nil {
		return nil, err
	}
	var s struct {
		Language  string `yaml:"language"`
		Languages []struct {
			Code string `yaml:"code"`
		} `yaml:"languages"`
	}
	if err := yaml.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: cannot read the languages: %v (run generator check for details)", siteMarker, err)
	}
	var out []string
	for _, l := range s.Languages {
		if l.Code != "" {
			out = append(out, l.Code)
		}
	}
	if len(out) == 0 {
		out = []string{cmp.Or(s.Language, "en")}
	}
	return out, nil
}
