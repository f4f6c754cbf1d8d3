package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/fastyaml"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// Page kinds.
const (
	KindHome     = "home"
	KindSection  = "section"
	KindPage     = "page"
	KindTaxonomy = "taxonomy"
	KindTerm     = "term"
	Kind404      = "404"
)

// Citation is one source a page cites, numbered in order of first citation.
type Citation struct {
	Number int
	Source *Source
	// Refs are the ids of the links in the page's text that cite the
	// source ("c3-1", "c3-2", ... for source number 3), in order; empty for a source cited only
	// from front matter or a data file.
	Refs []string
	// Entries are the numbers (1, 2, ...) of the entries of the page's
	// data_citations file that cite the source in their sources list, in
	// order: the entries are the file's list, or its "entries:" list.
	Entries []int
}

// Page is one page of the site as its source file defines it. The fields
// in the first group come from the source file; the second group places
// the page in the site. A page does not change once Load returns it: its
// Markdown body is the site's (BodyOf), so that an edit of the body
// (Reload) makes a new Site and leaves the pages of the old one as they
// were. What the build makes of the body (its HTML, TOC, summary,
// citations) is not here either: package site owns it, and layouts see it
// through site.Page.
type Page struct {
	Path           string // site-root-relative source path, e.g. content/a/b.md ("" for generated pages)
	Kind           string
	Title          string
	Description    string
	Date           time.Time
	Updated        time.Time
	Draft          bool
	Weight         int
	Slug           string
	Layout         string
	Aliases        []string
	Tags           []string
	NeedsCitations bool
	ReviewBy       time.Time
	DataCitations  string
	ShowTOC        bool
	Taxonomy       string // taxonomy and term pages: the taxonomy's name, e.g. tags
	Params         map[string]any
	URL            string // root-relative, unescaped, ending in "/": /a/b/
	OutPath        string // dest-relative output file: a/b/index.html
	body           []byte // source with front matter blanked out, LF line endings (see BodyOf)
	hash           string // hash of the raw source file
	rawCheck       uint64 // the raw file's length and CRC-32C, for ReadBody to find it unchanged
	MetaHash       string // hash of the front matter text: what layouts may show of the page besides its body
	FieldPos       map[string]Pos
	UnknownFields  []string      // front matter keys the generator does not read
	ParamCites     []KeyRef      // citation keys in front matter fields named cite or sources
	Corrections    []*Correction // front matter corrections, in the order written
	authorRefs     []KeyRef      // front matter authors, as written
	imageRef       string        // front matter image, as written
	imagePos       Pos           // where its value is
	imageFile      string        // the file it names, content/…, or ""
	localTimes     []string      // publish_at, expires: written without a zone, so in the site's
	// PublishAt and Expires are front matter publish_at and expires: the
	// page is published from PublishAt and until Expires (zero: no limit).
	PublishAt, Expires time.Time
	// ImageAlt is front matter image_alt, the share image's text
	// alternative; the build sets the site's for a page without an image.
	ImageAlt string
	// Image is the root-relative URL (or the https:// address as written)
	// of the page's own share image, front matter image; layouts see the
	// site's image for a page without one.
	Image      string
	aliasPos   []Pos  // position of each of Aliases
	sectionDir string // content-relative directory whose section holds this page
	bundleDir  string // content-relative directory of a page bundle, or ""

	// TranslationOf is front matter translation_of: the content-relative
	// path of the default-language page this page translates, as written.
	TranslationOf  string
	translationPos Pos // where its value is

	// The page's place in the site.
	Permalink   string // absolute URL under the base URL, or "" without one
	Section     *Page
	Pages       []*Page
	Prev, Next  *Page
	Breadcrumbs []*Page
	Authors     []*Author // the byline: front matter authors, else the site's
	Site        *Site
	// Language is the page's language: the one whose folder holds its
	// source (content/es/… for es), else the default.
	Language *Language
	// Original is the default-language page this page translates (set by
	// translation_of), or nil.
	Original *Page
	// Translations are the same page in the site's other languages, in
	// the order of the languages setting: its original and the other
	// translations of that original.
	Translations []*Page
}

// AliasOutPath is the output file of a redirect page for alias a: the
// file itself for an alias ending in .html (/old.html), else index.html in
// its folder (/old/ → old/index.html).
func AliasOutPath(a string) string {
	if strings.HasSuffix(a, ".html") {
		return strings.TrimPrefix(a, "/")
	}
	return strings.TrimPrefix(a, "/") + "index.html"
}

// IsHome reports whether p is the home page.
func (p *Page) IsHome() bool { return p.Kind == KindHome }

// IsSection reports whether p lists other pages (home, section, taxonomy, term).
func (p *Page) IsSection() bool { return p.Kind != KindPage && p.Kind != Kind404 }

// IsPage reports whether p is a regular page.
func (p *Page) IsPage() bool { return p.Kind == KindPage }

// Dir is the content-relative directory that relative links in the page
// start from: the folder holding its source file.
func (p *Page) Dir() string {
	if p.Path == "" {
		return ""
	}
	return path.Dir(strings.TrimPrefix(p.Path, "content/"))
}

