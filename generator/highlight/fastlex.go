package highlight

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// fastLexer tokenises like a chroma RegexLexer, token for token, but
// skips the rules that cannot match at the current character.
//
// Chroma tries the rules of the current state in order at every position,
// each one a regexp2 match anchored with \G. regexp2 knows the set of
// characters a match can start with but does not use it for anchored
// matches, so every rule costs a full match attempt: about 60% of a
// build's CPU time on pages with code. fastLexer asks regexp2's parser for
// each rule's first-character set once and tests it before matching, and
// matches the rule with a quickMatcher (quick.go) where it has one.
//
// The state machine below is a port of chroma's LexerState.Iterator
// (v2.27.0, MIT licence); TestFastLexerMatchesChroma checks it against
// chroma on the sample files of every chroma lexer.
type fastLexer struct {
	*chroma.RegexLexer
	rules map[string][]fastRule
}

// fastRule is a compiled rule and the characters its matches start with
// (nil when any character may start one, or a match may be empty).
type fastRule struct {
	*chroma.CompiledRule
	first *firstSet
	quick *quickMatcher // nil: regexp2 matches the rule
}

// firstSet holds the characters a rule's matches can start with.
type firstSet struct {
	ascii    asciiSet        // the members below 128
	nonASCII *syntax.CharSet // decides from 128 up; nil: any may start a match
}

// has reports whether a match may start with ch.
func (s *firstSet) has(ch rune) bool {
	if ch >= 0 && ch < 128 {
		return s.ascii.has(ch)
	}
	return s.nonASCII == nil || s.nonASCII.CharIn(ch)
}

// newFastLexer prepares l, or returns nil when its rules cannot be
// compiled the way chroma compiles them.
func newFastLexer(l *chroma.RegexLexer, timeout time.Duration) *fastLexer {
	compiled, err := compileRules(l, timeout)
	if err != nil {
		return nil
	}
	f := &fastLexer{RegexLexer: l, rules: map[string][]fastRule{}}
	for state, rules := range compiled {
		for _, r := range rules {
			p := r.Regexp.String()
			fr := fastRule{CompiledRule: r, quick: newQuickMatcher(p)}
			if fr.quick != nil {
				fr.first = fr.quick.first()
			} else {
				fr.first = firstChars(p)
			}
			f.rules[state] = append(f.rules[state], fr)
		}
	}
	return f
}

// firstChars returns the set of characters every match of pattern starts
// with, as regexp2 computes it for unanchored searches, or nil.
func firstChars(pattern string) *firstSet {
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil {
		return nil
	}
	code, err := syntax.Write(tree)
	if err != nil || code.FcPrefix == nil || code.RightToLeft {
		return nil
	}
	set := code.FcPrefix.PrefixSet
	return &firstSet{ascii: asciiOf(&set), nonASCII: &set}
}

// compileRules compiles a lexer's rules as chroma's RegexLexer does
// (fetchRules and maybeCompile): each pattern anchored with \G and given
// the lexer's flags, then the lexer mutators (include, combined) applied.
func compileRules(l *chroma.RegexLexer, timeout time.Duration) (chroma.CompiledRules, error) {
	raw, err := l.Rules()
	if err != nil {
		return nil, err
	}
	cfg := l.Config()
	flags := ""
	if !cfg.NotMultiline {
		flags += "m"
	}
	if cfg.CaseInsensitive {
		flags += "i"
	}
	if cfg.DotAll {
		flags += "s"
	}
	rules := chroma.CompiledRules{}
	for state, rs := range raw {
		rules[state] = []*chroma.CompiledRule{}
		for _, rule := range rs {
			pattern := "(?:" + rule.Pattern + ")"
			if flags != "" {
				pattern = "(?" + flags + ")" + pattern
			}
			re, err := regexp2.Compile(`\G` + pattern)
			if err != nil {
				return nil, err
			}
			re.MatchTimeout = timeout
			rules[state] = append(rules[state], &chroma.CompiledRule{Rule: rule, Regexp: re})
		}
	}
restart:
	seen := map[chroma.LexerMutator]bool{}
	for state := range rules {
		for i := range rules[state] {
			m, ok := rules[state][i].Mutator.(chroma.LexerMutator)
			if !ok {
				continue
			}
			if seen[m] {
				return nil, fmt.Errorf("mutator %T seen twice", m)
			}
			seen[m] = true
			if err := m.MutateLexer(rules, state, i); err != nil {
				return nil, err
			}
			goto restart
		}
	}
	return rules, nil
}

// Tokenise implements chroma.Lexer.
func (f *fastLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options == nil {
		options = &chroma.TokeniseOptions{State: "root", EnsureLF: true}
	}
	if options.EnsureLF {
		text = ensureLF(text)
	}
	newlineAdded := false
	if !options.Nested && f.Config().EnsureNL && !strings.HasSuffix(text, "\n") {
		text += "\n"
		newlineAdded = true
	}
	it := &fastIterator{
		f:       f,
		initial: options.State,
		state: &chroma.LexerState{
			Registry:       lexers.GlobalLexerRegistry,
			Lexer:          f.RegexLexer,
			Text:           []rune(text),
			Stack:          []string{options.State},
			Rules:          f.compiledRules(),
			MutatorContext: map[any]any{},
		},
	}
	it.end = len(it.state.Text)
	if newlineAdded {
		it.end--
	}
	return it.next, nil
}

