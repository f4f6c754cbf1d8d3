package content

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
)

// Reload is the preview server's quick path after an edit. paths names
// files (site-root-relative, like content/a/b.md) that may have changed
// since s was loaded with opts.Cache. When every one is a Markdown page of
// s that is still a regular file and whose front matter and problems are
// unchanged, Reload returns a new version of the site in which those pages
// have their new body (BodyOf), the pages it read again, and true; it
// updates the cache. Otherwise it returns false: the edit may have changed
// more than page bodies (a page added, removed or renamed, front matter
// edited, a data file or the settings changed), so the caller must Load
// the site again.
//
// Reload changes nothing that s holds: the new site shares every page
// with s (their front matter, URLs and places are unchanged), and only
// the bodies it returns for the edited pages differ.
//
// Reload trusts paths: unlike Load, it does not look at other files.
func Reload(s *Site, fsys fs.FS, opts Options, paths []string) (*Site, []*Page, bool) {
	c := opts.Cache
	if c == nil || len(paths) == 0 || s.dropBodies {
		return nil, nil, false
	}
	type update struct {
		page  *Page // page of s
		entry cacheEntry
	}
	var updates []update
	seen := map[string]bool{}
	for _, full := range paths {
		if seen[full] {
			continue
		}
		seen[full] = true
		rel, ok := strings.CutPrefix(full, "content/")
		if !ok || !strings.HasSuffix(rel, ".md") {
			return nil, nil, false
		}
		live, old := s.ByPath[rel], c.entries[full]
		if live == nil || old.page == nil {
			return nil, nil, false
		}
		info, err := fs.Lstat(fsys, full)
		if err != nil || !info.Mode().IsRegular() {
			return nil, nil, false
		}
		p, ds := readPage(fsys, rel, info.Size(), nil)
		if p == nil || p.MetaHash != old.page.MetaHash || !slices.Equal(ds, old.diags) {
			return nil, nil, false
		}
		updates = append(updates, update{live, cacheEntry{size: info.Size(), modTime: info.ModTime(), page: p, diags: ds}})
	}
	ns := *s
	ns.bodies = maps.Clone(s.bodies)
	if ns.bodies == nil {
		ns.bodies = make(map[*Page]Body, len(updates))
	}
	pages := make([]*Page, len(updates))
	for i, u := range updates {
		c.entries[u.page.Path] = u.entry
		ns.bodies[u.page] = Body{Text: u.entry.page.body, Hash: u.entry.page.hash}
		pages[i] = u.page
	}
	return &ns, pages, true
}
