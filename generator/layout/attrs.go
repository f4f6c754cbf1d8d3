package layout

import (
	"regexp"
	"sort"
	"strings"
	"text/template/parse"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// attrSite is where a layout file writes an attribute that holds an
// address (href, src, srcset, action, poster), and the literal text of its
// value: all of it, or what comes before the value's first action and
// after its last.
type attrSite struct {
	path           string // layouts/partials/footer.html
	line, col      int    // of the attribute's name
	attr           string // lower case
	prefix, suffix string
	literal        bool // no action in the value: prefix is all of it
}

var attrStart = regexp.MustCompile(`(?i)(?:^|[\s"'/])(href|src|srcset|action|poster)\s*=\s*(["']?)`)

// FindAttr returns where layout file name, base.html or a partial most
// probably wrote the attribute attr (lower case) with the value written
// (as it is in the rendered page): a value written as it is in the file
// first, else the one whose literal beginning and end match the most text.
// ok is false when no written text matches, as for a value that an action
// writes whole.
func (s *Set) FindAttr(name, attr, value string) (path string, line, col int, ok bool) {
	s.attrOnce.Do(s.findAttrSites)
	best, bestScore := attrSite{}, 0
	for _, file := range s.attrFiles(name) {
		for _, a := range s.attrSites[file] {
			if a.attr != attr {
				continue
			}
			score := 0
			switch {
			case a.literal && value == a.prefix:
				score = 1 << 30
			case !a.literal && len(value) >= len(a.prefix)+len(a.suffix) && strings.HasPrefix(value, a.prefix) && strings.HasSuffix(value, a.suffix):
				score = len(a.prefix) + len(a.suffix)
			}
			if score > bestScore {
				best, bestScore = a, score
			}
		}
	}
	if bestScore == 0 {
		return "", 0, 0, false
	}
	return best.path, best.line, best.col, true
}

// attrFiles lists the files a page laid out with file name may have run:
// the file, base.html and the partials.
func (s *Set) attrFiles(name string) []string {
	files := []string{name}
	if name != "base.html" {
		files = append(files, "base.html")
	}
	var partials []string
	for f := range s.src {
		if strings.HasPrefix(f, "partials/") {
			partials = append(partials, f)
		}
	}
	sort.Strings(partials)
	return append(files, partials...)
}

// findAttrSites parses every layout file again, without its functions
// (only the text between actions matters), and notes its address
// attributes.
func (s *Set) findAttrSites() {
	s.attrSites = map[string][]attrSite{}
	for file, src := range s.src {
		t := parse.New(file)
		t.Mode = parse.SkipFuncCheck
		trees := map[string]*parse.Tree{}
		if _, err := t.Parse(src, "", "", trees); err != nil {
			continue
		}
		lines := diag.NewLines([]byte(src))
		var sites []attrSite
		for _, tr := range trees {
			if tr.Root != nil {
				sites = collectAttrs(tr.Root, root+"/"+file, lines, sites)
			}
		}
		sort.Slice(sites, func(i, j int) bool {
			if sites[i].line != sites[j].line {
				return sites[i].line < sites[j].line
			}
			return sites[i].col < sites[j].col
		})
		s.attrSites[file] = sites
	}
}

// collectAttrs appends the address attributes written in list, which may
// span text and actions: href="{{ .URL }}atom.xml".
func collectAttrs(list *parse.ListNode, path string, lines *diag.Lines, out []attrSite) []attrSite {
	var open *attrSite // a value still open after the last text
	var quote byte
	for _, n := range list.Nodes {
		tn, ok := n.(*parse.TextNode)
		if !ok {
			if open != nil {
				open.literal = false
				continue
			}
			switch n := n.(type) {
			case *parse.IfNode:
				out = collectBranch(&n.BranchNode, path, lines, out)
			case *parse.RangeNode:
				out = collectBranch(&n.BranchNode, path, lines, out)
			case *parse.WithNode:
				out = collectBranch(&n.BranchNode, path, lines, out)
			}
			continue
		}
		text := string(tn.Text)
		i := 0
		if open != nil {
			end := valueEnd(text, quote)
			if end < 0 {
				continue // text in the middle of the value
			}
			open.suffix = text[:end]
			out = append(out, *open)
			open, i = nil, end
		}
		for i < len(text) {
			m := attrStart.FindStringSubmatchIndex(text[i:])
			if m == nil {
				break
			}
			a := attrSite{path: path, attr: strings.ToLower(text[i+m[2] : i+m[3]])}
			a.line, a.col = lines.Position(int(tn.Pos) + i + m[2])
			vs := i + m[1]
			q := byte(0)
			if m[5] > m[4] {
				q = text[i+m[4]]
			}
			end := valueEnd(text[vs:], q)
			if end < 0 {
				a.prefix = text[vs:]
				open, quote = &a, q
				break
			}
			a.prefix, a.literal = text[vs:vs+end], true
			out = append(out, a)
			i = vs + end
		}
	}
	return out
}

func collectBranch(b *parse.BranchNode, path string, lines *diag.Lines, out []attrSite) []attrSite {
	if b.List != nil {
		out = collectAttrs(b.List, path, lines, out)
	}
	if b.ElseList != nil {
		out = collectAttrs(b.ElseList, path, lines, out)
	}
	return out
}

// valueEnd returns the length of the attribute value at the start of text,
// closed by quote (0: unquoted, closed by white space or ">"), or -1 when
// text ends first.
func valueEnd(text string, quote byte) int {
	if quote != 0 {
		return strings.IndexByte(text, quote)
	}
	return strings.IndexAny(text, " \t\n\r\f>")
}
