package content

import (
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// assemble gives every loaded page its URL, section, neighbours and
// breadcrumbs, adds the generated pages (missing home and section pages,
// tag pages, 404), resolves the menu and finds output path clashes. Each
// language is assembled on its own view of the site (the default
// language's is s itself); s.All holds the pages of every language.
func (s *Site) assemble(ds *diag.List) {
	var all []*Page
	paths := sortedKeys(s.ByPath)
	for _, src := range s.Sources {
		src.TitleLang = otherLanguage(src.Language, s.Languages[0].Code, s.Languages[0].Code)
	}
	for _, l := range s.Languages {
		ls := s
		if !l.Default {
			ls = s.languageSite(l)
		}
		l.site = ls
		ls.assembleLanguage(l, paths)
		all = append(all, ls.langAll...)
	}
	sortByURL(all)
	s.All = all
	s.resolveAuthors(ds)
	s.resolveImages(ds)
	s.copyMovedBundleFiles()
	s.checkOutputs(ds)
	s.linkTranslations(paths, ds)
	for _, l := range s.Languages {
		l.site.resolveMenu(ds)
	}
	s.checkDataCitations(ds)
	s.shareWithLanguages()
	if s.BaseURL != "" {
		for _, p := range s.All {
			p.Permalink = s.BaseURL + strings.TrimPrefix(escapePath(p.URL), "/")
		}
	}
}

// assembleLanguage places the pages of language l: those under its
// folder (content/es/ for es), or for the default language every page
// outside the other languages' folders. paths are the keys of s.ByPath,
// sorted.
func (s *Site) assembleLanguage(l *Language, paths []string) {
	pre := ""
	if l.Dir != "" {
		pre = l.Dir + "/"
	}
	// dirPath is the content-relative folder of a language-relative one.
	dirPath := func(dir string) string {
		if dir == "" {
			return l.Dir
		}
		return pre + dir
	}
	// urlDir is the URL path (without slashes around it) of a
	// language-relative folder: under the language's folder, each
	// segment folded to ASCII.
	urlDir := func(dir string) string {
		if l.Default {
			return dir
		}
		if dir == "" {
			return l.Dir
		}
		segs := strings.Split(dir, "/")
		for i, seg := range segs {
			segs[i] = foldSegment(seg)
		}
		return pre + strings.Join(segs, "/")
	}
	place := func(p *Page, dir string) {
		if !l.Default && p.Slug != "" && dir != "" {
			p.Slug = foldSegment(p.Slug)
		}
		setURL(p, urlDir(dir))
	}
	s.lang = l
	sections := map[string]*Page{} // language-relative dir → section page ("" = home)
	var regular []*Page
	for _, rel := range paths {
		if s.languageOf(rel) != l {
			continue
		}
		p := s.ByPath[rel]
		lrel := strings.TrimPrefix(rel, pre)
		dir, base := path.Dir(lrel), path.Base(lrel)
		if dir == "." {
			dir = ""
		}
		switch {
		case base == "_index.md":
			if dir == "" {
				p.Kind = KindHome
			} else {
				p.Kind = KindSection
			}
			p.sectionDir = dirPath(dir)
			sections[dir] = p
			place(p, dir)
		case lrel == "404.md":
			p.Kind = Kind404
			p.URL = "/" + pre + "404.html"
			p.OutPath = pre + "404.html"
			s.NotFound = p
		case base == "index.md" && dir != "":
			p.Kind = KindPage
			p.bundleDir = dirPath(dir)
			p.sectionDir = dirPath(parentDir(dir))
			place(p, dir)
			regular = append(regular, p)
		default:
			p.Kind = KindPage
			p.sectionDir = dirPath(dir)
			place(p, path.Join(dir, strings.TrimSuffix(base, ".md")))
			regular = append(regular, p)
		}
	}
	if sections[""] == nil {
		h := &Page{Kind: KindHome, Title: s.Title, Description: s.Description, ShowTOC: false, Params: map[string]any{}, sectionDir: l.Dir}
		setURL(h, urlDir(""))
		sections[""] = h
	}
	s.Home = sections[""]
	// Top-level folders holding pages are sections even without _index.md.
	for _, p := range regular {
		top := firstSegment(strings.TrimPrefix(strings.TrimPrefix(p.sectionDir, l.Dir), "/"))
		if top != "" && sections[top] == nil {
			sec := &Page{Kind: KindSection, Title: humanize(top), sectionDir: dirPath(top), ShowTOC: false, Params: map[string]any{}}
			setURL(sec, urlDir(top))
			sections[top] = sec
		}
	}
	nearest := func(dir string) *Page {
		for {
			if sec := sections[dir]; sec != nil {
				return sec
			}
			if dir == "" {
				return s.Home
			}
			dir = parentDir(dir)
		}
	}
	langDir := func(contentDir string) string {
		return strings.TrimPrefix(strings.TrimPrefix(contentDir, l.Dir), "/")
	}
	for _, dir := range sortedKeys(sections) {
		sec := sections[dir]
		if dir != "" {
			sec.Section = nearest(parentDir(dir))
			sec.Section.Pages = append(sec.Section.Pages, sec)
			s.Sections = append(s.Sections, sec)
		}
	}
	for _, p := range regular {
		p.Section = nearest(langDir(p.sectionDir))
		p.Section.Pages = append(p.Section.Pages, p)
	}
	s.Pages = append(s.Pages, regular...)
	SortPages(s.Pages)
	for _, sec := range sections {
		SortPages(sec.Pages)
		var prev *Page
		for _, p := range sec.Pages {
			if p.Kind != KindPage {
				continue
			}
			if prev != nil {
				prev.Next, p.Prev = p, prev
			}
			prev = p
		}
	}
	s.addTaxonomies(l)
	if s.NotFound == nil {
		s.NotFound = &Page{Kind: Kind404, Title: "Page not found", URL: "/" + pre + "404.html", OutPath: pre + "404.html", Params: map[string]any{}}
	}

	all := []*Page{s.NotFound}
	for _, sec := range sections {
		all = append(all, sec)
	}
	all = append(all, regular...)
	for _, tax := range s.TaxonomyPages {
		all = append(all, tax)
		all = append(all, tax.Pages...)
	}
	sortByURL(all)
	s.All = all
	for _, p := range all {
		p.Site, p.Language = s, l
		for q := p.Section; q != nil; q = q.Section {
			p.Breadcrumbs = append([]*Page{q}, p.Breadcrumbs...)
		}
		if p.Updated.After(s.LastUpdated) {
			s.LastUpdated = p.Updated
		}
	}
	s.collectCorrections(l)
	if c := s.CorrectionsPage; c != nil {
		c.Language = l
	}
	s.langAll = s.All
}

// copyMovedBundleFiles also writes the files of a page bundle whose page
// moved (its front matter sets url: or slug:) beside the page, so that
// relative references the Markdown does not resolve (raw HTML, layouts)
// still find them. They stay at their own path too, where resolved links
// point.
func (s *Site) copyMovedBundleFiles() {
	moved := map[string]string{} // bundle folder → the page's output folder
	for _, p := range s.All {
		if p.bundleDir != "" && p.URL != "/"+p.bundleDir+"/" && strings.HasSuffix(p.URL, "/") {
			moved[p.bundleDir] = strings.TrimPrefix(p.URL, "/")
		}
	}
	if len(moved) == 0 {
		return
	}
	bundles := map[string]bool{}
	for _, p := range s.All {
		if p.bundleDir != "" {
			bundles[p.bundleDir] = true
		}
	}
	for _, f := range s.Files {
		rel := strings.TrimPrefix(f.Src, "content/")
		for dir := parentDir(rel); dir != ""; dir = parentDir(dir) {
			if bundles[dir] { // the nearest bundle owns the file
				if to, ok := moved[dir]; ok {
					s.Files = append(s.Files, File{Src: f.Src, OutPath: to + rel[len(dir)+1:]})
				}
				break
			}
		}
	}
}

func setURL(p *Page, dir string) {
	if p.URL == "" {
		if p.Slug != "" && dir != "" {
			dir = path.Join(parentDir(dir), p.Slug)
		}
		p.URL = "/"
		if dir != "" {
			p.URL = "/" + dir + "/"
		}
	}
	p.OutPath = strings.TrimPrefix(p.URL, "/") + "index.html"
}

func parentDir(dir string) string {
	d := path.Dir(dir)
	if d == "." || d == "/" {
		return ""
	}
	return d
}

func firstSegment(dir string) string {
	if i := strings.IndexByte(dir, '/'); i >= 0 {
		return dir[:i]
	}
	return dir
}

func humanize(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	r := []rune(name)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// Urlize turns a name into a URL segment: lower case, spaces to hyphens,
// letters and digits kept, other punctuation dropped.
func Urlize(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '/':
			dash = true
		}
	}
	return b.String()
}

