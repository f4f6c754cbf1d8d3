package site

import (
	"net/url"
	"path"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
)

// linkTarget is what a link in Markdown resolved to.
type linkTarget struct {
	href   string        // root-relative, escaped, or external as written
	page   *content.Page // target page, when it is one
	anchor string        // fragment to check on page, unescaped
	err    string
}

// hasScheme reports whether dest is an external address (a URL scheme or a
// protocol-relative //host). Rendered pages' addresses are bytes.
func hasScheme[S ~string | ~[]byte](dest S) bool {
	if len(dest) >= 2 && dest[0] == '/' && dest[1] == '/' {
		return true
	}
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case c == ':':
			return i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// resolve maps a link destination written in page p to its target.
// Supported forms: external URLs (left alone), #anchor, relative or
// root-relative paths to .md files (with an optional #anchor), Zola's
// @/path.md (from content/), root-relative
// site URLs such as /a/b/, and paths to other content files (images).
func resolve(s *content.Site, files map[string]bool, p *content.Page, dest string, image bool) linkTarget {
	if dest == "" {
		return linkTarget{err: "empty link"}
	}
	if hasScheme(dest) {
		return linkTarget{href: dest}
	}
	raw, frag, _ := strings.Cut(dest, "#")
	raw, _, _ = strings.Cut(raw, "?")
	if fu, err := url.PathUnescape(frag); err == nil {
		frag = fu
	}
	if raw == "" {
		return linkTarget{href: dest, page: p, anchor: frag}
	}
	clean, err := url.PathUnescape(raw)
	if err != nil {
		return linkTarget{err: "link " + dest + " is not a valid address"}
	}
	what := "link to"
	if image {
		what = "image"
	}
	if strings.HasPrefix(clean, "/") && underPrefix(clean, s.ExternalPrefixes) {
		return linkTarget{href: dest} // left root-relative: relativize keeps it

	}
	var rel string // content-relative target path
	if after, ok := strings.CutPrefix(clean, "@/"); ok {
		// Zola's internal links: a path from content/.
		clean = "/" + after
		if path.Ext(clean) != ".md" {
			return linkTarget{err: what + " " + dest + ": @/ links name a file of content/, such as @/blog/post.md"}
		}
	}
	if strings.HasPrefix(clean, "/") {
		if t, ok := s.ByURL[strings.TrimSuffix(clean, "/")+"/"]; ok && path.Ext(clean) != ".md" && !image {
			return pageTarget(t, frag)
		}
		if t := aliasOwner(s, clean); t != nil && !image {
			return pageTarget(t, frag) // an old address: link to the page itself
		}
		rel = strings.TrimPrefix(path.Clean(clean), "/")
	} else {
		rel = path.Join(p.Dir(), clean)
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return linkTarget{err: what + " " + dest + " points outside content/"}
	}
	if strings.HasSuffix(rel, ".md") {
		t := s.ByPath[rel]
		if t == nil {
			if w := content.WithheldPage(s, rel); w != nil {
				return linkTarget{err: what + " " + dest + ": content/" + rel + " " + w.LinkProblem()}
			}
			if content.DroppedPage(s, rel) {
				return linkTarget{href: dest} // its own error says why it is not built
			}
			return linkTarget{err: what + " " + dest + ": content/" + rel + " does not exist (or is a draft)" + linkSuggestion(s, files, p, clean, frag)}
		}
		if image {
			return linkTarget{err: "image " + dest + " is a page, not an image"}
		}
		return pageTarget(t, frag)
	}
	if files[rel] {
		return linkTarget{href: escapePath("/" + rel)}
	}
	if strings.HasPrefix(clean, "/") {
		if !image && content.DroppedAddress(s, clean) {
			return linkTarget{href: dest} // its page's own error says why it is not built
		}
		return linkTarget{err: what + " " + dest + ": no page or file has this address" + linkSuggestion(s, files, p, clean, frag)}
	}
	return linkTarget{err: what + " " + dest + ": content/" + rel + " does not exist" + linkSuggestion(s, files, p, clean, frag)}
}

// aliasOwner returns the page that lists the root-relative address u
// among its aliases, or nil.
func aliasOwner(s *content.Site, u string) *content.Page {
	if path.Ext(u) == ".md" {
		return nil
	}
	folder := strings.TrimSuffix(u, "/") + "/"
	for _, p := range s.All {
		for _, a := range p.Aliases {
			if a == u || a == folder {
				return p
			}
		}
	}
	return nil
}

func pageTarget(t *content.Page, frag string) linkTarget {
	href := escapePath(t.URL)
	if frag != "" {
		href += "#" + url.PathEscape(frag)
	}
	return linkTarget{href: href, page: t, anchor: frag}
}

// escapePath percent-encodes each segment of a root-relative path.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func rewriteURL(u, fromDir, base string, keep []string) string {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || underPrefix(u, keep) {
		return u
	}
	p, frag, hasFrag := strings.Cut(u, "#")
	if hasFrag {
		frag = "#" + frag
	}
	if base != "" {
		return base + strings.TrimPrefix(p, "/") + frag
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return layout.RelPath(fromDir, p) + frag
}
