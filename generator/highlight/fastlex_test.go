package highlight

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// chromaTestdata returns the folder of chroma's lexer sample files in the
// module cache.
func chromaTestdata(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", chromaModule).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", chromaModule, err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("chroma's sample files: %v", err)
	}
	return dir
}

// eachChromaSample calls check with every sample file chroma's own tests
// use (lexers/testdata/*.actual), its path below that folder and its
// lexer, and returns how many it checked; walking fails the test.
func eachChromaSample(t *testing.T, check func(rel string, l chroma.Lexer, text string) bool) int {
	t.Helper()
	root := chromaTestdata(t)
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".actual") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		name, _, _ := strings.Cut(filepath.Base(path), ".")
		if dir := filepath.Dir(rel); dir != "." {
			name = dir
		}
		l := lexers.Get(name)
		if l == nil {
			return nil
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if check(rel, l, string(text)) {
			checked++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return checked
}

func tokens(t *testing.T, l chroma.Lexer, text string) []chroma.Token {
	t.Helper()
	it, err := l.Tokenise(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	return it.Tokens()
}

// TestFastLexerMatchesChroma tokenises the sample file of every chroma
// lexer (the files chroma's own tests use) with chroma and with fastLexer
// and wants the same tokens.
func TestFastLexerMatchesChroma(t *testing.T) {
	checked := eachChromaSample(t, func(rel string, l chroma.Lexer, text string) bool {
		rl, ok := l.(*chroma.RegexLexer)
		if !ok {
			return false // delegating and other lexers are not accelerated
		}
		t.Run(rel, func(t *testing.T) {
			f := newFastLexer(rl, time.Minute)
			if f == nil {
				t.Fatalf("lexer %s: rules do not compile as chroma compiles them", rl.Config().Name)
			}
			want, got := tokens(t, rl, text), tokens(t, f, text)
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("token %d: got %v, want %v", i, got[i], want[i])
					}
				}
				t.Fatalf("got %d tokens, want %d", len(got), len(want))
			}
		})
		return true
	})
	if checked < 150 {
		t.Errorf("checked %d sample files; chroma v2.27 has over 150 for regex lexers", checked)
	}
}

// TestFastLexerEdgeCases covers input the sample files may not: CRLF, a
// missing final newline, unmatched characters, a nested language.
func TestFastLexerEdgeCases(t *testing.T) {
	for _, c := range []struct{ lang, text string }{
		{"go", "package main\r\nfunc main() {}\r\n"},
		{"go", "x := `raw\nstring"},
		{"python", "def f():\n    return '''doc\n\n"},
		{"python", "s = 'unterminated\nx = 1"},
		{"html", "<style>p { color: red }</style><script>let a = 1;</script>"},
		{"rst", ".. code:: python\n\n   x = 1\n"},
		{"bash", "echo $((1 + 2)) ${x:-y} \u00e9\u6f22"},
		{"c", "\x00\x01 int x;"},
		{"yaml", ""},
	} {
		rl, ok := lexers.Get(c.lang).(*chroma.RegexLexer)
		if !ok {
			t.Fatalf("%s: not a regex lexer", c.lang)
		}
		f := newFastLexer(rl, time.Minute)
		want, got := tokens(t, rl, c.text), tokens(t, f, c.text)
		if !slices.Equal(got, want) {
			t.Errorf("%s %q:\ngot  %v\nwant %v", c.lang, c.text, got, want)
		}
	}
}

// TestHighlighterUsesFastLexer checks that regex lexers get the fast
// lexer and others do not.
func TestHighlighterUsesFastLexer(t *testing.T) {
	h := New(nil)
	for _, lang := range []string{"go", "python", "js", "bash", "yaml", "json", "html", "css", "raku", "go-html-template"} {
		h.lexer(lang)
		e, _ := h.lexers.Load(lang)
		if want := lang != "go-html-template"; e.(lexerEntry).fast != want { // a delegating lexer
			t.Errorf("%s: fast lexer %v, want %v", lang, e.(lexerEntry).fast, want)
		}
	}
}

// fuzzLanguages are the languages FuzzFastLexerMatchesChroma compares:
// the ones the explainer and typical blogs use, with nested languages.
var fuzzLanguages = []string{"go", "python", "bash", "javascript", "html", "css", "yaml", "json", "sql", "c", "rust", "toml", "diff", "dockerfile"}

// FuzzFastLexerMatchesChroma tokenises fuzzed text with chroma's lexer and
// with fastLexer, for a fuzzed language, and wants the same tokens.
func FuzzFastLexerMatchesChroma(f *testing.F) {
	for i, s := range []string{
		"package main\r\nfunc main() { x := `a\nb` }\n",
		"def f(x):\n    return '''doc''' + \"s\" # c\n",
		"echo ${x:-y} $((1+2)) 'q' \"$HOME\" \\\n",
		"<p class=x>hi<script>let a = /re/g;</script><style>p{color:red}</style>",
		"key: [1, 2, {a: b}] # c\n---\n- \"x\"\n",
		"SELECT * FROM t WHERE a = 'x' -- c\n",
		"```go\nx\n```\n# H\n*e* **s**",
		"\x00\xff\u00e9\u6f22\t\r",
	} {
		f.Add(uint8(i), s)
	}
	lexersOf := map[string][2]chroma.Lexer{}
	for _, name := range fuzzLanguages {
		rl, ok := lexers.Get(name).(*chroma.RegexLexer)
		if !ok {
			f.Fatalf("%s: not a regex lexer", name)
		}
		fl := newFastLexer(rl, time.Minute)
		if fl == nil {
			f.Fatalf("%s: rules do not compile", name)
		}
		lexersOf[name] = [2]chroma.Lexer{rl, fl}
	}
	f.Fuzz(func(t *testing.T, lang uint8, text string) {
		if len(text) > 4096 {
			return
		}
		name := fuzzLanguages[int(lang)%len(fuzzLanguages)]
		l := lexersOf[name]
		want, got := tokens(t, l[0], text), tokens(t, l[1], text)
		if !slices.Equal(got, want) {
			// chroma gives each regular expression 250 ms; on a loaded
			// machine one side may time out. A real difference repeats.
			want, got = tokens(t, l[0], text), tokens(t, l[1], text)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s %q:\ngot  %v\nwant %v", name, text, got, want)
		}
	})
}
