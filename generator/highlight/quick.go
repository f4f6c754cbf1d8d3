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
	test     charTest // how a one-character node or loop tests a character
	ch       rune
	str      []rune
	set      *syntax.CharSet
	ascii    asciiSet // set's members below 128
	min, max int
	kids     []*qnode
	self     []*qnode // a slice holding only this node
	group    int      // NtCapture: the group's number
	behind   int      // lookbehind: how many characters before pos it reads; 0 for lookahead
	hasCaps  bool     // a capture group is inside
}

// charTest is how a node that takes one character at a time (NtOne,
// NtNotone, NtSet, and their loops) tests it.
type charTest uint8

const (
	noTest  charTest = iota // the node takes no single character
	isChar                  // ch
	notChar                 // anything but ch
	inSet                   // a member of set
)

// charTestOf returns the test of a node of type op.
func charTestOf(op syntax.NodeType) charTest {
	switch op {
	case syntax.NtOne, syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic:
		return isChar
	case syntax.NtNotone, syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic:
		return notChar
	case syntax.NtSet, syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		return inSet
	}
	return noTest
}

// takes reports whether the node (or one iteration of its loop) takes ch.
func (n *qnode) takes(ch rune) bool {
	switch n.test {
	case isChar:
		return ch == n.ch
	case notChar:
		return ch != n.ch
	}
	if ch >= 0 && ch < 128 {
		return n.ascii.has(ch)
	}
	return n.set.CharIn(ch)
}

// takesASCII returns the characters below 128 the node takes.
func (n *qnode) takesASCII() asciiSet {
	var s asciiSet
	switch n.test {
	case isChar:
		s.add(n.ch)
	case notChar:
		s = asciiSet{^uint64(0), ^uint64(0)}
		if n.ch >= 0 && n.ch < 128 {
			s[n.ch>>6] &^= 1 << (uint(n.ch) & 63)
		}
	case inSet:
		s = n.ascii
	}
	return s
}

// asciiSet is a set of the characters below 128.
type asciiSet [2]uint64

// has reports whether c, below 128, is in s.
func (s *asciiSet) has(c rune) bool { return s[c>>6]&(1<<(uint(c)&63)) != 0 }

// add adds c when it is below 128.
func (s *asciiSet) add(c rune) {
	if c >= 0 && c < 128 {
		s[c>>6] |= 1 << (uint(c) & 63)
	}
}

// asciiOf returns the members of set below 128. Lexers use the same few
// sets (\s, \w, [^"\\]) in rule after rule, and a set with Unicode
// categories answers slowly: each set's answer is kept, by its contents.
func asciiOf(set *syntax.CharSet) asciiSet {
	key := string(set.Hash())
	if b, ok := asciiOfSet.Load(key); ok {
		return b.(asciiSet)
	}
	var s asciiSet
	for c := rune(0); c < 128; c++ {
		if set.CharIn(c) {
			s.add(c)
		}
	}
	asciiOfSet.Store(key, s)
	return s
}

// asciiOfSet maps a set (CharSet.Hash: its whole contents, which regexp2
// keys its own maps with) to its members below 128.
var asciiOfSet sync.Map

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
	q := &qnode{op: n.T, test: charTestOf(n.T), ch: n.Ch, str: n.Str, set: n.Set, min: n.M, max: n.N}
	if q.test == inSet && n.Set != nil {
		q.ascii = asciiOf(n.Set)
	}
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
	q := newQnode(n)
	switch c.T {
	case syntax.NtOne, syntax.NtNotone:
		q.behind = 1
	case syntax.NtSet:
		if c.Set == nil {
			return nil
		}
		q.behind = 1
	case syntax.NtMulti:
		q.behind = len(c.Str)
	default:
		return nil
	}
	q.kids = newQnode(c).self
	return q
}

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
func firstOf(n *qnode, set *asciiSet) (nullable bool) {
	if n.test != noTest {
		t := n.takesASCII()
		set[0] |= t[0]
		set[1] |= t[1]
		// A loop of one character may take none.
		single := n.op == syntax.NtOne || n.op == syntax.NtNotone || n.op == syntax.NtSet
		return !single && n.min == 0
	}
	switch n.op {
	case syntax.NtMulti:
		if len(n.str) == 0 {
			return true
		}
		set.add(n.str[0])
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
