package readability

import (
	"strings"
)

// Spanish text is measured with the Fernández-Huerta index (1959), the
// adaptation of Flesch's reading ease to Spanish, in the form that scales
// with the length of the text (Gwillim Law, 2011; the form textstat and most
// tools use):
//
//	index = 206.84 − 60 × (syllables ÷ words) − 1.02 × (words ÷ sentences)
//
// Higher is easier. Fernández-Huerta's table reads 90–100 as 4th grade,
// 80–90 as 5th, 70–80 as 6th, 60–70 as 7th–8th, 50–60 as some high school.
// The published formula, 206.84 − 0.60 P − 1.02 F with P syllables and F
// sentences in a sample of 100 words, gives a lower index for shorter
// sentences, which Law showed is an error of transcription.

// MinSpanishIndex is the lowest Fernández-Huerta index a Spanish page may
// have: 60 is the bottom of the 7th–8th grade band, the Spanish pages' match
// of the English pages' grade 8.
const MinSpanishIndex = 60.0

// FernandezHuerta is the Fernández-Huerta index of Spanish counts. An empty
// text has index 0.
func (s Stats) FernandezHuerta() float64 {
	if s.Words == 0 || s.Sentences == 0 {
		return 0
	}
	return 206.84 - 60*float64(s.Syllables)/float64(s.Words) - 1.02*float64(s.Words)/float64(s.Sentences)
}

// spanishAbbreviations are Spanish words whose final period does not end a
// sentence, in lower case without the final period: "EE. UU." (Estados
// Unidos), titles, abbreviated months ("oct.", as in "21 de oct. de 2024"),
// "núm.", "pág.", "a. m." and the English ones a Spanish text quotes.
var spanishAbbreviations = map[string]bool{
	"ee": true, "uu": true, "ee.uu": true, "sr": true, "sra": true, "srta": true,
	"dr": true, "dra": true, "lic": true, "gob": true, "sen": true, "ud": true, "uds": true,
	"ene": true, "feb": true, "mar": true, "abr": true, "jun": true, "jul": true,
	"ago": true, "sept": true, "sep": true, "oct": true, "nov": true, "dic": true,
	"núm": true, "pág": true, "págs": true, "art": true, "aprox": true, "tel": true,
	"a.m": true, "p.m": true, "a": true, "m": true, "p": true, "vs": true, "inc": true,
	"u.s": true, "calif": true, "gov": true, "mr": true, "ms": true, "jr": true, "st": true,
}

var spanish = language{syllables: SpanishSyllables, abbreviations: spanishAbbreviations}

// MeasureSpanish counts the sentences, words and syllables of a plain text
// in Spanish, as [Measure] does for English, with Spanish syllables (see
// [SpanishSyllables]) and Spanish abbreviations ("EE. UU.", "oct.").
func MeasureSpanish(text string) Stats {
	return spanish.measure(text)
}

// LongestSpanish is [Longest] for a Spanish text.
func LongestSpanish(text string, n int) []string {
	return spanish.longest(text, n)
}

// SpanishSyllables counts the syllables of a Spanish word by its vowels, as
// Spanish spelling shows them:
//
//   - Every group of vowels is one syllable (a diphthong, "huelga",
//     "acuerdo", "Kaiser", or a triphthong, "Uruguay"), except that two
//     strong vowels (a, e, o) side by side are two ("leer", "poeta"), and so
//     is an accented í or ú beside another vowel ("país", "día", "reúne").
//     Two equal weak vowels are two too ("chiita").
//   - The u of "que", "qui", "gue", "gui" is silent ("guía" is guí-a); ü is
//     heard ("pingüino").
//   - y is a vowel when no vowel follows it ("y", "hoy", "muy"), a consonant
//     before one ("mayo", "reyes").
//   - A word with no letter (a number such as "2,000") counts as one; a word
//     of two to six capital letters ("NUHW", "DMHC") is read letter by
//     letter, by the syllables of the Spanish letter names (ene, u, hache,
//     doble u). Hyphenated words add up their parts. Every word has at least
//     one syllable.
func SpanishSyllables(word string) int {
	return countSyllables(word, spanishLetterName, spanishVowelGroups)
}

// spanishVowelGroups counts the syllables of a lower-case Spanish word.
func spanishVowelGroups(word string) int {
	w := []rune(word)
	count := 0
	prev := consonant
	for i := range w {
		c := spanishClass(w, i)
		switch {
		case c == consonant:
		case prev == consonant:
			count++ // a new group of vowels
		case hiatus(prev, c, w[i-1], w[i]):
			count++
		}
		prev = c
	}
	return count
}

// Kinds of letters in a Spanish word.
const (
	consonant = iota
	weak      // i, u, ü, and y when it is a vowel
	strong    // a, e, o
	stressed  // í, ú: weak vowels that carry the stress, so they stand alone
)

// spanishClass is the kind of the letter w[i], looking at its neighbours for
// y and for the silent u of que, qui, gue, gui.
func spanishClass(w []rune, i int) int {
	switch r := w[i]; r {
	case 'a', 'e', 'o', 'á', 'é', 'ó', 'à', 'è', 'ò':
		return strong
	case 'í', 'ú', 'ì', 'ù':
		return stressed
	case 'i', 'ï', 'ü':
		return weak
	case 'u':
		if i > 0 && (w[i-1] == 'q' || w[i-1] == 'g') && i+1 < len(w) && strings.ContainsRune("eiéí", w[i+1]) {
			return consonant // silent
		}
		return weak
	case 'y':
		if i+1 < len(w) && isSpanishVowel(w[i+1]) {
			return consonant
		}
		if i == 0 && len(w) > 1 {
			return consonant
		}
		return weak
	}
	return consonant
}

func isSpanishVowel(r rune) bool {
	return strings.ContainsRune("aeiouáéíóúüàèìòùï", r)
}

// hiatus reports whether two vowels side by side, of kinds a and b (letters
// ra and rb), belong to two syllables.
func hiatus(a, b int, ra, rb rune) bool {
	switch {
	case a == stressed || b == stressed:
		return true
	case a == strong && b == strong:
		return true
	case a == weak && b == weak:
		return ra == rb // "chiita"; "ui", "iu" are diphthongs
	}
	return false
}

// spanishLetterName is the syllables of the Spanish name of a letter (lower
// case), for
// abbreviations read letter by letter: a, be, ce, de, e, efe, ge, hache, i,
// jota, ka, ele, eme, ene, eñe, o, pe, cu, erre, ese, te, u, uve, doble u,
// equis, ye, zeta.
func spanishLetterName(r rune) int {
	switch r {
	case 'f', 'h', 'j', 'l', 'm', 'n', 'ñ', 'r', 's', 'v', 'x', 'z':
		return 2
	case 'w':
		return 3
	}
	return 1
}
