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
// tag pages, 404), resolves the menu and finds output path clashes.
func (s *Site) assemble(ds *diag.List) {
	sections := map[string]*Page{} // content-relative dir → section page ("" = home)
	var regular []*Page
	for _, rel := range sortedKeys(s.ByPath) {
		p := s.ByPath[rel]
		dir, base := path.Dir(rel), path.Base(rel)
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
			p.sectionDir = dir
			sections[dir] = p
			setURL(p, dir)
		case rel == "404.md":
			p.Kind = Kind404
			p.URL, p.OutPath = "/404.html", "404.html"
			s.NotFound = p
		case base == "index.md" && dir != "":
			p.Kind = KindPage
			p.bundleDir = dir
			p.sectionDir = parentDir(dir)
			setURL(p, dir)
			regular = append(regular, p)
		default:
			p.Kind = KindPage
			p.sectionDir = dir
			setURL(p, path.Join(dir, strings.TrimSuffix(base, ".md")))
			regular = append(regular, p)
		}
	}
	if sections[""] == nil {
		h := &Page{Kind: KindHome, Title: s.Title, Description: s.Description, ShowTOC: false, Params: map[string]any{}}
		setURL(h, "")
		sections[""] = h
	}
	s.Home = sections[""]
	// Top-level folders holding pages are sections even without _index.md.
	for _, p := range regular {
		if top := firstSegment(p.sectionDir); top != "" && sections[top] == nil {
			sec := &Page{Kind: KindSection, Title: humanize(top), sectionDir: top, ShowTOC: false, Params: map[string]any{}}
			setURL(sec, top)
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
	for _, dir := range sortedKeys(sections) {
		sec := sections[dir]
		if dir != "" {
			sec.Section = nearest(parentDir(dir))
			sec.Section.Pages = append(sec.Section.Pages, sec)
			s.Sections = append(s.Sections, sec)
		}
	}
	for _, p := range regular {
		p.Section = nearest(p.sectionDir)
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
	s.addTaxonomies()
	if s.NotFound == nil {
		s.NotFound = &Page{Kind: Kind404, Title: "Page not found", URL: "/404.html", OutPath: "404.html", Params: map[string]any{}}
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
	sort.Slice(all, func(i, j int) bool {
		if all[i].URL != all[j].URL {
			return all[i].URL < all[j].URL
		}
		return all[i].Path < all[j].Path // clashes, reported by checkOutputs
	})
	s.All = all
	for _, p := range all {
		p.Site = s
		for q := p.Section; q != nil; q = q.Section {
			p.Breadcrumbs = append([]*Page{q}, p.Breadcrumbs...)
		}
		if p.Updated.After(s.LastUpdated) {
			s.LastUpdated = p.Updated
		}
	}
	s.collectCorrections()
	s.resolveAuthors(ds)
	s.resolveImages(ds)
	s.copyMovedBundleFiles()
	s.checkOutputs(ds)
	s.resolveMenu(ds)
	s.checkDataCitations(ds)
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
		if p == nil {
			ds.Add(settingsPath, m.pos.Line, m.pos.Col, "menu entry %q points to content/%s, which does not exist", m.Title, m.path)
			continue
		}
		m.Page, m.URL = p, p.URL
	}
}

// checkDataCitations validates the citation keys written in data files and
// the data_citations field of pages.
func (s *Site) checkDataCitations(ds *diag.List) {
	for _, name := range sortedKeys(s.DataCites) {
		if name == "sources" {
			continue
		}
		for _, ref := range s.DataCites[name] {
			if s.SourceByKey[ref.Key] == nil {
				ds.Add("content/data/"+name+".yaml", ref.Pos.Line, ref.Pos.Col, "unknown source %q%s", ref.Key, didYouMean(ref.Key, sortedKeys(s.SourceByKey)))
			}
		}
	}
	for _, p := range s.All {
		if p.DataCitations == "" {
			continue
		}
		if _, ok := s.Data[p.DataCitations]; !ok {
			pos := p.FieldPos["data_citations"]
			ds.Add(p.Path, pos.Line, pos.Col, "data_citations names %q, but there is no content/data/%s.yaml", p.DataCitations, p.DataCitations)
		}
	}
}