func (s *Site) resolveMenu(ds *diag.List) {
	for _, m := range s.Menu {
		p := s.ByPath[m.path]
		if m.translate {
			// The default language's menu, in a language without its
			// own: each entry points to the page's translation, if any.
			if p != nil {
				if t := TranslationIn(p, s.lang); t != nil {
					p = t
				}
				m.Page, m.URL = p, p.URL
			}
			continue
		}
		if p == nil {
			if !DroppedPage(s, m.path) { // else its own error says why
				ds.Add(settingsPath, m.pos.Line, m.pos.Col, "menu entry %q points to content/%s, which does not exist", m.Title, m.path)
			}
			continue
		}
		m.Page, m.URL = p, p.URL
	}
}

// checkDataCitations validates the citation keys written in data files and
// the data_citations field of pages.
func (s *Site) checkDataCitations(ds *diag.List) {
	check := func(file string, refs []KeyRef) {
		for _, ref := range refs {
			if s.SourceByKey[ref.Key] == nil {
				ds.Add(file, ref.Pos.Line, ref.Pos.Col, "unknown source %q%s", ref.Key, didYouMean(ref.Key, sortedKeys(s.SourceByKey)))
			}
		}
	}
	for _, name := range sortedKeys(s.DataCites) {
		if name != "sources" {
			check("content/data/"+name+".yaml", s.DataCites[name])
		}
	}
	for _, code := range sortedKeys(s.langDataCites) {
		for _, name := range sortedKeys(s.langDataCites[code]) {
			check("content/data/"+name+"."+code+".yaml", s.langDataCites[code][name])
		}
	}
	for _, p := range s.All {
		if p.DataCitations == "" {
			continue
		}
		if _, ok := p.Site.Data[p.DataCitations]; !ok {
			pos := p.FieldPos["data_citations"]
			ds.Add(p.Path, pos.Line, pos.Col, "data_citations names %q, but there is no content/data/%s.yaml", p.DataCitations, p.DataCitations)
		}
	}
	s.checkNoteLanguages(ds)
	s.checkAuthorLanguages(ds)
}

// sortByURL sorts pages by URL, and pages of one URL (clashes, reported by
// checkOutputs) by source path.
func sortByURL(pages []*Page) {
	sort.Slice(pages, func(i, j int) bool {
		if pages[i].URL != pages[j].URL {
			return pages[i].URL < pages[j].URL
		}
		return pages[i].Path < pages[j].Path
	})
}

// otherLanguage is the language of a source written in lang ("" for the
// site's default language def) as pages in language code show it: ""
// when it is code itself.
func otherLanguage(lang, def, code string) string {
	if lang == "" {
		lang = def
	}
	if strings.EqualFold(lang, code) {
		return ""
	}
	return lang
}