// compiledRules returns a copy of the compiled rules for one lexer state:
// mutators may change it.
func (f *fastLexer) compiledRules() chroma.CompiledRules {
	out := make(chroma.CompiledRules, len(f.rules))
	for state, rules := range f.rules {
		for _, r := range rules {
			out[state] = append(out[state], r.CompiledRule)
		}
	}
	return out
}

type fastIterator struct {
	f       *fastLexer
	state   *chroma.LexerState
	initial string
	end     int
	stack   []chroma.Iterator // the emitted iterators still being read
	walker  walker            // the quick matchers' scratch space
}

// next is chroma's LexerState.Iterator with fastLexer.match.
func (it *fastIterator) next() chroma.Token {
	l := it.state
	for l.Pos < it.end && len(l.Stack) > 0 {
		if t, ok := it.drain(); ok {
			return t
		}
		l.State = l.Stack[len(l.Stack)-1]
		rules, ok := l.Rules[l.State]
		if !ok {
			panic("unknown state " + l.State)
		}
		index, rule, groups, named := match(&it.walker, l.Text, l.Pos, rules, it.f.rules[l.State])
		if groups == nil {
			// As in Pygments: an unmatched newline outside the initial
			// state empties the stack.
			if l.Text[l.Pos] == '\n' && l.State != it.initial {
				l.Stack = []string{it.initial}
				continue
			}
			l.Pos++
			return chroma.Token{Type: chroma.Error, Value: string(l.Text[l.Pos-1 : l.Pos])}
		}
		l.Rule = index
		l.Groups = groups
		l.NamedGroups = named
		l.Pos += utf8.RuneCountInString(groups[0])
		if rule.Mutator != nil {
			if err := rule.Mutator.Mutate(l); err != nil {
				panic(err)
			}
		}
		if tt, ok := rule.Type.(chroma.TokenType); ok {
			// What TokenType.Emit's one-token iterator would give, without
			// allocating it: the stack is empty here.
			if t := (chroma.Token{Type: tt, Value: l.Groups[0]}); tt != chroma.Ignore && t != chroma.EOF {
				return t
			}
		} else if rule.Type != nil {
			it.stack = append(it.stack, rule.Type.Emit(l.Groups, l))
		}
	}
	if t, ok := it.drain(); ok {
		return t
	}
	// chroma's iterator returns the rest as one token when it stops early.
	if l.Pos != len(l.Text) && len(l.Stack) == 0 {
		value := string(l.Text[l.Pos:])
		l.Pos = len(l.Text)
		return chroma.Token{Type: chroma.Error, Value: value}
	}
	return chroma.EOF
}

// drain returns the next token of the emitted iterators, if any.
func (it *fastIterator) drain() (chroma.Token, bool) {
	for len(it.stack) > 0 {
		n := len(it.stack) - 1
		t := it.stack[n]()
		if t.Type == chroma.Ignore {
			continue
		}
		if t == chroma.EOF {
			it.stack = it.stack[:n]
			continue
		}
		return t, true
	}
	return chroma.Token{}, false
}

// match is chroma's matchRules, skipping rules whose first-character set
// excludes the character at pos. rules are the state's rules as the lexer
// state holds them (a mutator written in Go may change them while lexing,
// as the Raku lexer's do); fast holds the first-character sets of the
// rules as compiled, used where the rule is still the same.
func match(w *walker, text []rune, pos int, rules []*chroma.CompiledRule, fast []fastRule) (int, *chroma.CompiledRule, []string, map[string]string) {
	ch := text[pos]
	for i, rule := range rules {
		if i < len(fast) && fast[i].CompiledRule == rule {
			f := &fast[i]
			if f.first != nil && !f.first.has(ch) {
				continue
			}
			if f.quick != nil {
				switch end := f.quick.match(w, text, pos); end {
				case noMatch:
					continue
				case gaveUp:
					// regexp2 decides, within its timeout.
				default:
					groups := make([]string, f.quick.groups)
					for j := range groups {
						groups[j] = w.group(j)
					}
					return i, rule, groups, namedGroups(rule, groups)
				}
			}
		}
		m, err := rule.Regexp.FindRunesMatchStartingAt(text, pos)
		if m != nil && err == nil && m.RuneIndex == pos {
			gs := m.Groups()
			groups := make([]string, len(gs))
			for j, g := range gs {
				groups[j] = g.String()
			}
			return i, rule, groups, namedGroups(rule, groups)
		}
	}
	return 0, &chroma.CompiledRule{}, nil, nil
}

// namedGroups maps the rule's group names to groups, or returns nil for
// a rule whose token type is plain and who has no mutator. Only emitters
// and mutators written in Go read the groups by name (ByGroupNames,
// Raku's); a plain token type does not, and the map was a third of
// highlighting's allocations.
func namedGroups(rule *chroma.CompiledRule, groups []string) map[string]string {
	if _, plain := rule.Type.(chroma.TokenType); plain && rule.Mutator == nil {
		return nil
	}
	named := make(map[string]string, len(groups))
	for j, g := range groups {
		named[rule.Regexp.GroupNameFromNumber(j)] = g
	}
	return named
}

// ensureLF replaces \r\n and \r with \n, as chroma does.
func ensureLF(text string) string {
	if !strings.Contains(text, "\r") {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}
