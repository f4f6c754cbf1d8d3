package site

import (
	"crypto/sha256"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/pack"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// yamlCache keeps the parsed data files, front matter and strings files
// between one-off builds, in the cache folder beside the Markdown cache
// (content.YAMLStore): a file whose text is unchanged is not parsed
// again. Parsing the explainer's
// 90 KB of data files was two fifths of its content stage once its pages
// came from the Markdown and render caches.
//
// An entry is found by the file's text and this generator (its parser
// may differ from another's); it holds the parsed document, written by
// package yamlnode. Only documents parsed without a problem, and without
// aliases, are kept.
type yamlCache struct {
	pack   *pack.Pack
	prefix [32]byte
}

// yamlCacheMagic starts a YAML cache file of this format.
var yamlCacheMagic = [8]byte{'K', 'P', 'Y', 'M', 'P', 'K', 0, 1}

// openYAMLCache opens the YAML cache of the site opts builds, or returns
// nil (every data file is then parsed).
func openYAMLCache(opts Options) *yamlCache {
	p := openSitePack(opts, "yaml", yamlCacheMagic)
	if p == nil {
		return nil
	}
	return &yamlCache{pack: p, prefix: sha256.Sum256(appendStrings(nil, "kpstrikes/yaml", generatorIdentity()))}
}

func (c *yamlCache) key(text []byte) pack.Key {
	h := sha256.New()
	h.Write(c.prefix[:])
	h.Write(text)
	var k pack.Key
	h.Sum(k[:0])
	return k
}

// Get returns the document parsed from text, or nil.
func (c *yamlCache) Get(text []byte) *yaml.Node {
	ref, ok := c.pack.Get(c.key(text))
	if !ok {
		return nil
	}
	v, err := ref.Read()
	if err != nil {
		return nil
	}
	doc, ok := yamlnode.Decode(v)
	if !ok {
		return nil
	}
	return doc
}

// Put keeps doc, parsed from text.
func (c *yamlCache) Put(text []byte, doc *yaml.Node) {
	if v, ok := yamlnode.Append(nil, doc); ok {
		c.pack.Put(c.key(text), v)
	}
}

// close commits the cache when commit is true, and closes it.
func (c *yamlCache) close(commit bool) {
	if commit {
		c.pack.Commit() // a cache that cannot be saved only makes the next build slower
	}
	c.pack.Close()
}
