package importer

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"go.yaml.in/yaml/v3"
)

// page is one Markdown page of the source site.
type page struct {
	oldPath  string     // content-relative path in the source: posts/x.md
	newPath  string     // content-relative path in the converted site
	root     *yaml.Node // front matter mapping; nil when it could not be read
	raw      []byte     // the whole file, when root is nil
	body     []byte     // the text after the front matter
	bodyLine int        // the file line the body starts on
	title    string
	date     string // date field as written, or from a Zola file name
	url      string // the page's URL in the source site: /posts/x/
}

// readContent reads every file of content/.
func (im *importer) readContent() error {
	bundles := map[string]bool{} // folders holding an index.md
	var files []string
	err := fs.WalkDir(im.opts.Src, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel := strings.TrimPrefix(p, "content/")
		if path.Base(rel) == "index.md" {
			bundles[dirOf(rel)] = true
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return err
	}
	for _, rel := range files {
		src := "content/" + rel
		newRel := im.newPath(rel, bundles)
		if !strings.HasSuffix(rel, ".md") {
			switch path.Ext(rel) {
			case ".html", ".htm", ".org", ".adoc", ".asciidoc", ".rst", ".pandoc", ".pdc", ".markdown":
				im.note(src, 0, "not converted: only Markdown (.md) pages are read here; convert it to Markdown by hand")
			default:
				b, err := fs.ReadFile(im.opts.Src, src)
				if err != nil {
					return err
				}
				im.out["content/"+newRel] = b
			}
			continue
		}
		raw, err := fs.ReadFile(im.opts.Src, src)
		if err != nil {
			return err
		}
		p := &page{oldPath: rel, newPath: newRel}
		root, rest, _, ds := content.ReadFrontMatter(src, raw)
		switch {
		case len(ds) > 0:
			im.note(src, ds[0].Line, "front matter not converted: %s", ds[0].Msg)
			p.raw = raw
		case root == nil:
			root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			p.body, p.bodyLine = rest, 1
		default:
			p.body = rest
			p.bodyLine = bytes.Count(raw, []byte("\n")) - bytes.Count(rest, []byte("\n")) + 1
		}
		p.root = root
		if p.root != nil {
			if v := field(p.root, "title"); v != nil {
				p.title = v.Value
			}
			if v := field(p.root, "date"); v != nil {
				p.date = v.Value
			}
		}
		if im.opts.Kind == "zola" && p.date == "" {
			p.date = zolaDate(rel, bundles)
		}
		im.pages = append(im.pages, p)
		im.byOld[rel] = p
		im.byNew[newRel] = p
	}
	return nil
}

// newPath is where a content file goes in the converted site. Hugo's URLs
// are lower case with spaces as hyphens; Zola's drop a date at the start of
// a page's name and slugify each part. The file is renamed to match, so
// that the URL stays the same.
func (im *importer) newPath(rel string, bundles map[string]bool) string {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		last := i == len(segs)-1
		ext := ""
		if last {
			ext = path.Ext(s)
			s = strings.TrimSuffix(s, ext)
		}
		if s == "_index" || s == "index" {
			segs[i] = s + ext
			continue
		}
		if im.opts.Kind == "zola" {
			isPage := (last && ext == ".md") || bundles[strings.Join(segs[:i+1], "/")]
			if isPage {
				s = patterns().datePrefix.ReplaceAllString(s, "")
			}
			if last && ext != ".md" {
				segs[i] = s + ext // a bundle's file keeps its name
				continue
			}
			s = slugify(s)
		} else {
			s = strings.ToLower(strings.ReplaceAll(s, " ", "-"))
		}
		segs[i] = s + ext
	}
	return strings.Join(segs, "/")
}

// zolaDate is the date at the start of a Zola page's file or bundle name.
func zolaDate(rel string, bundles map[string]bool) string {
	name := strings.TrimSuffix(path.Base(rel), ".md")
	if name == "index" && bundles[dirOf(rel)] {
		name = path.Base(dirOf(rel))
	}
	if m := patterns().datePrefix.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return ""
}

