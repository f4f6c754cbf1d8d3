package content

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
)

// A page dropped for an error in it (its front matter, its size, its
// encoding) is left out of the build, but its file exists: links to it,
// menu entries and translation_of lines naming it are not errors too, so
// that one mistake gives one error. Its address is the one its url or slug
// field gives, when the front matter can be read that far, else its path's;
// addresses below a dropped bundle's (its files) are taken as existing too.

// noteDropped records the content-relative paths of the Markdown files
// that gave no page, and their addresses.
func (s *Site) noteDropped(fsys fs.FS, rels []string) {
	if len(rels) == 0 {
		return
	}
	s.dropped = make(map[string]string, len(rels))
	for _, rel := range rels {
		addr := s.pathAddress(rel)
		if raw, err := fs.ReadFile(fsys, "content/"+rel); err == nil {
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
			if u, _, _, ok := FrontMatterField(raw, "url"); ok && strings.HasPrefix(u, "/") {
				addr = strings.TrimSuffix(path.Clean(u), "/") + "/"
			} else if slug, _, _, ok := FrontMatterField(raw, "slug"); ok && slug != "" && addr != "/" && !strings.ContainsAny(slug, "/\\:?#") {
				addr = path.Dir(strings.TrimSuffix(addr, "/")) + "/" + slug + "/"
				addr = strings.Replace(addr, "//", "/", 1)
			}
		}
		s.dropped[rel] = addr
	}
}

// DroppedPage reports whether content/rel is a page left out of the build
// for an error in it, which is reported at the file.
func DroppedPage(s *Site, rel string) bool {
	_, ok := s.dropped[rel]
	return ok
}

// DroppedAddress reports whether the root-relative address u (a folder,
// with or without its final slash) is that of a page left out for an error
// in it.
func DroppedAddress(s *Site, u string) bool {
	if len(s.dropped) == 0 {
		return false
	}
	folder := strings.TrimSuffix(u, "/") + "/"
	for rel, a := range s.dropped {
		if a == folder || path.Base(rel) == "index.md" && strings.HasPrefix(u, a) {
			return true
		}
	}
	return false
}

// pathAddress is the address of the page content/rel would have without
// url or slug in its front matter.
func (s *Site) pathAddress(rel string) string {
	pre := ""
	if len(s.Languages) == 0 {
		// No languages: the settings did not load.
	} else if l := s.languageOf(rel); !l.Default && l.Dir != "" {
		pre = l.Dir + "/"
	}
	lrel := strings.TrimPrefix(rel, pre)
	if lrel == "404.md" {
		return "/" + pre + "404.html"
	}
	dir, base := path.Dir(lrel), path.Base(lrel)
	if dir == "." {
		dir = ""
	}
	if base != "_index.md" && base != "index.md" {
		dir = path.Join(dir, strings.TrimSuffix(base, ".md"))
	}
	if pre != "" && dir != "" {
		segs := strings.Split(dir, "/")
		for i, seg := range segs {
			segs[i] = foldSegment(seg)
		}
		dir = strings.Join(segs, "/")
	}
	if dir = pre + dir; dir == "" {
		return "/"
	}
	return "/" + strings.TrimSuffix(dir, "/") + "/"
}
