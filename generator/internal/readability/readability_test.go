package readability

import (
	"math"
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"strike", 1},
		{"care", 1},
		{"Kaiser", 2},
		{"table", 2},
		{"people", 2},
		{"makes", 1},
		{"fixes", 2},
		{"pages", 2},
		{"asked", 1},
		{"wanted", 2},
		{"ended", 2},
		{"therapist", 3},
		{"settlement", 3},
		{"agreement", 3},
		{"free", 1},
		{"the", 1},
		{"a", 1},
		{"rhythm", 1}, // a heuristic miss, kept to show the rule: no vowel group but "y"
		{"NUHW", 6},
		{"DMHC", 4},
		{"AI", 2},
		{"2,400", 1},
		{"196", 1},
		{"four-year", 2},
		{"Kaisers", 2},
		{"California", 4}, // "ia" is one group: a known undercount
	}
	for _, tt := range tests {
		if got := Syllables(tt.word); got != tt.want {
			t.Errorf("Syllables(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

func TestMeasureCountsSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"periods", "The strike began. It ended in May.", 2},
		{"question and exclamation", "Is it over? Yes! It is.", 3},
		{"abbreviated month", "It began on Oct. 21, 2024, in Los Angeles.", 1},
		{"governor and doctor", "Gov. Gavin Newsom wrote to Dr. Mark Ghaly.", 1},
		{"U.S. and a.m.", "The U.S. Labor Department spoke at 6 a.m. on Tuesday.", 1},
		{"initial", "A report by Robert A. Smith came out.", 1},
		{"no final period", "Talks go on", 1},
		{"paragraph break ends a sentence", "A heading\n\nThe text under it.", 2},
		{"period after a removed citation", "Kaiser says so [1] .\n\nThe union disagrees .", 2},
		{"closing quote", `He said, "We are united." Then he left.`, 2},
		{"decimal is not an end", "Pay rose to $1.50 an hour.", 1},
		{"empty", "  \n\n ", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Measure(tt.text).Sentences; got != tt.want {
				t.Errorf("Measure(%q).Sentences = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func TestMeasureCountsWords(t *testing.T) {
	s := Measure("Kaiser's offer — 18% over four years — was on the table.")
	if s.Words != 10 {
		t.Errorf("Words = %d, want 10 (a dash alone is not a word)", s.Words)
	}
}

func TestGradeMatchesTheFormula(t *testing.T) {
	s := Stats{Sentences: 2, Words: 20, Syllables: 30}
	want := 0.39*10 + 11.8*1.5 - 15.59
	if got := s.Grade(); math.Abs(got-want) > 1e-9 {
		t.Errorf("Grade() = %v, want %v", got, want)
	}
	if got := (Stats{}).Grade(); got != 0 {
		t.Errorf("empty Grade() = %v, want 0", got)
	}
}

func TestGradeRanksTexts(t *testing.T) {
	easy := "The strike is over. The workers went back. They got a new deal. It runs four years."
	hard := "Notwithstanding considerable organizational disagreement regarding compensation methodologies, representatives ultimately negotiated comprehensive contractual modifications encompassing retirement administration."
	ge, gh := Measure(easy).Grade(), Measure(hard).Grade()
	if ge > 4 {
		t.Errorf("easy text grade = %.1f, want at most 4", ge)
	}
	if gh < 16 {
		t.Errorf("hard text grade = %.1f, want at least 16", gh)
	}
}

func TestMainTextKeepsTheArticleOnly(t *testing.T) {
	page := `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>T</title></head>
<body>
<nav class="site-nav"><a href="/">Home</a> <a href="/faq/">FAQ</a></nav>
<main id="main">
<header class="page-header"><h1>The strike</h1><p class="meta">Last updated <time>Nov. 30, 2026</time></p></header>
<nav class="toc"><h2>On this page</h2><ol><li>Skip me</li></ol></nav>
<div class="prose">
<h2 id="a">It began <a class="anchor" href="#a">#</a></h2>
<p>Workers struck on Oct. 21, 2024 <sup class="cite">[<a href="#s1">1</a>]</sup>. Kaiser&rsquo;s view differs.<br>A new line</p>
<table><tr><td>Cell text</td></tr></table>
<ul><li>one item</li><li>two item</li></ul>
<pre><code>code here</code></pre>
</div>
<section class="key-numbers"><p>$200 million</p></section>
<section class="source-list"><h2>Sources</h2><ol><li>LAist, a source</li></ol></section>
</main>
<footer>Footer text</footer>
</body></html>`
	got, err := MainText(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The strike", "It began", "Workers struck on Oct. 21, 2024", "Kaiser’s view differs.", "A new line", "one item", "two item"} {
		if !strings.Contains(got, want) {
			t.Errorf("MainText lacks %q; got:\n%s", want, got)
		}
	}
	for _, bad := range []string{"Home", "Last updated", "Skip me", "#", "[1]", "Cell text", "code here", "$200 million", "a source", "Footer"} {
		if strings.Contains(got, bad) {
			t.Errorf("MainText keeps %q; got:\n%s", bad, got)
		}
	}
	// Headings, paragraphs and items are separate sentences.
	if n := Measure(got).Sentences; n != 7 {
		t.Errorf("sentences = %d, want 7 (title, heading, 2 in the paragraph, the line after <br>, 2 items); text:\n%s", n, got)
	}
}

func TestMainTextWithoutMainIsEmpty(t *testing.T) {
	got, err := MainText(strings.NewReader(`<html><body><p>No main here.</p></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(got) != "" {
		t.Errorf("MainText = %q, want empty", got)
	}
}

func TestLongestSentencesFirst(t *testing.T) {
	got := Longest("Short one. This sentence is the longest of them all. Medium sized one here.", 2)
	if len(got) != 2 || !strings.HasPrefix(got[0], "This sentence") || !strings.HasPrefix(got[1], "Medium") {
		t.Errorf("Longest = %q", got)
	}
}
