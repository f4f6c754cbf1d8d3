// Package readability measures how hard a text is to read, as a U.S. school
// grade, with the Flesch-Kincaid grade level formula:
//
//	grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
//
// A grade of 8 means a U.S. eighth-grader should follow the text. Long
// sentences and long words raise the grade.
//
// How the parts are counted (see [Measure]):
//
//   - Sentences end at ".", "?" or "!" followed by a space or the end of the
//     text, and at every paragraph break (a blank line). A period after a
//     known abbreviation ("Oct.", "Gov.", "U.S.", "a.m.") does not end a
//     sentence. A text with words but no sentence end counts as one sentence.
//   - Words are runs of characters between spaces that hold at least one
//     letter or digit. Punctuation around them is ignored.
//   - Syllables are counted by a heuristic (see [Syllables]): groups of vowels
//     in the word, less a silent final "e", "es" or "ed". A number counts as
//     one syllable; an all-capital abbreviation such as "NUHW" is read letter
//     by letter.
//
// Spanish text is measured by the Fernández-Huerta index instead (see
// [Stats.FernandezHuerta], [MeasureSpanish] and [SpanishSyllables]), and
// [JudgePage] picks the measure from the page's <html lang>.
//
// [MainText] picks the text of a built HTML page that a reader reads as the
// article: what is inside <main>, without navigation, tables, citation
// markers, source lists and other apparatus.
package readability

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stats holds the counts behind a grade.
type Stats struct {
	Sentences int
	Words     int
	Syllables int
}

// Grade is the Flesch-Kincaid grade level of the counts. An empty text has
// grade 0.
func (s Stats) Grade() float64 {
	if s.Words == 0 || s.Sentences == 0 {
		return 0
	}
	return 0.39*float64(s.Words)/float64(s.Sentences) + 11.8*float64(s.Syllables)/float64(s.Words) - 15.59
}

// Add returns the sum of two sets of counts.
func (s Stats) Add(t Stats) Stats {
	return Stats{s.Sentences + t.Sentences, s.Words + t.Words, s.Syllables + t.Syllables}
}

// abbreviations are words whose final period does not end a sentence. They
// are compared in lower case, without the final period.
var abbreviations = map[string]bool{
	"jan": true, "feb": true, "aug": true, "sept": true, "sep": true, "oct": true,
	"nov": true, "dec": true, "gov": true, "dr": true, "mr": true, "mrs": true,
	"ms": true, "st": true, "sen": true, "asm": true, "rep": true, "jr": true,
	"u.s": true, "a.m": true, "p.m": true, "vs": true, "e.g": true, "i.e": true,
	"inc": true, "calif": true, "mt": true,
}

// Measure counts the sentences, words and syllables of a plain text in
// English. Paragraphs are separated by blank lines.
func Measure(text string) Stats {
	return english.measure(text)
}

// language is what counting depends on: how a word's syllables are counted
// and which words end in a period that does not end a sentence.
type language struct {
	syllables     func(word string) int
	abbreviations map[string]bool
}

var english = language{syllables: Syllables, abbreviations: abbreviations}

func (l language) measure(text string) Stats {
	var s Stats
	for _, para := range splitParagraphs(text) {
		s = s.Add(l.measureParagraph(para))
	}
	return s
}

func splitParagraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var paras []string
	for _, p := range strings.Split(text, "\n\n") {
		if strings.TrimSpace(p) != "" {
			paras = append(paras, p)
		}
	}
	return paras
}

func (l language) measureParagraph(p string) Stats {
	var s Stats
	open := false // words seen since the last sentence end
	for _, tok := range strings.Fields(p) {
		word := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if word == "" {
			// Punctuation standing alone, as when a citation marker was
			// removed before the period: "care [1]." becomes "care .".
			if open && l.endsSentence(tok, tok) {
				s.Sentences++
				open = false
			}
			continue
		}
		s.Words++
		s.Syllables += l.syllables(word)
		open = true
		if l.endsSentence(tok, word) {
			s.Sentences++
			open = false
		}
	}
	if open {
		s.Sentences++
	}
	return s
}

// endsSentence reports whether the token (a word with its punctuation) ends
// a sentence.
func (l language) endsSentence(tok, word string) bool {
	t := strings.TrimRight(tok, `"'”’)]`)
	switch {
	case strings.HasSuffix(t, "?"), strings.HasSuffix(t, "!"):
		return true
	case strings.HasSuffix(t, "."):
		core := strings.TrimLeft(strings.TrimSuffix(t, "."), `"'“‘([`)
		if l.abbreviations[strings.ToLower(core)] {
			return false
		}
		// A single capital letter with a period is an initial ("Mark A. Smith").
		if utf8.RuneCountInString(core) == 1 && unicode.IsUpper([]rune(core)[0]) {
			return false
		}
		return word != ""
	}
	return false
}

