// Package benchcorpus holds what the benchmark corpora share: the random
// source they draw from, picking words and building titles and paragraphs
// from them, quoting YAML, and the vocabulary both draw words from.
//
// The corpora themselves are its subpackages: [gencorpus] (the uniform
// synthetic pages of shared/bench/gen-corpus, byte for byte) and [blog]
// (a realistic blog). They live under internal/ so that the library
// packages' own benchmarks and tests (content, markdown, highlight, site)
// can write a corpus as the bench command does.
//
// [gencorpus]: github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus
// [blog]: github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/blog
package benchcorpus

import "strings"

// Rand is a seeded random source: math/rand/v2's *rand.Rand, or gencorpus's
// port of Python's random.Random.
type Rand interface {
	// IntN returns a number in [0, n).
	IntN(n int) int
	// Float64 returns a number in [0, 1).
	Float64() float64
}

// Pick returns an element of xs.
func Pick[T any](r Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// Between returns a number from lo to hi, both included.
func Between(r Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// Word returns a stop word three times in ten, else a word.
func Word(r Rand, words, stop []string) string {
	if r.Float64() < 0.3 {
		return Pick(r, stop)
	}
	return Pick(r, words)
}

// Title returns lo to hi capitalised words.
func Title(r Rand, words []string, lo, hi int) string {
	ws := make([]string, Between(r, lo, hi))
	for k := range ws {
		ws[k] = Capitalize(Pick(r, words))
	}
	return strings.Join(ws, " ")
}

// Paragraph joins lo to hi sentences with spaces.
func Paragraph(r Rand, lo, hi int, sentence func() string) string {
	ss := make([]string, Between(r, lo, hi))
	for k := range ss {
		ss[k] = sentence()
	}
	return strings.Join(ss, " ")
}

// Capitalize is Python's str.capitalize for ASCII words: the first letter
// upper case, the others lower case.
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// YAMLString quotes s as a YAML double-quoted string.
func YAMLString(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// YAMLList quotes each of xs and joins them for a YAML flow list.
func YAMLList(xs []string) string {
	q := make([]string, len(xs))
	for k, x := range xs {
		q[k] = YAMLString(x)
	}
	return strings.Join(q, ", ")
}
