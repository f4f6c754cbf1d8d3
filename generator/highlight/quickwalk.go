package highlight

// The walk: how a quickMatcher matches, in regexp2's backtracking order.

import "github.com/dlclark/regexp2/v2/syntax"

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

// isWordAt reports whether text has a word character at i, as regexp2's
// \b reads one (letters, marks, digits, connectors, U+200C and U+200D).
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
		case syntax.NtOne, syntax.NtNotone, syntax.NtSet:
			if pos >= len(text) || !n.takes(text[pos]) {
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
	for c < n.max && pos+c < len(text) && n.takes(text[pos+c]) {
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
