package markdown

import (
	"bytes"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/nearest"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Callout AST node kinds: process-wide registrations, like kindCitation.
var (
	kindCallout     = ast.NewNodeKind("Callout")
	kindCalloutPair = ast.NewNodeKind("CalloutPair")
)

// calloutNode is a block quote whose first line is "[!NAME]". kind is nil
// for a name the site does not define; Convert reports it.
type calloutNode struct {
	ast.BaseBlock
	name      string // as written, between "[!" and "]"
	kind      *content.CalloutKind
	markerOff int    // source offset of the "["
	problem   string // why the kind is unknown, or ""
	label     string // the label in the page's language; "" means kind.Label
}

func (n *calloutNode) Kind() ast.NodeKind { return kindCallout }

func (n *calloutNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.name}, nil)
}

// calloutPairNode holds two or more callouts of pair kinds in a row.
type calloutPairNode struct{ ast.BaseBlock }

func (n *calloutPairNode) Kind() ast.NodeKind { return kindCalloutPair }

func (n *calloutPairNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// calloutTransformer turns block quotes that start with a "[!NAME]" line
// into callouts. With strict false (Inline), a block quote naming an
// unknown kind stays a block quote.
type calloutTransformer struct {
	kinds  map[string]*content.CalloutKind // by lower-case name
	names  []string                        // lower-case names in the site's order
	strict bool
}

func newCalloutTransformer(kinds []content.CalloutKind, strict bool) calloutTransformer {
	t := calloutTransformer{kinds: make(map[string]*content.CalloutKind, len(kinds)), strict: strict}
	for i := range kinds {
		k := &kinds[i] // names are lower case: content made them so
		t.kinds[k.Name] = k
		t.names = append(t.names, k.Name)
	}
	return t
}

// Transform implements parser.ASTTransformer.
func (t calloutTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	parents := map[ast.Node]bool{}
	for _, q := range quotes {
		if c := t.callout(q, src); c != nil {
			parent := q.Parent()
			parent.ReplaceChild(parent, q, c)
			parents[parent] = true
		}
	}
	for parent := range parents {
		pairUp(parent)
	}
}

// callout returns the callout q is, or nil.
func (t calloutTransformer) callout(q *ast.Blockquote, src []byte) *calloutNode {
	para, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || para.Lines().Len() == 0 {
		return nil
	}
	first := para.Lines().At(0)
	line := first.Value(src)
	lead := len(line) - len(bytes.TrimLeft(line, " \t"))
	name, ok := calloutMarker(bytes.TrimSpace(line))
	if !ok {
		return nil
	}
	kind := t.kinds[strings.ToLower(name)]
	if kind == nil && !t.strict {
		return nil
	}
	// The marker line holds only text nodes; anything else (a link to a
	// reference named "!x") means this is not a marker.
	var marker []ast.Node
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		tx, ok := c.(*ast.Text)
		if !ok {
			if c.Pos() >= 0 && c.Pos() >= first.Stop {
				break
			}
			return nil
		}
		if tx.Segment.Start >= first.Stop {
			break
		}
		marker = append(marker, c)
	}
	for _, c := range marker {
		para.RemoveChild(para, c)
	}
	if para.ChildCount() == 0 {
		q.RemoveChild(q, para)
	}
	c := &calloutNode{name: name, kind: kind, markerOff: first.Start + lead}
	if kind == nil {
		c.problem = calloutProblem(name, t.names)
	}
	for n := q.FirstChild(); n != nil; {
		next := n.NextSibling()
		c.AppendChild(c, n)
		n = next
	}
	return c
}

// calloutMarker returns NAME if line is "[!NAME]".
func calloutMarker(line []byte) (string, bool) {
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' || len(line) > 64 {
		return "", false
	}
	name := line[2 : len(line)-1]
	if len(name) == 0 || bytes.ContainsAny(name, "[]!") || bytes.TrimSpace(name) == nil || len(bytes.TrimSpace(name)) != len(name) {
		return "", false
	}
	return string(name), true
}

// pairUp wraps each run of two or more callouts of pair kinds among
// parent's children in a calloutPairNode.
func pairUp(parent ast.Node) {
	isPair := func(n ast.Node) bool {
		c, ok := n.(*calloutNode)
		return ok && c.kind != nil && c.kind.Pair
	}
	for n := parent.FirstChild(); n != nil; {
		if !isPair(n) || !isPair(n.NextSibling()) {
			n = n.NextSibling()
			continue
		}
		pair := &calloutPairNode{}
		parent.InsertBefore(parent, n, pair)
		for isPair(n) {
			next := n.NextSibling()
			pair.AppendChild(pair, n)
			n = next
		}
	}
}

// calloutProblem is the message for a callout of an unknown kind.
func calloutProblem(name string, names []string) string {
	msg := "unknown callout kind \"" + name + "\""
	if best := closest(strings.ToLower(name), names); best != "" {
		msg += " (did you mean \"" + strings.ToUpper(best) + "\"?)"
	}
	return msg + "; this site's kinds are " + strings.ToUpper(strings.Join(names, ", ")) + " (add more under \"callouts\" in content/site.yaml)"
}

func (r *nodeRenderer) renderCallout(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*calloutNode)
	if !entering {
		if n.kind == nil {
			_, _ = w.WriteString("</blockquote>\n")
		} else {
			_, _ = w.WriteString("</aside>\n")
		}
		return ast.WalkContinue, nil
	}
	if n.kind == nil { // an error is reported; render something sensible
		_, _ = w.WriteString("<blockquote>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<aside class="callout callout-`)
	_, _ = w.Write(util.EscapeHTML([]byte(n.kind.Name)))
	_, _ = w.WriteString("\">\n<p class=\"callout-label\">")
	label := n.label
	if label == "" {
		label = n.kind.Label
	}
	_, _ = w.Write(util.EscapeHTML([]byte(label)))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderCalloutPair(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"callout-pair\">\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

// closest returns the candidate within 2 edits of s, or "".
func closest(s string, candidates []string) string { return nearest.Name(s, candidates, 2) }