// slugify is Zola's slug of a name: lower case, letters and digits, other
// characters as single hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// assignURLs works out each page's URL in the source site: its url or
// path field, Hugo's permalinks setting, its slug, or its path.
func (im *importer) assignURLs() {
	for _, p := range im.pages {
		dir := dirOf(p.newPath)
		base := strings.TrimSuffix(path.Base(p.newPath), ".md")
		if base == "index" || base == "_index" {
			base, dir = path.Base(dir), dirOf(dir)
		}
		if p.root != nil {
			if v := field(p.root, "url"); v != nil {
				p.url = cleanURL(v.Value)
				continue
			}
			if v := field(p.root, "path"); v != nil && im.opts.Kind == "zola" {
				p.url = cleanURL(v.Value)
				continue
			}
			if pat := im.cfg.permalinks[firstSegment(p.newPath)]; pat != "" && !strings.HasSuffix(p.newPath, "_index.md") {
				if u := im.expandPermalink(p, pat); u != "" {
					p.url = u
					continue
				}
			}
			if v := field(p.root, "slug"); v != nil && base != "" {
				base = v.Value
			}
		}
		p.url = "/" + path.Join(dir, base) + "/"
		if p.url == "//" || base == "" {
			p.url = "/"
		}
	}
}

func firstSegment(p string) string {
	s, _, _ := strings.Cut(p, "/")
	return s
}

func cleanURL(u string) string {
	u = "/" + strings.Trim(strings.TrimSpace(u), "/")
	if u != "/" && !strings.HasSuffix(u, ".html") {
		u += "/"
	}
	return u
}

// expandPermalink expands a Hugo permalink pattern for p, or returns ""
// (with a note) when it cannot.
func (im *importer) expandPermalink(p *page, pat string) string {
	var t time.Time
	if p.date != "" {
		t, _ = content.ParseDate(p.date)
	}
	name := strings.TrimSuffix(path.Base(p.newPath), ".md")
	if name == "index" {
		name = path.Base(dirOf(p.newPath))
	}
	slug := content.Urlize(p.title)
	if v := field(p.root, "slug"); v != nil {
		slug = v.Value
	}
	failed := ""
	out := regexp.MustCompile(`:[a-z]+`).ReplaceAllStringFunc(pat, func(tok string) string {
		switch tok {
		case ":year", ":month", ":day":
			if t.IsZero() {
				failed = tok
				return ""
			}
			return map[string]string{":year": t.Format("2006"), ":month": t.Format("01"), ":day": t.Format("02")}[tok]
		case ":slug", ":slugorfilename", ":slugorcontentbasename":
			if field(p.root, "slug") == nil && tok != ":slug" {
				return name
			}
			return slug
		case ":title":
			return content.Urlize(p.title)
		case ":filename", ":contentbasename":
			return name
		case ":section":
			return firstSegment(p.newPath)
		case ":sections":
			return dirOf(p.newPath)
		}
		failed = tok
		return tok
	})
	if failed != "" {
		im.note(im.cfg.file, 0, "permalink %q not applied to content/%s: no value for %s; the page keeps the URL of its path", pat, p.oldPath, failed)
		return ""
	}
	return cleanURL(out)
}

func (im *importer) byURL(u string) *page {
	u = cleanURL(u)
	for _, p := range im.pages {
		if p.url == u {
			return p
		}
	}
	return nil
}

