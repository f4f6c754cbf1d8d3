package readability

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxGrade is the highest Flesch-Kincaid grade an English page may have.
const MaxGrade = 8.0

// Verdict is how a built page reads, measured in its own language.
type Verdict struct {
	Lang    string  // the page's language, from <html lang>: "en", "es"
	Stats   Stats   // the counts of its article text (see MainText)
	Measure string  // "Flesch-Kincaid grade" (English) or "Fernández-Huerta index" (Spanish)
	Score   float64 // the grade or index
	OK      bool    // English: at most MaxGrade; Spanish: at least MinSpanishIndex
	Limit   string  // the rule, for messages: "at most 8", "at least 60"
	Longest []string
}

// JudgePage measures the article text of a built HTML page in the language
// its <html lang> names: English ("en", "en-US", or no lang at all) by the
// Flesch-Kincaid grade, Spanish ("es", "es-US") by the Fernández-Huerta
// index. Longest holds the page's three longest sentences. A page in another
// language is an error: there is no measure for it here.
func JudgePage(html []byte) (Verdict, error) {
	lang, err := HTMLLang(bytes.NewReader(html))
	if err != nil {
		return Verdict{}, err
	}
	text, err := MainText(bytes.NewReader(html))
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{Lang: lang}
	switch primary, _, _ := strings.Cut(strings.ToLower(lang), "-"); primary {
	case "en", "":
		v.Stats = Measure(text)
		v.Measure, v.Score = "Flesch-Kincaid grade", v.Stats.Grade()
		v.OK, v.Limit = v.Score <= MaxGrade, fmt.Sprintf("at most %g", MaxGrade)
		v.Longest = Longest(text, 3)
	case "es":
		v.Stats = MeasureSpanish(text)
		v.Measure, v.Score = "Fernández-Huerta index", v.Stats.FernandezHuerta()
		v.OK, v.Limit = v.Score >= MinSpanishIndex, fmt.Sprintf("at least %g", MinSpanishIndex)
		v.Longest = LongestSpanish(text, 3)
	default:
		return v, fmt.Errorf("no readability measure for pages in language %q (known: en, es)", lang)
	}
	return v, nil
}

// HTMLLang returns the lang attribute of a page's <html> element, "" when it
// has none.
func HTMLLang(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		if t, ok := tok.(xml.StartElement); ok {
			if !strings.EqualFold(t.Name.Local, "html") {
				return "", nil
			}
			for _, a := range t.Attr {
				if strings.EqualFold(a.Name.Local, "lang") && a.Name.Space == "" {
					return strings.TrimSpace(a.Value), nil
				}
			}
			return "", nil
		}
	}
}
