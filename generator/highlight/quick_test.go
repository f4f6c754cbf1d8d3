package highlight

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
)

// regexp2Match is the oracle: what chroma reads of regexp2's match of re
// at pos (the end and every group's text), or end noMatch.
func regexp2Match(t testing.TB, re *regexp2.Regexp, text []rune, pos int) (int, []string) {
	m, err := re.FindRunesMatchStartingAt(text, pos)
	if err != nil {
		t.Fatalf("%s at %d: %v", re, pos, err)
	}
	if m == nil || m.RuneIndex != pos {
		return noMatch, nil
	}
	var groups []string
	for _, g := range m.Groups() {
		groups = append(groups, g.String())
	}
	return pos + m.RuneLength, groups
}

// quickMatch is the same for the quick matcher; ok is false when it gave
// up.
func quickMatch(q *quickMatcher, w *walker, text []rune, pos int) (end int, groups []string, ok bool) {
	end = q.match(w, text, pos)
	if end == gaveUp {
		return 0, nil, false
	}
	if end == noMatch {
		return noMatch, nil, true
	}
	for i := range q.groups {
		groups = append(groups, w.group(i))
	}
	return end, groups, true
}

// compareAt fails the test when the quick matcher and regexp2 differ at
// pos, and reports whether the quick matcher decided.
func compareAt(t testing.TB, q *quickMatcher, w *walker, re *regexp2.Regexp, text []rune, pos int) bool {
	end, groups, ok := quickMatch(q, w, text, pos)
	if !ok {
		return false
	}
	wantEnd, wantGroups := regexp2Match(t, re, text, pos)
	if end != wantEnd || !slices.Equal(groups, wantGroups) {
		t.Fatalf("%s at %d of %q:\nquick   end %d groups %q\nregexp2 end %d groups %q", re, pos, clip(text, pos), end, groups, wantEnd, wantGroups)
	}
	return true
}

func clip(text []rune, pos int) string {
	return string(text[max(0, pos-20):min(len(text), pos+60)])
}

// regexLexers returns every regex lexer chroma registers, with its rules
// compiled as fastLexer compiles them.
func regexLexers(t testing.TB) map[string]chroma.CompiledRules {
	out := map[string]chroma.CompiledRules{}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		rl, ok := l.(*chroma.RegexLexer)
		if !ok {
			continue
		}
		rules, err := compileRules(rl, time.Minute)
		if err != nil {
			t.Fatalf("%s: %v", rl.Config().Name, err)
		}
		out[rl.Config().Name] = rules
	}
	return out
}

// TestQuickMatchesRegexp2 matches every rule of every chroma lexer that
// has a quick matcher against that lexer's sample file, at positions all
// through it, with both matchers, and wants the same ends and groups.
func TestQuickMatchesRegexp2(t *testing.T) {
	all := regexLexers(t)
	var w walker
	patterns, quick, compared := 0, 0, 0
	samples := 0
	eachChromaSample(t, func(rel string, l chroma.Lexer, sample string) bool {
		rl, ok := l.(*chroma.RegexLexer)
		if !ok {
			return false
		}
		text := []rune(sample)
		// Every line start, and up to 150 other positions spread
		// through the file (an eighth of them under the race detector).
		var positions []int
		step := max(1, len(text)/150)
		for i := 0; i < len(text); i += step {
			positions = append(positions, i)
		}
		for i, c := range text {
			if c == '\n' && i+1 < len(text) {
				positions = append(positions, i+1)
			}
		}
		if raceEnabled {
			n := 0
			for i := 0; i < len(positions); i += 8 {
				positions[n] = positions[i]
				n++
			}
			positions = positions[:n]
		}
		samples++
		for _, rules := range all[rl.Config().Name] {
			for _, r := range rules {
				patterns++
				q := newQuickMatcher(r.Regexp.String())
				if q == nil {
					continue
				}
				quick++
				for _, pos := range positions {
					if compareAt(t, q, &w, r.Regexp, text, pos) {
						compared++
					}
				}
			}
		}
		return true
	})
	t.Logf("%d sample files, %d rules, %d with a quick matcher, %d comparisons", samples, patterns, quick, compared)
	want := 1_000_000
	if raceEnabled {
		want /= 8
	}
	if samples < 150 || quick < patterns*3/4 || compared < want {
		t.Errorf("compared too little: %d sample files, %d of %d rules quick, %d comparisons", samples, quick, patterns, compared)
	}
}

