package layout

import (
	"html/template"
	"sort"
	"text/template/parse"
)

// kindTrees is one page template file parsed on its own: its body (named
// as the file) and every template it defines.
type kindTrees struct {
	name  string
	trees map[string]*parse.Tree // by template name; the body under name
}

// scoped is the name a template defined (or overridden) by page template
// file kind takes in the combined set: "page.html|main".
func scoped(kind, name string) string { return kind + "|" + name }

// combine adds every page template file to shared, the set of base.html
// and the partials, so that one set (one clone per language, one
// escaping of each partial) serves every page template, where a clone of
// shared per file copied every tree and escaped every partial again.
//
// A file's templates are renamed scoped(file, name), and so is every
// template of shared that calls one of them, directly or through others
// (base.html, which calls the blocks the file fills): a copy with its
// calls renamed. So each file sees the templates it would see in a clone
// of its own. combine returns the template each file executes: the file
// itself, or (for a file that only fills blocks, when there is a base
// layout) base.html as the file sees it.
func combine(shared *template.Template, kinds []kindTrees, fillsBase map[string]bool) (map[string]string, error) {
	calls := map[string][]string{} // template of shared → templates it calls
	for _, t := range shared.Templates() {
		if t.Tree != nil {
			calls[t.Name()] = calledNames(t.Tree.Root)
		}
	}
	entry := map[string]string{}
	for _, k := range kinds {
		// The templates of shared the file's definitions change: those
		// calling a name it defines, directly or through others.
		renamed := map[string]bool{}
		for n := range k.trees {
			if n != k.name {
				renamed[n] = true
			}
		}
		for changed := true; changed; {
			changed = false
			for n, cs := range calls {
				if renamed[n] {
					continue
				}
				for _, c := range cs {
					if renamed[c] {
						renamed[n], changed = true, true
						break
					}
				}
			}
		}
		rename := func(name string) string {
			if renamed[name] {
				return scoped(k.name, name)
			}
			return name
		}
		add := func(name string, tree *parse.Tree) error {
			tree = tree.Copy()
			tree.Name = name
			renameCalls(tree.Root, rename)
			_, err := shared.AddParseTree(name, tree)
			return err
		}
		for _, n := range sortedKeys(k.trees) {
			name := n
			if n != k.name {
				name = scoped(k.name, n)
			}
			if err := add(name, k.trees[n]); err != nil {
				return nil, err
			}
		}
		for _, n := range sortedKeys(renamed) {
			if _, own := k.trees[n]; own {
				continue
			}
			if t := shared.Lookup(n); t != nil && t.Tree != nil {
				if err := add(scoped(k.name, n), t.Tree); err != nil {
					return nil, err
				}
			}
		}
		entry[k.name] = k.name
		if fillsBase[k.name] {
			entry[k.name] = rename("base.html")
		}
	}
	return entry, nil
}

// calledNames lists the templates a tree calls with {{ template }}.
func calledNames(root parse.Node) []string {
	seen := map[string]bool{}
	inspect(root, func(n parse.Node) bool {
		if tn, ok := n.(*parse.TemplateNode); ok {
			seen[tn.Name] = true
		}
		return true
	})
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// renameCalls renames the templates a tree calls.
func renameCalls(root parse.Node, rename func(string) string) {
	inspect(root, func(n parse.Node) bool {
		if tn, ok := n.(*parse.TemplateNode); ok {
			tn.Name = rename(tn.Name)
		}
		return true
	})
}
