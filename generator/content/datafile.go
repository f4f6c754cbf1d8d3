package content

import (
	"io/fs"
	"path"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
)

// dataRead is one data file as read and parsed, before it is applied to
// the site: its text and entry, or the problem reading it.
type dataRead struct {
	raw    []byte
	e      *dataEntry
	cached bool // e is the content cache's
	err    error
}

// YAMLStore keeps parsed YAML documents between builds, by their text.
// Its methods are called from several goroutines.
type YAMLStore = yamlnode.Store

// readData reads and parses data file p, or takes the content cache's
// entry for it when its text is unchanged. It changes nothing, so that
// data files are read in parallel.
func readData(fsys fs.FS, p string, cache *Cache, store YAMLStore) dataRead {
	if !isYAML(p) {
		return dataRead{} // loadData warns
	}
	raw, err := fs.ReadFile(fsys, p)
	if err != nil {
		return dataRead{err: err}
	}
	if cache != nil {
		if c := cache.data[p]; c != nil && c.raw == string(raw) {
			return dataRead{raw: raw, e: c, cached: true}
		}
	}
	e := &dataEntry{raw: string(raw)}
	root, yds := parseYAMLFile(p, raw, store) // once: the registries read the same tree
	switch p {
	case sourcesPath:
		e.sources, yds = sourcesOf(root, yds)
	case authorsPath:
		e.authors, yds = authorsOf(root, yds)
	}
	e.diags = append(e.diags, yds...)
	e.diags = append(e.diags, lintYAML(p, root, 0)...)
	if root != nil {
		e.value = decodeNode(root)
		e.cites = dataCitations(root)
	}
	return dataRead{raw: raw, e: e}
}

// loadData adds data file p (rel, content-relative), as readData read
// it, to the site.
func (s *Site) loadData(p, rel string, r dataRead, cache *Cache, ds *diag.List) {
	if !isYAML(rel) {
		ds.Warn(p, 0, 0, "data files must be .yaml; this file is ignored")
		return
	}
	if r.err != nil {
		ds.Add(p, 0, 0, "cannot read: %v", pathErr(r.err))
		return
	}
	s.dataRaw = append(s.dataRaw, p+"\x00"+string(r.raw))
	name := strings.TrimSuffix(strings.TrimPrefix(rel, "data/"), path.Ext(rel))
	e := r.e
	if cache != nil && !r.cached {
		cache.data[p] = e
	}
	*ds = append(*ds, e.diags...)
	if p == sourcesPath {
		for _, src := range e.sources {
			c := *src // each build fills CitedBy anew
			s.Sources = append(s.Sources, &c)
			s.SourceByKey[c.Key] = &c
		}
	}
	for _, a := range e.authors {
		s.Authors = append(s.Authors, a)
		s.AuthorByKey[a.Key] = a
	}
	if e.value != nil || e.cites != nil {
		if base, code, ok := s.languageData(name); ok {
			if s.langData == nil {
				s.langData, s.langDataCites = map[string]map[string]any{}, map[string]map[string][]KeyRef{}
			}
			if s.langData[code] == nil {
				s.langData[code], s.langDataCites[code] = map[string]any{}, map[string][]KeyRef{}
			}
			s.langData[code][base], s.langDataCites[code][base] = e.value, e.cites
			return
		}
		s.Data[name] = e.value
		s.DataCites[name] = e.cites
	}
}

// isYAML reports whether a data file's name ends in .yaml or .yml.
func isYAML(name string) bool {
	ext := path.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}
