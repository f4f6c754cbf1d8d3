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

// Results of a walk besides a match's end.
const (
	noMatch = -1
	gaveUp  = -2 // the step budget ran out
)

// match returns the end of the match that starts at pos, noMatch, or
// gaveUp when the pattern backtracked more than a linear budget allows
// (regexp2, with its timeout, decides those). After a match, w.group
// gives each group's text. w is scratch space, reused from one call to
// the next.
func (q *quickMatcher) match(w *walker, text []rune, pos int) int {
	w.text, w.start, w.budget = text, pos, 1024+16*(len(text)-pos)
	w.conts, w.saved = w.conts[:0], w.saved[:0]
	w.caps = w.caps[:0]
	for range q.groups {
		w.caps = append(w.caps, -1, -1)
	}
	return w.seq(q.root.self, pos, none)
}

// group returns the text of group i of the last match, "" when it took
// part in none.
func (w *walker) group(i int) string {
	if w.caps[2*i] < 0 {
		return ""
	}
	return string(w.text[w.caps[2*i]:w.caps[2*i+1]])
}

// walker is the state of one match attempt.
type walker struct {
	text   []rune
	start  int
	budget int
	caps   []int // start and end of each group's last capture; -1: none
	// conts is a stack: a cont is pushed before the walk goes deeper and
	// popped when it returns, so no cont outlives the calls that use it.
	conts []cont
	saved []int // caps saved across atomic groups and lookarounds
}

// cont is what is left to match after the current nodes: more nodes, or
// another iteration of a loop, or the end of a capture group; next is
// the index of the cont after it in walker.conts, or none.
type cont struct {
	nodes []*qnode
	loop  *qnode // when set: iterate loop again, count iterations done
	count int
	group int // when not none: group ends here, started at from
	from  int
	next  int
}

const none = -1

// push adds c to the stack and returns its index.
func (w *walker) push(c cont) int {
	w.conts = append(w.conts, c)
	return len(w.conts) - 1
}

func isWordAt(text []rune, i int) bool {
	return i >= 0 && i < len(text) && syntax.IsWordChar(text[i])
}