// field returns the value of key in a YAML mapping, or nil.
func field(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Fields this generator has no equivalent for: dropped, with a note.
var droppedFields = []string{
	"cascade", "build", "_build", "outputs", "resources", "headless", "render", "transparent", "sort_by",
	"paginate_by", "paginate_path", "insert_anchor_links", "in_search_index", "markup", "sitemap",
	"generate_feeds", "generate_feed", "page_template", "type", "template", "layout", "isCJKLanguage",
}

// convertPage writes the converted page.
func (im *importer) convertPage(p *page) {
	out := "content/" + p.newPath
	if p.root == nil {
		im.out[out] = p.raw
		return
	}
	src := "content/" + p.oldPath
	fm := im.convertFrontMatter(p, src)
	body := im.convertBody(p, src)
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(fm)
	b.WriteString("---\n")
	b.Write(body)
	im.out[out] = b.Bytes()
}

func (im *importer) convertFrontMatter(p *page, src string) *yaml.Node {
	in := p.root
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	has := map[string]bool{}
	for i := 0; i+1 < len(in.Content); i += 2 {
		has[in.Content[i].Value] = true
	}
	add := func(key string, v *yaml.Node) {
		if field(out, key) != nil {
			return
		}
		out.Content = append(out.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
		if !slices.Contains(content.KnownFields, key) {
			im.fields[key] = true
		}
	}
	text := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	if p.title == "" {
		p.title = humanize(strings.TrimSuffix(path.Base(p.newPath), ".md"))
		if p.title == "Index" || p.title == "_index" {
			p.title = humanize(path.Base(dirOf(p.newPath)))
		}
		if dirOf(p.newPath) == "" && strings.HasPrefix(path.Base(p.newPath), "_index") {
			p.title = im.cfg.title
		}
		add("title", text(p.title))
	}
	for i := 0; i+1 < len(in.Content); i += 2 {
		k, v := in.Content[i], in.Content[i+1]
		key, line := k.Value, k.Line+1
		plain(v)
		switch {
		case key == "summary" && !has["description"]:
			add("description", v)
		case key == "lastmod" && !has["updated"]:
			add("updated", v)
		case key == "extra" && v.Kind == yaml.MappingNode:
			add("params", v)
		case key == "path" && im.opts.Kind == "zola":
			add("url", text(cleanURL(v.Value)))
		case key == "taxonomies" && v.Kind == yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				if !has[v.Content[j].Value] {
					add(v.Content[j].Value, v.Content[j+1])
				}
			}
		case (key == "author" || key == "authors") && !(key == "author" && has["authors"]):
			add("authors", im.convertAuthors(v))
		case key == "aliases":
			add("aliases", im.convertAliases(p, v))
		case (key == "menu" || key == "menus") && im.opts.Kind == "hugo":
			im.pageMenu(p, v)
		case slices.Contains(droppedFields, key):
			what := "this generator has no equivalent"
			if key == "layout" || key == "template" || key == "type" || key == "page_template" {
				what = "its layout is not converted; to give the page a layout of layouts/, write layout: NAME"
			}
			im.note(src, line, "front matter field %q not converted: %s", key, what)
		default:
			add(key, v)
		}
	}
	if p.date != "" && field(out, "date") == nil {
		add("date", text(p.date))
	}
	if pat := im.cfg.permalinks[firstSegment(p.newPath)]; pat != "" && field(out, "url") == nil && !strings.HasSuffix(p.newPath, "_index.md") {
		if want := "/" + strings.TrimSuffix(strings.TrimSuffix(p.newPath, "index.md"), ".md") + "/"; p.url != want && p.url != strings.ReplaceAll(want, "//", "/") {
			add("url", text(p.url))
		}
	}
	return out
}

// plain drops the styles of TOML and JSON values so YAML writes them its
// own way.
func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}

// convertAliases makes aliases root-relative: Hugo's relative ones are
// relative to the page's section.
func (im *importer) convertAliases(p *page, v *yaml.Node) *yaml.Node {
	items := v.Content
	if v.Kind == yaml.ScalarNode {
		items = []*yaml.Node{v}
	}
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, a := range items {
		s := strings.TrimSpace(a.Value)
		if !strings.HasPrefix(s, "/") {
			if im.opts.Kind == "hugo" {
				s = "/" + path.Join(dirOf(strings.Trim(p.url, "/")), s)
			} else {
				s = "/" + s
			}
		}
		out.Content = append(out.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
	}
	return out
}

// pageMenu adds a page to the site menu when its Hugo front matter puts it
// in the main menu (menu: main, or menu: {main: {weight: 2, name: X}}).
func (im *importer) pageMenu(p *page, v *yaml.Node) {
	name, weight, inMain := p.title, 0, false
	switch v.Kind {
	case yaml.ScalarNode:
		inMain = v.Value == "main"
	case yaml.SequenceNode:
		for _, c := range v.Content {
			inMain = inMain || c.Value == "main"
		}
	case yaml.MappingNode:
		if m := field(v, "main"); m != nil {
			inMain = true
			if n := field(m, "name"); n != nil {
				name = n.Value
			}
			if w := field(m, "weight"); w != nil {
				var x int
				_ = w.Decode(&x)
				weight = x
			}
		}
	}
	if inMain {
		im.addMenu(name, p, weight)
	}
}

func humanize(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	r := []rune(name)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// convertAuthors turns author names (Hugo's author, Hugo's and Zola's
// authors) into keys of content/data/authors.yaml, adding each new one
// there.
func (im *importer) convertAuthors(v *yaml.Node) *yaml.Node {
	items := v.Content
	if v.Kind == yaml.ScalarNode {
		items = []*yaml.Node{v}
	}
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, n := range items {
		name := strings.TrimSpace(n.Value)
		if m := field(n, "name"); n.Kind == yaml.MappingNode && m != nil {
			name = m.Value
		}
		key := content.Urlize(name)
		if key == "" {
			continue
		}
		if _, ok := im.authors[key]; !ok {
			im.authors[key] = name
		}
		out.Content = append(out.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key})
	}
	return out
}
