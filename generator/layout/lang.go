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
		for n, t := range s.templates {
			c, err := t.Clone()
			if err != nil {
				ds.Add(root+"/"+n, 0, 0, "%v", err)
				continue
			}
			m[n] = c.Funcs(langFuncs[code])
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
	var walk func(tr *parse.Tree, n parse.Node)
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
	walk = func(tr *parse.Tree, n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(tr, c)
			}
		case *parse.ActionNode:
			walk(tr, n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(tr, c)
			}
		case *parse.CommandNode:
			if len(n.Args) >= 2 {
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == fn {
					add(tr, id, n.Args[1])
				}
			}
			for _, a := range n.Args {
				walk(tr, a)
			}
		case *parse.IfNode:
			walk(tr, n.Pipe)
			walk(tr, n.List)
			walk(tr, n.ElseList)
		case *parse.RangeNode:
			walk(tr, n.Pipe)
			walk(tr, n.List)
			walk(tr, n.ElseList)
		case *parse.WithNode:
			walk(tr, n.Pipe)
			walk(tr, n.List)
			walk(tr, n.ElseList)
		case *parse.TemplateNode:
			walk(tr, n.Pipe)
		}
	}
	for _, n := range sortedKeys(s.templates) {
		for _, t := range s.templates[n].Templates() {
			if t.Tree != nil {
				walk(t.Tree, t.Tree.Root)
			}
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