// seq matches nodes from pos, then k, backtracking in regexp2's order.
// On noMatch the captures are as they were before the call.
func (w *walker) seq(nodes []*qnode, pos int, k int) int {
	text := w.text
	for {
		if len(nodes) == 0 {
			if k == none {
				return pos
			}
			c := w.conts[k]
			switch {
			case c.loop != nil:
				return w.loop(c.loop, c.count, pos, c.next)
			case c.group != none:
				g := 2 * c.group
				from, to := w.caps[g], w.caps[g+1]
				w.caps[g], w.caps[g+1] = c.from, pos
				e := w.seq(c.nodes, pos, c.next)
				if e == noMatch {
					w.caps[g], w.caps[g+1] = from, to
				}
				return e
			}
			nodes, k = c.nodes, c.next
			continue
		}
		if w.budget--; w.budget < 0 {
			return gaveUp
		}
		n, rest := nodes[0], nodes[1:]
		switch n.op {
		case syntax.NtOne:
			if pos >= len(text) || text[pos] != n.ch {
				return noMatch
			}
			pos++
		case syntax.NtNotone:
			if pos >= len(text) || text[pos] == n.ch {
				return noMatch
			}
			pos++
		case syntax.NtSet:
			if pos >= len(text) || !n.in(text[pos]) {
				return noMatch
			}
			pos++
		case syntax.NtMulti:
			if !hasAt(text, pos, n.str) {
				return noMatch
			}
			pos += len(n.str)
		case syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic:
			c := w.count(n, pos)
			if c < n.min {
				return noMatch
			}
			pos += c
		case syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop:
			c := w.count(n, pos)
			for i := c; i >= n.min; i-- {
				if e := w.seq(rest, pos+i, k); e != noMatch {
					return e
				}
			}
			return noMatch
		case syntax.NtOnelazy, syntax.NtNotonelazy, syntax.NtSetlazy:
			c := w.count(n, pos)
			for i := n.min; i <= c; i++ {
				if e := w.seq(rest, pos+i, k); e != noMatch {
					return e
				}
			}
			return noMatch
		case syntax.NtConcatenate, syntax.NtGroup:
			if len(rest) == 0 {
				nodes = n.kids
				continue
			}
			return w.deeper(n.kids, pos, cont{nodes: rest, group: none, next: k})
		case syntax.NtCapture:
			return w.deeper(n.kids, pos, cont{nodes: rest, group: n.group, from: pos, next: k})
		case syntax.NtAlternate:
			after := w.push(cont{nodes: rest, group: none, next: k})
			e := noMatch
			for _, alt := range n.kids {
				if e = w.seq(alt.self, pos, after); e != noMatch {
					break
				}
			}
			w.conts = w.conts[:after]
			return e
		case syntax.NtAtomic, syntax.NtPosLook, syntax.NtNegLook:
			// The group matches once, on its own; the walk never comes
			// back into it.
			at := pos
			if n.behind > 0 {
				if at -= n.behind; at < 0 {
					if n.op == syntax.NtNegLook {
						nodes = rest
						continue
					}
					return noMatch
				}
			}
			mark := len(w.saved)
			if n.hasCaps {
				w.saved = append(w.saved, w.caps...)
			}
			e := w.seq(n.kids, at, none)
			if e == gaveUp {
				return gaveUp
			}
			if n.op == syntax.NtNegLook {
				// Captures inside a negative lookaround are not kept.
				if e >= 0 {
					if n.hasCaps {
						copy(w.caps, w.saved[mark:])
						w.saved = w.saved[:mark]
					}
					return noMatch
				}
			} else {
				if e < 0 {
					if n.hasCaps {
						w.saved = w.saved[:mark]
					}
					return noMatch
				}
				if n.op == syntax.NtAtomic {
					pos = e
				}
			}
			if !n.hasCaps {
				nodes = rest
				continue
			}
			e = w.seq(rest, pos, k)
			if e == noMatch {
				copy(w.caps, w.saved[mark:])
			}
			w.saved = w.saved[:mark]
			return e
		case syntax.NtLoop, syntax.NtLazyloop:
			after := w.push(cont{nodes: rest, group: none, next: k})
			e := w.loop(n, 0, pos, after)
			w.conts = w.conts[:after]
			return e
		case syntax.NtBol:
			if pos > 0 && text[pos-1] != '\n' {
				return noMatch
			}
		case syntax.NtEol:
			if pos < len(text) && text[pos] != '\n' {
				return noMatch
			}
		case syntax.NtBoundary:
			if isWordAt(text, pos-1) == isWordAt(text, pos) {
				return noMatch
			}
		case syntax.NtNonboundary:
			if isWordAt(text, pos-1) != isWordAt(text, pos) {
				return noMatch
			}
		case syntax.NtBeginning:
			if pos != 0 {
				return noMatch
			}
		case syntax.NtStart:
			if pos != w.start {
				return noMatch
			}
		case syntax.NtEndZ:
			if r := len(text) - pos; r > 1 || r == 1 && text[pos] != '\n' {
				return noMatch
			}
		case syntax.NtEnd:
			if pos != len(text) {
				return noMatch
			}
		case syntax.NtNothing:
			return noMatch
		case syntax.NtEmpty, syntax.NtUpdateBumpalong:
		}
		nodes = rest
	}
}

// hasAt reports whether text holds s at pos.
func hasAt(text []rune, pos int, s []rune) bool {
	if len(text)-pos < len(s) {
		return false
	}
	for i, c := range s {
		if text[pos+i] != c {
			return false
		}
	}
	return true
}

// count returns how many characters from pos a one-character loop can
// take, up to its maximum.
func (w *walker) count(n *qnode, pos int) int {
	text := w.text
	c := 0
	for c < n.max && pos+c < len(text) {
		ch := text[pos+c]
		var ok bool
		switch n.op {
		case syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic:
			ok = ch == n.ch
		case syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic:
			ok = ch != n.ch
		default:
			ok = n.in(ch)
		}
		if !ok {
			break
		}
		c++
	}
	w.budget -= c / 8
	return c
}

// loop matches loop n's body again after done iterations (greedy or
// lazy), then k. The body matches at least one character, so every
// iteration moves on.
func (w *walker) loop(n *qnode, done, pos int, k int) int {
	if w.budget--; w.budget < 0 {
		return gaveUp
	}
	lazy := n.op == syntax.NtLazyloop
	for try := range 2 {
		e := noMatch
		if (try == 0) != lazy {
			// Another iteration.
			if done < n.max {
				e = w.deeper(n.kids, pos, cont{loop: n, count: done + 1, group: none, next: k})
			}
		} else if done >= n.min {
			// Stop iterating.
			e = w.seq(nil, pos, k)
		}
		if e != noMatch {
			return e
		}
	}
	return noMatch
}

// deeper matches nodes from pos, then c.
func (w *walker) deeper(nodes []*qnode, pos int, c cont) int {
	i := w.push(c)
	e := w.seq(nodes, pos, i)
	w.conts = w.conts[:i]
	return e
}
