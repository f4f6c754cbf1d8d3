package layout

import (
	"fmt"
	"html/template"
	"strings"
	"text/template/parse"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// checkBlank reports layouts that would make every page using them blank:
// a base layout that writes nothing (an empty or half-saved file), and,
// without a base layout, a page layout that only defines blocks for it or
// is empty.
func (s *Set) checkBlank(shared *template.Template, kinds map[string]*parse.Tree) diag.List {
	var ds diag.List
	if _, ok := s.src["base.html"]; ok {
		if bt := shared.Lookup("base.html"); bt == nil || onlyDefines(bt.Tree) {
			ds.Add(root+"/base.html", 1, 1, "the base layout writes nothing, so every page would be blank: "+
				"write the page around {{ block \"main\" . }}{{ end }} (if the file was being saved, save it again)")
		}
		return ds
	}
	for _, n := range sortedKeys(kinds) {
		if s.fills[n] || !onlyDefines(kinds[n]) {
			continue
		}
		if strings.TrimSpace(s.src[n]) == "" {
			ds.Add(root+"/"+n, 1, 1, "the layout is empty, so every page using it would be blank: "+
				"write the layout (if the file was being saved, save it again)")
			continue
		}
		ds.Add(root+"/"+n, 1, 1, "the layout only fills blocks of layouts/base.html, which does not exist, "+
			"so every page using it would be blank: restore layouts/base.html, or write the whole page in this file")
	}
	return ds
}

// checkCalls reports every {{ template "name" }} that names a template
// none of the layouts defines, at the file:line:col of the call. Each page
// template is followed from the template it executes, so a call is checked
// against the templates that exist when it runs.
func (s *Set) checkCalls() diag.List {
	var ds diag.List
	reported := map[string]bool{}
	for _, n := range sortedKeys(s.templates) {
		set := s.templates[n]
		visited := map[string]bool{}
		var walk func(file string, start parse.Node)
		walk = func(file string, start parse.Node) {
			inspect(start, func(n parse.Node) bool {
				node, ok := n.(*parse.TemplateNode)
				if !ok {
					return true
				}
				if t := set.Lookup(node.Name); t != nil && t.Tree != nil {
					if !visited[node.Name] {
						visited[node.Name] = true
						walk(t.Tree.ParseName, t.Tree.Root)
					}
					return false
				}
				line, col := diag.Position([]byte(s.src[file]), int(node.Position()))
				key := fmt.Sprintf("%s:%d:%d", file, line, col)
				if !reported[key] {
					reported[key] = true
					ds.Add(root+"/"+file, line, col, "%s", missingTemplate(node.Name))
				}
				return false
			})
		}
		entry := s.entry[n]
		if t := set.Lookup(entry); t != nil && t.Tree != nil {
			visited[entry] = true
			walk(t.Tree.ParseName, t.Tree.Root)
		}
	}
	ds.Sort()
	return ds
}

// missingTemplate says what to do about a call of a template that does
// not exist.
func missingTemplate(name string) string {
	if strings.HasSuffix(name, ".html") {
		return fmt.Sprintf("there is no layouts/%s for {{ template %q }}: create it, or correct the name", name, name)
	}
	return fmt.Sprintf("no layout defines the template %q: add {{ define %q }}…{{ end }}, or correct the name", name, name)
}

// FillsBase reports whether the page template name only fills the blocks
// of layouts/base.html, which is what renders its pages.
func (s *Set) FillsBase(name string) bool { return s.fills[name] }
