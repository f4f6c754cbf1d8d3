package highlight

import (
	"sync"

	"github.com/dlclark/regexp2/v2/syntax"
)

// quickMatcher finds the match of a rule's pattern at a position without
// regexp2's per-attempt costs: a pooled runner, and for every match a
// Match object, its capture arrays and a copy of its groups (about ten
// allocations for every token of code; highlighting was 45% of a cold
// build's CPU time, most of it there). It walks the tree regexp2's own
// parser builds (after its optimisations, such as loops made atomic and
// case-insensitive letters made sets), in regexp2's backtracking order,
// and accepts only the node types whose meaning is plain: characters,
// sets, strings, anchors, loops, alternation, capture and atomic groups,
// lookahead, and lookbehind of one character, set or string. A pattern
// with anything else (back-references, named groups, conditionals, other
// lookbehind, a loop whose body can match nothing) has no quickMatcher,
// and its rule is matched by regexp2 as before; so is a match that
// backtracks past a budget linear in the text, so that regexp2's timeout
// still bounds it.
//
// It gives what chroma reads of a match: where it ends and the text of
// every capture group. TestQuickMatchesRegexp2 compares it with regexp2 on
// every pattern of every chroma lexer (98.5% of the 47,527 rules have a
// quick matcher) at positions all through each lexer's sample file.
type quickMatcher struct {
	root   *qnode
	groups int // capture groups, the whole match (0) included
}

// qnode is a node of regexp2's tree, in the form the matcher walks.
type qnode struct {
	op       syntax.NodeType
	ch       rune
	str      []rune
	set      *syntax.CharSet
	ascii    [2]uint64 // set's members below 128
	min, max int
	kids     []*qnode
	self     []*qnode // a slice holding only this node
	group    int      // NtCapture: the group's number
	behind   int      // lookbehind: how many characters before pos it reads; 0 for lookahead
	hasCaps  bool     // a capture group is inside
}

// in reports whether ch is in the node's set.
func (n *qnode) in(ch rune) bool {
	if ch >= 0 && ch < 128 {
		return n.ascii[ch>>6]&(1<<(uint(ch)&63)) != 0
	}
	return n.set.CharIn(ch)
}

