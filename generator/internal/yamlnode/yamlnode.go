// Package yamlnode writes a parsed YAML document (a yaml.Node tree) as
// bytes and reads it back, so that a build can keep the documents it
// parsed between runs: reading the bytes back is many times faster than
// parsing the YAML again. A tree holding an alias (*name) is not written:
// an alias points into the tree, which the bytes do not keep.
package yamlnode

import (
	"encoding/binary"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds the nesting Decode reads, as the YAML library bounds
// what it parses.
const maxDepth = 10000

// Append appends the encoding of the tree n to b. It reports false, with
// b as it was, when the tree holds an alias or is nested deeper than
// Decode reads.
func Append(b []byte, n *yaml.Node) ([]byte, bool) {
	out, ok := appendNode(b, n, 0)
	if !ok {
		return b, false
	}
	return out, true
}

func appendNode(b []byte, n *yaml.Node, depth int) ([]byte, bool) {
	if n.Kind == yaml.AliasNode || n.Alias != nil || depth > maxDepth {
		return b, false
	}
	b = binary.AppendUvarint(b, uint64(n.Kind))
	b = binary.AppendUvarint(b, uint64(n.Style))
	for _, s := range []string{n.Tag, n.Value, n.Anchor, n.HeadComment, n.LineComment, n.FootComment} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(n.Line))
	b = binary.AppendUvarint(b, uint64(n.Column))
	b = binary.AppendUvarint(b, uint64(len(n.Content)))
	for _, c := range n.Content {
		var ok bool
		if b, ok = appendNode(b, c, depth+1); !ok {
			return b, false
		}
	}
	return b, true
}

// Decode reads a tree Append wrote. It reports false for bytes Append
// did not write (damaged, truncated or with bytes after the tree). The
// tree's texts are parts of one copy of b, and each node's children are
// made together: a tree of a thousand nodes is a few allocations, not
// thousands.
func Decode(b []byte) (*yaml.Node, bool) {
	d := decoder{b: b, all: string(b)}
	n := new(yaml.Node)
	if d.node(n, 0); d.bad || len(d.b) != 0 {
		return nil, false
	}
	return n, true
}

type decoder struct {
	b   []byte // what is left to read
	all string // every byte read or left, for texts
	bad bool
}

func (d *decoder) uint(max uint64) uint64 {
	v, w := binary.Uvarint(d.b)
	if w <= 0 || v > max {
		d.bad = true
		return 0
	}
	d.b = d.b[w:]
	return v
}

func (d *decoder) str() string {
	n := d.uint(uint64(len(d.b)))
	if d.bad || n > uint64(len(d.b)) { // the length's own bytes were consumed
		d.bad = true
		return ""
	}
	at := len(d.all) - len(d.b)
	d.b = d.b[n:]
	return d.all[at : at+int(n)]
}

// node reads a node into n.
func (d *decoder) node(n *yaml.Node, depth int) {
	if depth > maxDepth {
		d.bad = true
		return
	}
	n.Kind, n.Style = yaml.Kind(d.uint(1<<31)), yaml.Style(d.uint(1<<31))
	if n.Kind == yaml.AliasNode {
		d.bad = true
		return
	}
	n.Tag, n.Value, n.Anchor = d.str(), d.str(), d.str()
	n.HeadComment, n.LineComment, n.FootComment = d.str(), d.str(), d.str()
	n.Line, n.Column = int(d.uint(1<<31)), int(d.uint(1<<31))
	// Each child takes at least 11 bytes.
	count := d.uint(uint64(len(d.b)) / 11)
	if d.bad || count == 0 {
		return
	}
	kids := make([]yaml.Node, count)
	n.Content = make([]*yaml.Node, count)
	for i := range kids {
		n.Content[i] = &kids[i]
		if d.node(&kids[i], depth+1); d.bad {
			return
		}
	}
}
