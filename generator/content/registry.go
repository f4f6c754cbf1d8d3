package content

import (
	"slices"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"go.yaml.in/yaml/v3"
)

// A registry is a data file listing entries that pages refer to by key:
// content/data/sources.yaml (citations) and content/data/authors.yaml
// (bylines). These helpers read what every registry shares; each parser
// reads its own fields.

// registryEntriesOf reads the registry file at path, parsed into root
// (nil when it could not be parsed, the problems in ds): a YAML list of
// maps, one an entry (an empty file, or an empty map, is an empty
// registry). It
// reports a file that is not a list and items that are not maps, naming an
// entry what ("source") and its main fields (fields, "key, outlet, title,
// date and url"), and returns the maps.
func registryEntriesOf(path string, root *yaml.Node, ds diag.List, what, fields string) ([]*yaml.Node, diag.List) {
	if root == nil {
		return nil, ds
	}
	if root.Kind != yaml.SequenceNode {
		if root.Kind == yaml.MappingNode && len(root.Content) == 0 {
			return nil, ds
		}
		ds = append(ds, fieldError(path, root, 0, "the %s list must be a YAML list of entries (- key: …)", what))
		return nil, ds
	}
	var entries []*yaml.Node
	for _, item := range root.Content {
		if item.Kind != yaml.MappingNode {
			ds = append(ds, fieldError(path, item, 0, "each %s must be a map with %s", what, fields))
			continue
		}
		entries = append(entries, item)
	}
	return entries, ds
}

// registryField is one field of a registry entry: its name and value
// nodes, and its text (trimmed, "" for null or for a nested field).
type registryField struct {
	k, v *yaml.Node
	text string
}

// registryFields reads the fields of the registry entry item: the key,
// returned with its position (the entry's when it has none), and the
// others. A value that is not text is reported and left out, except in
// the fields named nested, which the parser reads itself.
func registryFields(path, what string, item *yaml.Node, ds *diag.List, nested ...string) (key string, pos Pos, fields []registryField) {
	pos = Pos{item.Line, item.Column}
	for i := 0; i+1 < len(item.Content); i += 2 {
		f := registryField{k: item.Content[i], v: item.Content[i+1]}
		switch {
		case slices.Contains(nested, f.k.Value):
			fields = append(fields, f)
			continue
		case f.v.Kind != yaml.ScalarNode:
			*ds = append(*ds, fieldError(path, f.v, 0, "%s field %q must be text", what, f.k.Value))
			continue
		case f.v.Tag != "!!null":
			f.text = strings.TrimSpace(f.v.Value)
		}
		if f.k.Value == "key" {
			key, pos = f.text, Pos{f.v.Line, f.v.Column}
			continue
		}
		fields = append(fields, f)
	}
	return key, pos, fields
}

// registryKeys keeps the first entry of each key of a registry.
type registryKeys struct {
	path, what string
	seen       map[string]Pos
}

// keep reports whether the entry whose map starts at item, with key at
// pos, is kept: an entry without a key, or with a key an earlier entry
// has, is reported and dropped.
func (r *registryKeys) keep(ds *diag.List, item *yaml.Node, key string, pos Pos) bool {
	if key == "" {
		ds.Add(r.path, item.Line, item.Column, "%s has no key", r.what)
		return false
	}
	if r.seen == nil {
		r.seen = map[string]Pos{}
	}
	if p, dup := r.seen[key]; dup {
		ds.Add(r.path, pos.Line, pos.Col, "%s key %q is used twice (first on line %d)", r.what, key, p.Line)
		return false
	}
	r.seen[key] = pos
	return true
}

// authorKeys reads a list of author keys (or one key): the `authors`
// setting of site.yaml and the `authors` field of front matter; off is the
// line offset of the YAML text in the file at path.
func authorKeys(path string, v *yaml.Node, off int, ds *diag.List) []KeyRef {
	nodes := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		nodes = v.Content
	}
	var out []KeyRef
	for _, n := range nodes {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
			*ds = append(*ds, fieldError(path, n, off, "field \"authors\" must be a list of author keys from %s, such as [editors]", authorsPath))
			continue
		}
		out = append(out, KeyRef{strings.TrimSpace(n.Value), Pos{n.Line + off, n.Column}})
	}
	return out
}
