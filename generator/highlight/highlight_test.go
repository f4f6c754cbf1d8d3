package highlight

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

const goSample = `package main

import "fmt"

// Greeter says hello.
type Greeter struct {
	Name string
}

func (g Greeter) Greet() string {
	return fmt.Sprintf("hello, %s <&>", g.Name)
}

func main() {
	for i := 0; i < 3; i++ {
		fmt.Println(Greeter{Name: "x"}.Greet(), i)
	}
}
`

func TestBlockHighlightsKnownLanguage(t *testing.T) {
	out := string(New(nil).Block("go", []byte(goSample)))
	for _, want := range []string{
		`<pre class="chroma" tabindex="0"><code class="language-go">`,
		`<span class="kd">func</span>`,
		`<span class="c1">// Greeter says hello.</span>`,
		`&lt;&amp;&gt;`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "</code></pre>\n") {
		t.Errorf("output does not end with the closing tags:\n%s", out)
	}
	if strings.Contains(out, "style=") {
		t.Errorf("output has inline styles:\n%s", out)
	}
}

func TestBlockMarkup(t *testing.T) {
	tests := []struct {
		name, lang, code, want string
	}{
		{"unknown language is escaped plain text", "no-such-lang", "a < b && \"c\"\n",
			`<pre class="chroma" tabindex="0"><code class="language-no-such-lang">a &lt; b &amp;&amp; &#34;c&#34;` + "\n</code></pre>\n"},
		{"empty language has no class", "", "x\n",
			"<pre class=\"chroma\" tabindex=\"0\"><code>x\n</code></pre>\n"},
		{"language class is lower-cased", "NoSuchLang", "x\n",
			"<pre class=\"chroma\" tabindex=\"0\"><code class=\"language-nosuchlang\">x\n</code></pre>\n"},
		{"hostile language is sanitised", `x"><script>`, "x\n",
			"<pre class=\"chroma\" tabindex=\"0\"><code class=\"language-xscript\">x\n</code></pre>\n"},
		{"nothing left of the language", `"<>`, "x\n",
			"<pre class=\"chroma\" tabindex=\"0\"><code>x\n</code></pre>\n"},
		{"empty code", "", "",
			"<pre class=\"chroma\" tabindex=\"0\"><code></code></pre>\n"},
	}
	h := New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(h.Block(tt.lang, []byte(tt.code))); got != tt.want {
				t.Errorf("Block(%q, %q)\n got %q\nwant %q", tt.lang, tt.code, got, tt.want)
			}
		})
	}
}

func TestBlockDoesNotGuessLanguage(t *testing.T) {
	// Content that chroma's analysers would recognise must stay plain when
	// the language name is unknown.
	out := string(New(nil).Block("unknownlang", []byte("#!/bin/bash\necho hi\n")))
	if strings.Contains(out, "<span") {
		t.Errorf("unknown language was highlighted:\n%s", out)
	}
}

func TestBlockAcceptsAliases(t *testing.T) {
	h := New(nil)
	for _, lang := range []string{"golang", "Go", "yaml", "sh", "py"} {
		if out := h.Block(lang, []byte("x = 1\n")); !bytes.Contains(out, []byte("<span")) {
			t.Errorf("Block(%q) was not highlighted: %s", lang, out)
		}
	}
}

func TestNilHighlighterRendersPlain(t *testing.T) {
	var h *Highlighter
	got := string(h.Block("go", []byte("a<b\n")))
	want := "<pre class=\"chroma\" tabindex=\"0\"><code class=\"language-go\">a&lt;b\n</code></pre>\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBlockIsSafeForConcurrentUse(t *testing.T) {
	h := New(nil)
	// Under the race detector on a busy machine a match can take longer
	// than the 250 ms that makes a block plain: this test is about
	// sharing, not time.
	h.matchTimeout = time.Minute
	want := string(h.Block("go", []byte(goSample)))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				lang := []string{"go", "python", "nope", ""}[(i+j)%4]
				out := string(h.Block(lang, []byte(goSample)))
				if lang == "go" && out != want {
					t.Errorf("concurrent output differs")
				}
			}
		})
	}
	wg.Wait()
	for _, lang := range []string{"go", "python"} {
		if e, _ := h.lexers.Load(lang); !e.(lexerEntry).fast {
			t.Errorf("%s: not a fastLexer, so matchTimeout does not apply to it", lang)
		}
	}
}

func BenchmarkBlock(b *testing.B) {
	code := []byte(goSample)
	b.Run("go-19-lines", func(b *testing.B) {
		h := New(nil)
		b.SetBytes(int64(len(code)))
		for b.Loop() {
			h.Block("go", code)
		}
	})
	b.Run("go-19-lines-cached", func(b *testing.B) {
		c, err := OpenCache(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		h := New(c)
		h.Block("go", code)
		b.SetBytes(int64(len(code)))
		for b.Loop() {
			h.Block("go", code)
		}
	})
	b.Run("unknown-language", func(b *testing.B) {
		h := New(nil)
		b.SetBytes(int64(len(code)))
		for b.Loop() {
			h.Block("nope", code)
		}
	})
}

func ExampleHighlighter_Block() {
	h := New(nil)
	fmt.Printf("%s", h.Block("text-unknown", []byte("if a < b {}\n")))
	// Output:
	// <pre class="chroma" tabindex="0"><code class="language-text-unknown">if a &lt; b {}
	// </code></pre>
}

// TestLongLanguageNameIsNotLookedUp: chroma's lookup of a 40 KB name took
// 13.6 s; a name past MaxLanguage is plain text at once.
func TestLongLanguageNameIsNotLookedUp(t *testing.T) {
	h := New(nil)
	lang := strings.Repeat("a", 200<<10)
	start := time.Now()
	out := h.Block(lang, []byte("x := 1\n"))
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v", took)
	}
	if strings.Contains(string(out), "aaaa") {
		t.Errorf("the long name reached the output: %.200s", out)
	}
}
