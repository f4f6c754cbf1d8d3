package content

import (
	"path"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"go.yaml.in/yaml/v3"
)

// lintYAML warns about YAML that reads without error but likely not as its
// writer meant: a key written twice in one map (YAML keeps only the last
// value, silently), and a merge key (<<: *name), which this generator does
// not apply. lineOffset is added to node lines (1 for front matter, whose
// YAML starts on the file's second line). An alias is not followed: what
// it names is checked where it is written.
func lintYAML(p string, n *yaml.Node, lineOffset int) diag.List {
	var ds diag.List
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.MappingNode:
			seen := map[string]int{} // key → line
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
					ds.Warn(p, k.Line+lineOffset, k.Column, "merge keys (<<: *name) are not applied here: "+
						"the fields of the named entry are not copied in; write them out in full")
				} else if k.Kind == yaml.ScalarNode {
					if line, dup := seen[k.Value]; dup {
						ds.Warn(p, k.Line+lineOffset, k.Column, "key %q is written twice in one place (also on line %d); "+
							"only the last value is used: remove one of them", k.Value, line)
					} else {
						seen[k.Value] = k.Line + lineOffset
					}
				}
				walk(n.Content[i+1])
			}
		}
	}
	if n != nil {
		walk(n)
	}
	return ds
}

// dataNameClashes warns about two data files that give one name, such as
// content/data/timeline.yaml and content/data/timeline.yml: the site sees
// only the one read last. files are "path\x00text" entries in the order
// the files were read.
func dataNameClashes(files []string) diag.List {
	byName := map[string][]string{}
	for _, f := range files {
		p, _, _ := strings.Cut(f, "\x00")
		name := strings.TrimSuffix(p, path.Ext(p))
		byName[name] = append(byName[name], p)
	}
	var ds diag.List
	for _, n := range sortedKeys(byName) {
		ps := byName[n]
		if len(ps) < 2 {
			continue
		}
		used := ps[len(ps)-1]
		for _, p := range ps[:len(ps)-1] {
			ds.Warn(p, 1, 1, "%s has the same name, and layouts see only that one: this file is not used; "+
				"merge the two files or rename one", used)
		}
	}
	return ds
}