// newQuickMatcher returns a matcher for pattern as regexp2.Compile with
// no options reads it, or nil when the pattern uses what it cannot match.
func newQuickMatcher(pattern string) *quickMatcher {
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil || tree.Options&(syntax.RightToLeft|syntax.ECMAScript|syntax.IgnoreCase) != 0 {
		return nil
	}
	if len(tree.Capnames) > 0 || len(tree.Capnumlist) > 0 {
		return nil // named or explicitly numbered groups
	}
	root := convert(tree.Root)
	if root == nil {
		return nil
	}
	// Groups numbered 0 to Captop-1, each once, as regexp2 lists them.
	seen := make([]bool, tree.Captop)
	ok := true
	var walk func(n *qnode)
	walk = func(n *qnode) {
		if n.op == syntax.NtCapture {
			if n.group < 0 || n.group >= len(seen) || seen[n.group] {
				ok = false
				return
			}
			seen[n.group] = true
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(root)
	if !ok || root.op != syntax.NtCapture || root.group != 0 {
		return nil
	}
	for _, s := range seen {
		if !s {
			return nil
		}
	}
	return &quickMatcher{root: root, groups: tree.Captop}
}

// convert copies n, or returns nil when the matcher cannot walk it.
func convert(n *syntax.RegexNode) *qnode {
	if (n.T == syntax.NtPosLook || n.T == syntax.NtNegLook) && n.Options&syntax.RightToLeft != 0 {
		return lookbehind(n)
	}
	if n.Options&(syntax.RightToLeft|syntax.ECMAScript|syntax.IgnoreCase) != 0 {
		return nil
	}
	q := newQnode(n)
	switch n.T {
	case syntax.NtOne, syntax.NtNotone, syntax.NtMulti,
		syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtOnelazy, syntax.NtNotonelazy,
		syntax.NtOneloopatomic, syntax.NtNotoneloopatomic,
		syntax.NtBol, syntax.NtEol, syntax.NtBoundary, syntax.NtNonboundary,
		syntax.NtBeginning, syntax.NtStart, syntax.NtEndZ, syntax.NtEnd,
		syntax.NtEmpty, syntax.NtNothing, syntax.NtUpdateBumpalong:
	case syntax.NtSet, syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		if n.Set == nil {
			return nil
		}
		q.fillASCII()
	case syntax.NtConcatenate, syntax.NtAlternate, syntax.NtCapture, syntax.NtGroup,
		syntax.NtAtomic, syntax.NtPosLook, syntax.NtNegLook:
	case syntax.NtLoop, syntax.NtLazyloop:
		// A body that can match nothing makes regexp2 stop iterating by
		// rules of its own; leave those loops to it.
		if len(n.Children) != 1 || n.Children[0].ComputeMinLength() < 1 {
			return nil
		}
	default:
		return nil
	}
	if n.T == syntax.NtCapture {
		if n.N != -1 {
			return nil // a balancing group
		}
		q.group = n.M
		q.hasCaps = true
	}
	for _, c := range n.Children {
		k := convert(c)
		if k == nil {
			return nil
		}
		q.kids = append(q.kids, k)
		q.hasCaps = q.hasCaps || k.hasCaps
	}
	switch n.T {
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic, syntax.NtPosLook, syntax.NtNegLook:
		if len(q.kids) != 1 {
			return nil
		}
	}
	return q
}

func newQnode(n *syntax.RegexNode) *qnode {
	q := &qnode{op: n.T, ch: n.Ch, str: n.Str, set: n.Set, min: n.M, max: n.N}
	q.self = []*qnode{q}
	return q
}

// lookbehind converts (?<=x) or (?<!x) where x is one character, a set
// or a string: regexp2 matches it right to left from pos; the matcher
// matches x forward from pos minus its length.
func lookbehind(n *syntax.RegexNode) *qnode {
	if len(n.Children) != 1 || n.Options&(syntax.ECMAScript|syntax.IgnoreCase) != 0 {
		return nil
	}
	c := n.Children[0]
	if c.Options&(syntax.ECMAScript|syntax.IgnoreCase) != 0 {
		return nil
	}
	k := newQnode(c)
	switch c.T {
	case syntax.NtOne, syntax.NtNotone:
		k.behind = 1
	case syntax.NtSet:
		if c.Set == nil {
			return nil
		}
		k.fillASCII()
		k.behind = 1
	case syntax.NtMulti:
		k.behind = len(c.Str)
	default:
		return nil
	}
	q := newQnode(n)
	q.behind = k.behind
	q.kids = k.self
	return q
}

// fillASCII notes which characters below 128 are in the node's set.
// Lexers use the same few sets (\s, \w, [^"\\]) in rule after rule, and
// a set with Unicode categories answers slowly: a set's first answers
// are kept for the next with the same description.
func (n *qnode) fillASCII() {
	key := string(n.set.Hash())
	if b, ok := asciiOfSet.Load(key); ok {
		n.ascii = b.([2]uint64)
		return
	}
	for c := rune(0); c < 128; c++ {
		if n.set.CharIn(c) {
			n.ascii[c>>6] |= 1 << (uint(c) & 63)
		}
	}
	asciiOfSet.Store(key, n.ascii)
}

// asciiOfSet maps a set (CharSet.Hash: its whole contents, which regexp2
// keys its own maps with) to its members below 128.
var asciiOfSet sync.Map

// first returns the characters below 128 the pattern's matches can
// start with, or nil when a match may be empty. Any character from 128
// up is let through: the walk decides.
func (q *quickMatcher) first() *firstSet {
	s := &firstSet{}
	if firstOf(q.root, &s.ascii) {
		return nil
	}
	return s
}

// firstOf adds to set the characters below 128 a match of n can start
// with, and reports whether n can match without taking a character.
func firstOf(n *qnode, set *[2]uint64) (nullable bool) {
	add := func(c rune) {
		if c >= 0 && c < 128 {
			set[c>>6] |= 1 << (uint(c) & 63)
		}
	}
	switch n.op {
	case syntax.NtOne:
		add(n.ch)
	case syntax.NtNotone:
		for c := rune(0); c < 128; c++ {
			if c != n.ch {
				add(c)
			}
		}
	case syntax.NtSet:
		set[0] |= n.ascii[0]
		set[1] |= n.ascii[1]
	case syntax.NtMulti:
		if len(n.str) == 0 {
			return true
		}
		add(n.str[0])
	case syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic:
		add(n.ch)
		return n.min == 0
	case syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic:
		for c := rune(0); c < 128; c++ {
			if c != n.ch {
				add(c)
			}
		}
		return n.min == 0
	case syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		set[0] |= n.ascii[0]
		set[1] |= n.ascii[1]
		return n.min == 0
	case syntax.NtConcatenate:
		for _, k := range n.kids {
			if !firstOf(k, set) {
				return false
			}
		}
		return true
	case syntax.NtAlternate:
		for _, k := range n.kids {
			if firstOf(k, set) {
				nullable = true
			}
		}
		return nullable
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
		return firstOf(n.kids[0], set)
	case syntax.NtLoop, syntax.NtLazyloop:
		firstOf(n.kids[0], set) // the body takes at least one character
		return n.min == 0
	case syntax.NtNothing:
		return false
	default:
		// Anchors, lookarounds, empty: they take no character.
		return true
	}
	return false
}
