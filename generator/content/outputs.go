package content

import (
	"path"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// builtFiles are the files the build writes besides pages, aliases,
// assets and copied files (package site, stage extras); each section also
// gets <section>/atom.xml.
var builtFiles = []string{"sitemap.xml", "atom.xml", "robots.txt"}

// outputClaim is one output file and what writes it.
type outputClaim struct {
	out  string // dest-relative output path
	what string // the source path, or a description of a generated output
	path string // the source file to report a clash at, or ""
	pos  Pos
	// explicit is set when a url, slug or alias field chose the path.
	explicit bool
}

// blame ranks where a clash is best reported: at an explicit url, slug or
// alias, then at a source file's own address, then at the file that made
// the build generate an output.
func (c outputClaim) blame() int {
	switch {
	case c.path == "":
		return 0
	case c.what != c.path:
		return 1
	case !c.explicit:
		return 2
	}
	return 3
}

// subject names what writes the claimed file, for a message at c.path:
// "" for the file itself, else a description and a space.
func (c outputClaim) subject() string {
	if c.what == c.path {
		return ""
	}
	return c.what + " "
}

// pageClaim is the output of page p. A generated page is reported at the
// file that makes it exist: the first page of a section, the first page
// with a tag.
func pageClaim(p *Page) outputClaim {
	c := outputClaim{out: p.OutPath, what: p.Path, path: p.Path, pos: Pos{1, 1}}
	if fp, ok := p.FieldPos["url"]; ok {
		c.pos, c.explicit = fp, true
	} else if fp, ok := p.FieldPos["slug"]; ok {
		c.pos, c.explicit = fp, true
	}
	if p.Path != "" {
		return c
	}
	c.what = "the generated " + p.Kind + " page " + p.URL
	for q := p; q != nil && len(q.Pages) > 0; q = q.Pages[0] {
		if q.Pages[0].Path != "" {
			c.path, c.pos = q.Pages[0].Path, Pos{1, 1}
			if p.Kind == KindTerm || p.Kind == KindTaxonomy {
				c.pos = q.Pages[0].FieldPos[p.Taxonomy]
			}
			break
		}
	}
	return c
}

// checkOutputs reports two sources writing one output path, and an output
// path that needs a folder where another source writes a file (an alias
// /404.html would need the folder 404.html/).
func (s *Site) checkOutputs(ds *diag.List) {
	var claims []outputClaim
	for _, p := range s.All {
		claims = append(claims, pageClaim(p))
	}
	files := map[string]bool{}
	for _, f := range s.Files {
		files[f.OutPath] = true
	}
	for _, f := range builtFiles {
		switch {
		case f == "robots.txt" && files[f]: // content/robots.txt wins
		case f != "robots.txt" && s.BaseURL == "": // no sitemap or feed without a base URL
		default:
			claims = append(claims, outputClaim{out: f, what: "the generated " + f})
		}
	}
	if HasRedirects(s) {
		claims = append(claims, outputClaim{out: "_redirects", what: "the generated _redirects (from aliases)"})
	}
	for _, l := range s.Languages {
		ls := l.site
		if s.BaseURL == "" {
			break
		}
		if !l.Default {
			out := l.Dir + "/atom.xml"
			claims = append(claims, outputClaim{out: out, what: "the generated feed " + out})
		}
		for _, sec := range ls.Sections {
			out := strings.TrimPrefix(sec.URL, "/") + "atom.xml"
			c := pageClaim(sec)
			claims = append(claims, outputClaim{out: out, what: "the generated feed " + out, path: c.path, pos: c.pos})
		}
		if c := ls.CorrectionsPage; c != nil && c.Kind != KindSection {
			claims = append(claims, outputClaim{out: strings.TrimPrefix(c.URL, "/") + "atom.xml", what: "the generated corrections feed"})
		}
	}
	for _, p := range s.All {
		for i, a := range p.Aliases {
			pos := p.FieldPos["aliases"]
			if i < len(p.aliasPos) {
				pos = p.aliasPos[i]
			}
			claims = append(claims, outputClaim{out: AliasOutPath(a), what: p.Path, path: p.Path, pos: pos, explicit: true})
		}
	}
	for _, f := range s.Files {
		claims = append(claims, outputClaim{out: f.OutPath, what: f.Src, path: f.Src, pos: Pos{1, 1}})
	}
	report := func(c outputClaim, format string, args ...any) {
		path := c.path
		if path == "" {
			path = "content"
		}
		ds.Add(path, c.pos.Line, c.pos.Col, format, args...)
	}
	owner := map[string]outputClaim{}
	var kept []outputClaim
	for _, c := range claims {
		prev, ok := owner[c.out]
		if !ok {
			owner[c.out] = c
			kept = append(kept, c)
			continue
		}
		if prev.blame() > c.blame() {
			c, prev = prev, c
		}
		report(c, "%swrites %s, which %s also writes: give one of them another url or slug", c.subject(), c.out, prev.what)
	}
	// An output inside a "folder" that another source writes as a file.
	fileReported := map[string]bool{}
	for _, c := range kept {
		for d := path.Dir(c.out); d != "."; d = path.Dir(d) {
			file, ok := owner[d]
			if !ok {
				continue
			}
			if file.blame() > c.blame() {
				if fileReported[d] {
					break
				}
				fileReported[d] = true
				report(file, "%swrites the file %s, but %s writes %s inside a folder of that name: give one of them another url or name", file.subject(), d, c.what, c.out)
			} else {
				report(c, "%swrites %s, which needs a folder %s, but %s writes a file of that name: give one of them another url or slug", c.subject(), c.out, d, file.what)
			}
			break
		}
	}
	for url, p := range indexByURL(s.All) {
		s.ByURL[url] = p
	}
}

// HasRedirects reports whether the build writes a _redirects file: some
// page has aliases, or the site has several languages (each with its 404
// page), and content/ holds no _redirects of its own.
func HasRedirects(s *Site) bool {
	for _, f := range s.Files {
		if f.OutPath == "_redirects" {
			return false
		}
	}
	if s.Multilingual() {
		return true
	}
	for _, p := range s.All {
		if len(p.Aliases) > 0 {
			return true
		}
	}
	return false
}

func indexByURL(ps []*Page) map[string]*Page {
	m := make(map[string]*Page, len(ps))
	for _, p := range ps {
		if _, dup := m[p.URL]; !dup {
			m[p.URL] = p
		}
	}
	return m
}
