package readability

import (
	"math"
	"strings"
	"testing"
	"unicode"
)

func TestSpanishSyllables(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"huelga", 2},    // hue-lga: ue is a diphthong
		{"acuerdo", 3},   // a-cuer-do
		{"salud", 2},     // sa-lud
		{"sindicato", 4}, // sin-di-ca-to
		{"país", 2},      // pa-ís: a stressed í stands alone
		{"día", 2},       // dí-a
		{"Kaiser", 2},    // kai-ser
		{"Permanente", 4},
		{"trabajadores", 5},
		{"pensión", 2},      // pen-sión
		{"ciudad", 2},       // ciu-dad: iu is a diphthong
		{"leer", 2},         // le-er: two strong vowels
		{"poeta", 3},        // po-e-ta
		{"aeropuerto", 5},   // a-e-ro-puer-to
		{"reúne", 3},        // re-ú-ne
		{"oído", 3},         // o-í-do
		{"que", 1},          // silent u
		{"guía", 2},         // guí-a: silent u, then a hiatus
		{"guerra", 2},       // gue-rra
		{"pingüino", 3},     // pin-güi-no: ü is heard
		{"Uruguay", 3},      // u-ru-guay: a triphthong
		{"y", 1},            // the conjunction
		{"hoy", 1},          // final y is a vowel
		{"muy", 1},          // ui
		{"mayo", 2},         // y before a vowel is a consonant
		{"reyes", 2},        // re-yes
		{"chiita", 3},       // chi-i-ta
		{"ahí", 2},          // a-hí
		{"miembros", 2},     // miem-bros
		{"Departamento", 5}, // de-par-ta-men-to
		{"NUHW", 8},         // e-ne, u, ha-che, do-ble u
		{"DMHC", 6},         // de, e-me, ha-che, ce
		{"2,000", 1},
		{"sur-este", 3},
		{"Ávila", 3},
	}
	for _, tt := range tests {
		if got := SpanishSyllables(tt.word); got != tt.want {
			t.Errorf("SpanishSyllables(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

func TestMeasureSpanishCountsSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"periods", "La huelga empezó. Terminó en mayo.", 2},
		{"inverted marks", "¿Se acabó? ¡Sí! Se acabó.", 3},
		{"EE. UU.", "El Departamento de Trabajo de EE. UU. llegó a un acuerdo.", 1},
		{"abbreviated month", "Empezó el 21 de oct. de 2024 en Los Ángeles.", 1},
		{"paragraph break", "Un título\n\nEl texto.", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MeasureSpanish(tt.text).Sentences; got != tt.want {
				t.Errorf("MeasureSpanish(%q).Sentences = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func TestFernandezHuertaMatchesTheFormula(t *testing.T) {
	s := Stats{Sentences: 2, Words: 20, Syllables: 40}
	want := 206.84 - 60*2.0 - 1.02*10
	if got := s.FernandezHuerta(); math.Abs(got-want) > 1e-9 {
		t.Errorf("FernandezHuerta() = %v, want %v", got, want)
	}
	if got := (Stats{}).FernandezHuerta(); got != 0 {
		t.Errorf("empty FernandezHuerta() = %v, want 0", got)
	}
	// Shorter sentences read more easily: the index rises.
	short := Stats{Sentences: 4, Words: 20, Syllables: 40}
	if short.FernandezHuerta() <= s.FernandezHuerta() {
		t.Errorf("more sentences for the same words lowered the index: %v <= %v", short.FernandezHuerta(), s.FernandezHuerta())
	}
}

func TestFernandezHuertaRanksTexts(t *testing.T) {
	easy := "La huelga se acabó. Los trabajadores volvieron. Tienen un contrato nuevo. Dura cuatro años."
	hard := "No obstante las considerables discrepancias organizacionales concernientes a las metodologías retributivas, los representantes negociaron finalmente modificaciones contractuales exhaustivas relativas a la administración previsional."
	fe, fh := MeasureSpanish(easy).FernandezHuerta(), MeasureSpanish(hard).FernandezHuerta()
	if fe < 70 {
		t.Errorf("easy text index = %.1f, want at least 70", fe)
	}
	if fh > 20 {
		t.Errorf("hard text index = %.1f, want at most 20", fh)
	}
}

// page is a built page in the site's shape, with lang on <html>.
func page(lang, body string) []byte {
	return []byte(`<!doctype html>
<html lang="` + lang + `"><head><meta charset="utf-8"><title>T</title></head>
<body><nav class="site-nav"><a href="/">Inicio</a></nav>
<main id="main"><header class="page-header"><h1>La huelga</h1></header>
<div class="prose">` + body + `</div></main></body></html>`)
}

const (
	easySpanish = `<p>La huelga empezó en octubre. Unos 2,400 trabajadores dejaron de trabajar. Querían más tiempo para sus pacientes.</p>
<p>Kaiser dice que pagó bien. El sindicato dice que faltaba personal. La huelga duró más de seis meses.</p>`
	hardSpanish = `<p>No obstante las considerables discrepancias organizacionales concernientes a las metodologías retributivas, los representantes sindicales negociaron finalmente modificaciones contractuales exhaustivas relativas a la administración previsional y a la reorganización institucional de la atención psicoterapéutica ambulatoria.</p>`
)

func TestJudgePageMeasuresSpanishPagesInSpanish(t *testing.T) {
	for _, tt := range []struct {
		lang, body string
		ok         bool
	}{
		{"es", easySpanish, true},
		{"es-US", easySpanish, true},
		{"es", hardSpanish, false},
	} {
		v, err := JudgePage(page(tt.lang, tt.body))
		if err != nil {
			t.Fatal(err)
		}
		if v.Measure != "Fernández-Huerta index" || v.OK != tt.ok {
			t.Errorf("lang %s: %s %.1f, OK %v; want the Fernández-Huerta index, OK %v", tt.lang, v.Measure, v.Score, v.OK, tt.ok)
		}
		if !tt.ok && (len(v.Longest) == 0 || !strings.HasPrefix(v.Longest[0], "No obstante")) {
			t.Errorf("longest sentences = %q, want the hard one first", v.Longest)
		}
	}
	// The same easy Spanish text measured as English reads harder than
	// grade 8 would allow for such short sentences: English syllable rules
	// miss Spanish words, which is why the language matters.
	en, err := JudgePage(page("en", easySpanish))
	if err != nil {
		t.Fatal(err)
	}
	if en.Measure != "Flesch-Kincaid grade" {
		t.Errorf("an English page is measured by %s", en.Measure)
	}
}

func TestJudgePageRefusesAnUnknownLanguage(t *testing.T) {
	_, err := JudgePage(page("fr", "<p>La grève.</p>"))
	if err == nil || !strings.Contains(err.Error(), `"fr"`) {
		t.Errorf("err = %v, want one naming the language fr", err)
	}
}

func TestHTMLLang(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`<!doctype html><html lang="es"><body></body></html>`, "es"},
		{`<!DOCTYPE html>` + "\n" + `<HTML LANG=en-US><body></body></HTML>`, "en-US"},
		{`<html><body></body></html>`, ""},
		{`<p>no html element</p>`, ""},
	} {
		got, err := HTMLLang(strings.NewReader(tt.src))
		if err != nil || got != tt.want {
			t.Errorf("HTMLLang(%q) = %q, %v; want %q", tt.src, got, err, tt.want)
		}
	}
}

// FuzzSpanishSyllables checks the counter on any word: no panic, at least
// one syllable, no more than three a letter (W of an abbreviation read
// letter by letter) and one a hyphenated part, and a syllable a word in
// MeasureSpanish.
func FuzzSpanishSyllables(f *testing.F) {
	for _, w := range []string{"huelga", "acuerdo", "país", "guía", "Uruguay", "NUHW", "sur-este", "2,000", "", "y", "qü", "ÍÚ"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, word string) {
		n := SpanishSyllables(word)
		letters := 0
		for _, r := range word {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		parts := 1 + strings.Count(word, "-") + strings.Count(word, "–") // a number part ("2024-25") counts one
		if n < 1 || n > 3*letters+parts {
			t.Errorf("SpanishSyllables(%q) = %d for %d letters", word, n, letters)
		}
		if s := MeasureSpanish(word); s.Syllables < s.Words || (s.Words > 0) != (s.Sentences > 0) {
			t.Errorf("MeasureSpanish(%q) = %+v: each word has a syllable, and words make a sentence", word, s)
		}
	})
}
