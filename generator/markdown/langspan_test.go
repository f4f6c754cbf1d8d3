package markdown

import (
	"strings"
	"testing"
)

func TestLangSpansPassThroughWithRawHTMLOff(t *testing.T) {
	src := "Kaiser dijo que estaba <span lang=\"en\">\"working well\"</span> (en español: \"funcionando bien\").\n\n" +
		"Una *<span lang=\"en\">emphasis</span>* y <span lang=\"en\">[un enlace](https://example.com) y **negrita**</span>.\n\n" +
		"Anidado: <span lang=\"en\">out <span lang=\"fr\">dedans</span> out</span>. Otro <b>raw</b>, <span lang='es-US'>sí</span>.\n"
	res := convert(t, New(Options{}), src, nil)
	html := string(res.HTML)
	if len(res.Problems) != 0 {
		t.Fatalf("problems: %+v", res.Problems)
	}
	for _, want := range []string{
		`estaba <span lang="en">&ldquo;working well&rdquo;</span> (en español`,
		`<em><span lang="en">emphasis</span></em>`,
		`<span lang="en"><a href="https://example.com">un enlace</a> y <strong>negrita</strong></span>.`,
		`<span lang="en">out <span lang="fr">dedans</span> out</span>`,
		`<span lang="es-US">sí</span>`,
		`Otro &lt;b&gt;raw&lt;/b&gt;`, // other raw HTML still shows as text
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "&lt;span") || strings.Contains(html, "&lt;/span") {
		t.Errorf("a span tag shows as text:\n%s", html)
	}
	// The words count, and the summary reads, as text.
	if !strings.HasPrefix(res.Summary, `Kaiser dijo que estaba “working well” (en español`) {
		t.Errorf("summary: %q", res.Summary)
	}
}

func TestLangSpanMistakesAreProblemsAtTheirTag(t *testing.T) {
	src := "Uno <span lang=\"english\">x</span> y\n" + // 1:5
		"<span class=\"x\">y</span>.\n\n" + // 2:1
		"Dos </span> y <span lang=\"en\">sin fin.\n\n" + // 4:5, 4:15
		"Tres <span lang=\"en\">*a</span> b*.\n" // 6:6 open not ended in its paragraph; 6:24 close inside the emphasis
	res := convert(t, New(Options{}), src, nil)
	html := string(res.HTML)
	type at struct {
		line, col int
		msg       string
	}
	want := []at{
		{1, 5, `lang="english" is not a language code`},
		{2, 1, `<span class="x">: a span may only say which language`},
		{4, 5, `</span> ends no <span lang="…">`},
		{4, 15, `<span lang="en"> is not ended`},
		{6, 6, `<span lang="en"> is not ended`},
		{6, 24, `</span> ends no <span lang="…">`},
	}
	if len(res.Problems) != len(want) {
		t.Fatalf("problems: %+v\nwant %d", res.Problems, len(want))
	}
	for i, w := range want {
		p := res.Problems[i]
		if p.Line != w.line || p.Col != w.col || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d: %d:%d %s\nwant %d:%d …%s…", i, p.Line, p.Col, p.Msg, w.line, w.col, w.msg)
		}
	}
	// Nothing in error becomes a span.
	if strings.Contains(html, "<span") {
		t.Errorf("a span in error was written:\n%s", html)
	}
}

func TestLangSpansPassAsRawHTMLWhenItIsOn(t *testing.T) {
	res := convert(t, New(Options{UnsafeHTML: true}), "A <span lang=\"en\" class=\"q\">b</span> c.\n", nil)
	html := string(res.HTML)
	if len(res.Problems) != 0 || !strings.Contains(html, `<span lang="en" class="q">b</span>`) {
		t.Errorf("problems %+v, output:\n%s", res.Problems, html)
	}
}

func TestIsLangCode(t *testing.T) {
	for s, want := range map[string]bool{
		"en": true, "es": true, "es-US": true, "zh-Hant-TW": true, "yue": true, "es-419": true,
		"": false, "e": false, "english": false, "en_US": false, "en-": false, "1a": false, "en-toolongsub": false, `en" onclick="x`: false,
	} {
		if got := isLangCode(s); got != want {
			t.Errorf("isLangCode(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestInlineMarkdownMakesLangSpansToo(t *testing.T) {
	c := New(Options{})
	got := string(c.Inline([]byte(`Kaiser quiere más <span lang="en">"flexibility"</span> (en español: "flexibilidad"); <span lang="x y">z</span>`)))
	want := `Kaiser quiere más <span lang="en">&ldquo;flexibility&rdquo;</span> (en español: &ldquo;flexibilidad&rdquo;); &lt;span lang=&quot;x y&quot;&gt;z&lt;/span&gt;`
	if got != want {
		t.Errorf("Inline:\n got %s\nwant %s", got, want)
	}
}

// The typographer leaves a quote between two punctuation marks straight,
// and a span's tags are punctuation to it: next to a span, a quote turns
// the way its place says, whether written inside the span or outside it.
func TestQuotesAroundLangSpansCurl(t *testing.T) {
	c := New(Options{})
	for src, want := range map[string]string{
		`reporte ("<span lang="en">issue</span>") en`:                  `reporte (&ldquo;<span lang="en">issue</span>&rdquo;) en`,
		`reporte (<span lang="en">"issue"</span>) en`:                  `reporte (<span lang="en">&ldquo;issue&rdquo;</span>) en`,
		`de <span lang="en">"tomorrow (October 4)"</span> (en español`: `de <span lang="en">&ldquo;tomorrow (October 4)&rdquo;</span> (en español`,
		`el <span lang="en">"almost 50%"</span> de`:                    `el <span lang="en">&ldquo;almost 50%&rdquo;</span> de`,
		`dijo "<span lang="en">working well</span>" ayer`:              `dijo &ldquo;<span lang="en">working well</span>&rdquo; ayer`,
		`un \"<span lang="en">x</span>\" literal`:                      `un &quot;<span lang="en">x</span>&quot; literal`,
		`<span lang="en">"</span>`:                                     `<span lang="en">&ldquo;</span>`,
	} {
		if got := string(c.Inline([]byte(src))); got != want {
			t.Errorf("%s\n got %s\nwant %s", src, got, want)
		}
		// Pages (Convert) and data (Inline) agree.
		res := convert(t, c, src, nil)
		if got := strings.TrimSuffix(strings.TrimPrefix(string(res.HTML), "<p>"), "</p>\n"); got != want {
			t.Errorf("Convert %s\n got %s\nwant %s", src, got, want)
		}
	}
}