// BundleDir is the content-relative directory of a page bundle, or "".
func (p *Page) BundleDir() string { return p.bundleDir }

// parsePage reads one Markdown file. rel is the content-relative path.
// The page's body may share raw's memory (unless line endings had to be
// converted), and raw's front matter bytes may be overwritten with the
// blank lines that stand for them: callers pass a buffer they give up.
func parsePage(rel string, raw []byte, hash string, store YAMLStore) (*Page, diag.List) {
	p := &Page{Path: "content/" + rel, hash: hash, ShowTOC: true, FieldPos: map[string]Pos{}}
	var ds diag.List
	if off, msg := checkText(raw); off >= 0 {
		line, col := diag.Position(raw, off)
		ds.Add(p.Path, line, col, "%s", msg)
		return nil, ds
	}
	src := normalize(raw)
	fm, body, format, lineOffset, err := splitAnyFrontMatter(src)
	if err != nil {
		line, col := 1, 1
		if pe, ok := err.(posError); ok {
			line, col = pe.line, pe.col
		}
		ds.Add(p.Path, line, col, "%v", err)
		return nil, ds
	}
	p.body = body
	if format == "" {
		ds.Add(p.Path, 1, 1, "%s", missingFrontMatter(src))
		return nil, ds
	}
	sum := sha256.Sum256(fm)
	p.MetaHash = hex.EncodeToString(sum[:12])
	var doc yaml.Node
	if format != formatYAML {
		root, d := decodeOtherFrontMatter(p.Path, format, fm, lineOffset)
		if root == nil {
			return nil, append(ds, d...)
		}
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	} else if fast, ok := fastyaml.Parse(fm); ok {
		doc = *fast
	} else {
		parsed, err := yamlnode.Unmarshal(fm, store)
		if err != nil {
			ds = append(ds, yamlError(p.Path, err, fm, 1))
			return nil, ds
		}
		if a := selfAlias(parsed); a != nil {
			ds = append(ds, fieldError(p.Path, a, 1, "invalid YAML: alias *%s is inside the value it names", a.Value))
			return nil, ds
		}
		doc = *parsed
	}
	if format == formatYAML {
		ds = append(ds, lintYAML(p.Path, &doc, 1)...)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode { // empty front matter
		ds.Add(p.Path, 1, 1, "missing title in front matter")
		return nil, ds
	}
	if root.Kind != yaml.MappingNode {
		ds = append(ds, fieldError(p.Path, root, 1, "front matter must be fields written as key: value (is a colon missing?)"))
		return nil, ds
	}
	p.decodeFields(root, &ds)
	for _, r := range dataCitations(root) {
		r.Pos.Line++ // the YAML text starts on line 2
		p.ParamCites = append(p.ParamCites, r)
	}
	if p.Title == "" && !hasErrorAt(ds, "title") {
		ds.Add(p.Path, 1, 1, "missing title in front matter")
	}
	if ds.HasErrors() {
		return nil, ds
	}
	return p, ds
}

func hasErrorAt(ds diag.List, field string) bool {
	for _, d := range ds {
		if strings.Contains(d.Msg, `"`+field+`"`) {
			return true
		}
	}
	return false
}

// decodeFields reads the known fields of a front matter mapping.
func (p *Page) decodeFields(root *yaml.Node, ds *diag.List) {
	p.Params = map[string]any{}
	const off = 1 // the YAML text starts on line 2
	present := map[string]bool{}
	for i := 0; i < len(root.Content); i += 2 {
		present[root.Content[i].Value] = true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		p.FieldPos[key] = Pos{k.Line + off, k.Column}
		p.Params[key] = decodeNode(v)
		// Other generators' names for fields read here (Hugo's summary
		// and lastmod, Zola's extra and path): read as this site's field
		// unless the page also has that one.
		if to, ok := mappedFields[key]; ok && !present[to] && (key != "extra" || v.Kind == yaml.MappingNode) {
			key = to
			p.FieldPos[key] = p.FieldPos[k.Value]
		}
		bad := func(want string) {
			*ds = append(*ds, fieldError(p.Path, v, off, "field %q must be %s", key, want))
		}
		str := func() (string, bool) {
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				bad("text")
				return "", false
			}
			return v.Value, true
		}
		date := func() time.Time {
			if v.Kind != yaml.ScalarNode {
				bad("a date such as 2024-10-21")
				return time.Time{}
			}
			t, err := ParseDate(v.Value)
			if err != nil {
				*ds = append(*ds, fieldError(p.Path, v, off, "field %q: %v", key, err))
			}
			return t
		}
		boolean := func() bool {
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				bad("true or false")
				return false
			}
			return strings.EqualFold(v.Value, "true")
		}
		// list returns the text items of a list field; one text value
		// counts as a list of one.
		list := func() []*yaml.Node {
			if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				return []*yaml.Node{v}
			}
			if v.Kind != yaml.SequenceNode {
				bad("a list")
				return nil
			}
			var out []*yaml.Node
			for _, c := range v.Content {
				if c.Kind != yaml.ScalarNode {
					*ds = append(*ds, fieldError(p.Path, c, off, "field %q must be a list of text items", key))
					continue
				}
				out = append(out, c)
			}
			return out
		}
		switch key {
		case "title":
			p.Title, _ = str()
			p.Title = strings.TrimSpace(p.Title)
			if p.Title == "" && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				*ds = append(*ds, fieldError(p.Path, v, off, "field \"title\" is empty"))
			}
		case "description":
			p.Description, _ = str()
		case "date":
			p.Date = date()
		case "updated":
			p.Updated = date()
		case "review_by":
			p.ReviewBy = date()
		case "draft":
			p.Draft = boolean()
		case "needs_citations":
			p.NeedsCitations = boolean()
		case "toc":
			p.ShowTOC = boolean()
		case "weight":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
				bad("a whole number")
			} else {
				p.Weight, _ = p.Params[k.Value].(int)
			}
		case "slug":
			if s, ok := str(); ok {
				if msg := checkSlug(s); msg != "" {
					*ds = append(*ds, fieldError(p.Path, v, off, "field \"slug\": %s", msg))
				} else {
					p.Slug = s
				}
			}
		case "url":
			if s, ok := str(); ok {
				if u, msg := cleanURLPath(s); msg != "" {
					*ds = append(*ds, fieldError(p.Path, v, off, "field \"url\": %s", msg))
				} else {
					p.URL = u
				}
			}
		case "layout":
			p.Layout, _ = str()
		case "translation_of":
			if s, ok := str(); ok {
				p.translationPos = Pos{v.Line + off, v.Column}
				p.TranslationOf = path.Clean(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "/"), "content/"))
			}
		case "data_citations":
			p.DataCitations, _ = str()
		case "aliases":
			for _, n := range list() {
				if u, msg := cleanURLPath(n.Value); msg != "" {
					*ds = append(*ds, fieldError(p.Path, n, off, "alias %q: %s", n.Value, msg))
				} else {
					if strings.HasSuffix(strings.TrimSpace(n.Value), ".html") {
						u = strings.TrimSuffix(u, "/") // an old file name: redirect from that very file
					}
					p.Aliases = append(p.Aliases, u)
					p.aliasPos = append(p.aliasPos, Pos{n.Line + off, n.Column})
				}
			}
		case "tags", "categories":
			for _, n := range list() {
				if len(Urlize(n.Value)) > maxSegment {
					*ds = append(*ds, fieldError(p.Path, n, off, "%s is longer than %d bytes", map[string]string{"tags": "tag", "categories": "category"}[key], maxSegment))
				} else if key == "tags" {
					p.Tags = append(p.Tags, n.Value)
				}
			}
		case "taxonomies":
			p.readTaxonomies(v, ds)
		case "params":
			if m, ok := p.Params[k.Value].(map[string]any); ok { // Zola's extra stays under its name too
				for mk, mv := range m {
					p.Params[mk] = mv
				}
			} else {
				bad("a map of fields")
			}
		case "cite", "sources":
			// Citation keys: read with the rest of the front matter below.
		case "translation_hash":
			// Kept in Params; check compares it with the original's text
			// (package translation).
		default:
			if !p.decodeNewsField(key, v, off, ds) {
				p.UnknownFields = append(p.UnknownFields, key)
			}
		}
	}
	if p.Updated.IsZero() {
		p.Updated = p.Date
	}
}

