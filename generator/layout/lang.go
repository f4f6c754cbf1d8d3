package layout

import (
	"html/template"
	"sort"
	"text/template/parse"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// cloneLangs makes each language's copy of the templates, with that
// language's functions in place of the default language's.
func (s *Set) cloneLangs(langFuncs map[string]template.FuncMap) diag.List {
	var ds diag.List
	for _, code := range sortedKeys(langFuncs) {
		m := make(map[string]*template.Template, len(s.templates))
		clones := map[*template.Template]*template.Template{} // the page templates share one set
		for n, t := range s.templates {
			c := clones[t]
			if c == nil {
				var err error
				if c, err = t.Clone(); err != nil {
					ds.Add(root+"/"+n, 0, 0, "%v", err)
					continue
				}
				c.Funcs(langFuncs[code])
				clones[t] = c
			}
			m[n] = c
		}
		if s.byLang == nil {
			s.byLang = map[string]map[string]*template.Template{}
		}
		s.byLang[code] = m
	}
	return ds
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Call is a call of a template function with a literal text as its first
// argument, such as {{ T "nav.home" }}, at file:line:col of a layout.
type Call struct {
	Arg       string // the literal first argument
	Path      string // layouts/partials/nav.html
	Line, Col int    // of the function's name; Col counts runes
}

// Calls finds every call of the function fn whose first argument is a
// literal text, in every layout file, sorted by position.
func (s *Set) Calls(fn string) []Call {
	seen := map[Call]bool{}
	var out []Call
	add := func(tr *parse.Tree, id parse.Node, arg parse.Node) {
		str, ok := arg.(*parse.StringNode)
		if !ok {
			return
		}
		file := tr.ParseName
		src, ok := s.src[file]
		if !ok {
			return
		}
		line, col := diag.Position([]byte(src), int(id.Position()))
		c := Call{Arg: str.Text, Path: root + "/" + file, Line: line, Col: col}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sets := map[*template.Template]bool{}
	for _, n := range sortedKeys(s.templates) {
		if sets[s.templates[n]] {
			continue // the page templates share one set
		}
		sets[s.templates[n]] = true
		for _, t := range s.templates[n].Templates() {
			tr := t.Tree
			if tr == nil {
				continue
			}
			inspect(tr.Root, func(n parse.Node) bool {
				if c, ok := n.(*parse.CommandNode); ok && len(c.Args) >= 2 {
					if id, ok := c.Args[0].(*parse.IdentifierNode); ok && id.Ident == fn {
						add(tr, id, c.Args[1])
					}
				}
				return true
			})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out
}

// inspect calls visit for n and, while visit returns true, for the nodes
// below it, in source order: lists, actions, pipelines, commands and their
// arguments, the branches of if, range and with, and template calls'
// pipelines.
func inspect(n parse.Node, visit func(parse.Node) bool) {
	switch n := n.(type) {
	case nil:
		return
	case *parse.ListNode:
		if n == nil {
			return
		}
	case *parse.PipeNode:
		if n == nil {
			return
		}
	}
	if !visit(n) {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			inspect(c, visit)
		}
	case *parse.ActionNode:
		inspect(n.Pipe, visit)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			inspect(c, visit)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			inspect(a, visit)
		}
	case *parse.IfNode:
		inspectBranch(&n.BranchNode, visit)
	case *parse.RangeNode:
		inspectBranch(&n.BranchNode, visit)
	case *parse.WithNode:
		inspectBranch(&n.BranchNode, visit)
	case *parse.TemplateNode:
		inspect(n.Pipe, visit)
	}
}

func inspectBranch(b *parse.BranchNode, visit func(parse.Node) bool) {
	inspect(b.Pipe, visit)
	inspect(b.List, visit)
	inspect(b.ElseList, visit)
}
