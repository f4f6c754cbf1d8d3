package content

import (
	"io/fs"
	"slices"
	"strings"
)

// Reload is the preview server's quick path after an edit. paths names
// files (site-root-relative, like content/a/b.md) that may have changed
// since s was loaded with opts.Cache. When every one is a Markdown page of
// s that is still a regular file and whose front matter and problems are
// unchanged, Reload gives those pages their new body and hash, updates the
// cache, and returns them. Otherwise it changes nothing and returns false:
// the edit may have changed more than page bodies (a page added, removed
// or renamed, front matter edited, a data file or the settings changed), so
// the caller must Load the site again.
//
// Reload trusts paths: unlike Load, it does not look at other files.
func Reload(s *Site, fsys fs.FS, opts Options, paths []string) ([]*Page, bool) {
	c := opts.Cache
	if c == nil || len(paths) == 0 {
		return nil, false
	}
	type update struct {
		page  *Page // live page of s
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
			return nil, false
		}
		live, old := s.ByPath[rel], c.entries[full]
		if live == nil || old.page == nil {
			return nil, false
		}
		info, err := fs.Lstat(fsys, full)
		if err != nil || !info.Mode().IsRegular() {
			return nil, false
		}
		p, ds := readPage(fsys, rel, info.Size())
		if p == nil || p.MetaHash != old.page.MetaHash || !slices.Equal(ds, old.diags) {
			return nil, false
		}
		updates = append(updates, update{live, cacheEntry{size: info.Size(), modTime: info.ModTime(), page: p, diags: ds}})
	}
	pages := make([]*Page, len(updates))
	for i, u := range updates {
		c.entries[u.page.Path] = u.entry
		u.page.Body, u.page.Hash = u.entry.page.Body, u.entry.page.Hash
		pages[i] = u.page
	}
	return pages, true
}