// TestQuickEdgeCases compares the two matchers on constructs the sample
// files may reach rarely: captures the match leaves behind, atomic groups
// and lookarounds with groups inside, lookbehind at the start of the
// text, lazy and bounded loops, anchors and word boundaries.
func TestQuickEdgeCases(t *testing.T) {
	cases := []struct {
		pattern string
		texts   []string
	}{
		{`(a)|b`, []string{"a", "b", "c"}},
		{`(?:(a)|b)c`, []string{"ac", "bc", "abc"}},
		{`((a)|(b))+c`, []string{"abc", "bac", "aac", "c"}},
		{`(?>(a+))ab`, []string{"aaab", "ab"}},
		{`(?>(a)|(ab))c`, []string{"abc", "ac"}},
		{`(?=(ab))a`, []string{"ab", "ac"}},
		{`(?!(ab))(a)`, []string{"ab", "ac"}},
		{`(?!(ab))a|ab`, []string{"ab", "ac"}},
		{`(?=(ab))abc|ab`, []string{"ab", "abc"}},
		{`(?<!\.)\b(self|cls)\b`, []string{"self", ".self", "xself", "cls "}},
		{`(?<=ab)c`, []string{"abc", "c", "bc"}},
		{`(?<![a-z])x`, []string{"x", "ax", "1x"}},
		{`(?i)abc|k\b`, []string{"ABC", "aBx", "k", "K", "\u212a", "kx"}},
		{`a*?b`, []string{"aaab", "b", "aaa"}},
		{`(ab)*?c`, []string{"ababc", "c", "abab"}},
		{`(ab){2,3}`, []string{"ab", "abab", "abababab"}},
		{`[a-z]{,2}x`, []string{"abx", "abcx", "x"}},
		{`"(\\\\|\\"|[^"])*"`, []string{`"a\"b" c`, `"unterminated`, `""`}},
		{`(?m)^\s*$`, []string{"  \nx", "x", ""}},
		{`$`, []string{"", "\n", "a\n"}},
		{`\Ax`, []string{"x", "yx"}},
		{`\bfoo\B`, []string{"foox", "foo", "foo_"}},
		{`(?s).+`, []string{"a\nb"}},
		{`.+`, []string{"a\nb"}},
		{`é+\w*`, []string{"éé漢字 x", "e"}},
		{`(?:\s|\\\s)+`, []string{" \\ \t x"}},
		{`(x)?(y)?z`, []string{"z", "xz", "yz", "xyz"}},
	}
	var w walker
	for _, c := range cases {
		re := regexp2.MustCompile(`\G(?m)(?:` + c.pattern + `)`)
		q := newQuickMatcher(re.String())
		if q == nil {
			t.Errorf("%s: no quick matcher", c.pattern)
			continue
		}
		for _, s := range c.texts {
			text := []rune("  " + s)
			for pos := range len(text) + 1 {
				if !compareAt(t, q, &w, re, text, pos) {
					t.Errorf("%s at %d of %q: the quick matcher gave up", c.pattern, pos, s)
				}
			}
		}
	}
}

// TestQuickRefuses lists constructs left to regexp2. (Case-insensitive
// parts are not among them: regexp2's parser turns them into sets.)
func TestQuickRefuses(t *testing.T) {
	for _, p := range []string{
		`(a)\1`, `(?<name>a)`, `(?<=^|\s)#`, `(?<=a+)b`, `(?(1)a|b)`, `(a*)*`, `(?r)ab`,
	} {
		if q := newQuickMatcher(`\G(?:` + p + `)`); q != nil {
			t.Errorf("%s: got a quick matcher", p)
		}
	}
}

// TestQuickGivesUp: a pattern that backtracks exponentially is left to
// regexp2 (and its timeout) rather than run to the end.
func TestQuickGivesUp(t *testing.T) {
	q := newQuickMatcher(`\G(?:(a|aa)+b)`)
	if q == nil {
		t.Fatal("no quick matcher")
	}
	var w walker
	text := []rune(fmt.Sprintf("%0*d", 40, 0))
	for i := range text {
		text[i] = 'a'
	}
	if end := q.match(&w, text, 0); end != gaveUp {
		t.Errorf("got %d, want gaveUp", end)
	}
}

// TestQuickMatchDoesNotAllocate: the scratch space is reused.
func TestQuickMatchDoesNotAllocate(t *testing.T) {
	q := newQuickMatcher(`\G(?m)(?:([a-zA-Z_]\w*)(\s*)(\())`)
	text := []rune("fmt.Println (x)")
	var w walker
	q.match(&w, text, 4)
	if n := testing.AllocsPerRun(100, func() { q.match(&w, text, 4) }); n != 0 {
		t.Errorf("%v allocations per match", n)
	}
}

// FuzzQuickMatchesRegexp2 compares the two matchers on fuzzed text for a
// fuzzed rule of the languages FuzzFastLexerMatchesChroma uses.
func FuzzQuickMatchesRegexp2(f *testing.F) {
	type rule struct {
		re *regexp2.Regexp
		q  *quickMatcher
	}
	var rules []rule
	all := regexLexers(f)
	for _, name := range fuzzLanguages {
		l := lexers.Get(name)
		for _, rs := range all[l.Config().Name] {
			for _, r := range rs {
				if q := newQuickMatcher(r.Regexp.String()); q != nil {
					rules = append(rules, rule{r.Regexp, q})
				}
			}
		}
	}
	for i, s := range []string{
		"func main() { x := `a\nb` }", "def f(x): return '''d''' # c", "echo ${x:-y} \\\n",
		"<p class=x>hi</p>", "key: [1, {a: b}] # c", "SELECT 'x' -- c", "\x00\u00e9\u6f22\t\r",
	} {
		f.Add(uint16(i*37), uint8(0), s)
	}
	var w walker
	f.Fuzz(func(t *testing.T, i uint16, pos uint8, s string) {
		if len(s) > 2048 {
			return
		}
		text := []rune(s)
		r := rules[int(i)%len(rules)]
		p := int(pos) % (len(text) + 1)
		compareAt(t, r.q, &w, r.re, text, p)
	})
}