// Syllables estimates the syllables in one word. It is a heuristic: English
// spelling does not say for sure how a word is spoken.
//
//   - A word with no letter (a number such as "2,400" or "196") counts as one.
//   - A word of two to six capital letters ("NUHW", "DMHC", "AI") is read
//     letter by letter: one syllable a letter, three for W.
//   - Otherwise each group of vowels (a, e, i, o, u, y) counts as one,
//     less one for a silent final "e" ("care"; but not "-le" after a
//     consonant, as in "table"), a silent "-es" ("makes"; but not after s, x,
//     z, ch, sh, ce or ge) or a silent "-ed" ("asked"; but not after t or d).
//   - Every word has at least one syllable. Hyphenated words add up their
//     parts.
func Syllables(word string) int {
	return countSyllables(word, englishLetterName, englishVowelGroups)
}

// englishLetterName is the syllables of the English name of a letter
// (lower case), for abbreviations read letter by letter.
func englishLetterName(r rune) int {
	if r == 'w' {
		return 3
	}
	return 1
}

// countSyllables holds what both languages' counts share: hyphenated words
// add up their parts; a word with no letter counts as one; a word of two to
// six capital letters is read letter by letter, letterName giving the
// syllables of each (in lower case); vowelGroups counts any other word from
// its letters in lower case. Every word has at least one syllable.
func countSyllables(word string, letterName func(rune) int, vowelGroups func(w string) int) int {
	if strings.ContainsAny(word, "-–") {
		n := 0
		for _, part := range strings.FieldsFunc(word, func(r rune) bool { return r == '-' || r == '–' }) {
			n += countSyllables(part, letterName, vowelGroups)
		}
		return max(n, 1)
	}
	letters := make([]rune, 0, len(word))
	upper := 0
	for _, r := range word {
		if unicode.IsLetter(r) {
			letters = append(letters, r)
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if len(letters) == 0 {
		return 1
	}
	if upper == len(letters) && len(letters) >= 2 && len(letters) <= 6 {
		n := 0
		for _, r := range letters {
			n += letterName(unicode.ToLower(r))
		}
		return n
	}
	return max(vowelGroups(strings.ToLower(string(letters))), 1)
}

// englishVowelGroups counts the syllables of a lower-case English word.
func englishVowelGroups(w string) int {
	// Possessive and plural apostrophes were removed with the letters filter,
	// so "Kaiser's" is "kaisers".
	count := 0
	prevVowel := false
	for _, r := range w {
		v := isVowel(r)
		if v && !prevVowel {
			count++
		}
		prevVowel = v
	}
	if count > 1 {
		switch {
		case strings.HasSuffix(w, "le") && len(w) > 2 && !isVowel(rune(w[len(w)-3])):
			// "table", "people": the "le" is its own syllable.
		case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "ie") && !strings.HasSuffix(w, "ye"):
			count--
		case strings.HasSuffix(w, "es") && !hasAnySuffix(w[:len(w)-2], "s", "x", "z", "ch", "sh", "c", "g") && len(w) > 3 && !isVowel(rune(w[len(w)-3])):
			count--
		case strings.HasSuffix(w, "ed") && !hasAnySuffix(w[:len(w)-2], "t", "d") && len(w) > 3 && !isVowel(rune(w[len(w)-3])):
			count--
		}
	}
	return count
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// Longest returns up to n of the English text's longest sentences, by word
// count, longest first. Tests name them so an editor knows what to rewrite.
func Longest(text string, n int) []string {
	return english.longest(text, n)
}

func (l language) longest(text string, n int) []string {
	var sentences []string
	for _, para := range splitParagraphs(text) {
		var cur []string
		for _, tok := range strings.Fields(para) {
			cur = append(cur, tok)
			word := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if (word != "" && l.endsSentence(tok, word)) || (word == "" && len(cur) > 1 && l.endsSentence(tok, tok)) {
				sentences = append(sentences, strings.Join(cur, " "))
				cur = nil
			}
		}
		if len(cur) > 0 {
			sentences = append(sentences, strings.Join(cur, " "))
		}
	}
	slices.SortStableFunc(sentences, func(a, b string) int {
		return len(strings.Fields(b)) - len(strings.Fields(a))
	})
	if len(sentences) > n {
		sentences = sentences[:n]
	}
	return sentences
}