// maxSegment is the longest URL segment, in bytes: the longest file name
// most file systems allow.
const maxSegment = 255

// checkSlug validates a slug: one URL segment, no dots-only, no slashes.
func checkSlug(s string) string {
	switch {
	case s == "" || s == "." || s == "..":
		return "must be a name such as my-page"
	case strings.ContainsAny(s, "/\\?#") || strings.Contains(s, ":"):
		return "must not contain / \\ : ? or #"
	case hasControl(s):
		return "must not contain control characters"
	case len(s) > maxSegment:
		return fmt.Sprintf("is longer than %d bytes", maxSegment)
	}
	return ""
}

// hasControl reports whether s holds an ASCII control character (a NUL,
// a tab, a line break, ...).
func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0
}

// cleanURLPath validates a url or alias field and returns it as a clean
// root-relative path ending in "/". It refuses anything that could leave
// the output folder or point elsewhere: "..", a URL scheme, a host, a
// backslash or a control character.
func cleanURLPath(s string) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", "must not be empty"
	case strings.Contains(s, "://") || strings.HasPrefix(s, "//") || (strings.Contains(s, ":") && !strings.HasPrefix(s, "/")):
		return "", "must be a path on this site such as /old-page/, not a full address"
	case strings.ContainsAny(s, "\\?#") || hasControl(s):
		return "", "must not contain \\ ? # or control characters"
	}
	for _, seg := range strings.Split(s, "/") {
		if seg == ".." || seg == "." {
			return "", "must not contain . or .. segments"
		}
		if len(seg) > maxSegment {
			return "", fmt.Sprintf("has a part longer than %d bytes", maxSegment)
		}
	}
	c := path.Clean("/" + s)
	if c != "/" {
		c += "/"
	}
	return c, ""
}
