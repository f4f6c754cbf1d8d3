package highlight

import (
	"bytes"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
)

// chromaFormat is the formatter appendTokens replaces, as the
// highlighter configured it: CSS classes, no surrounding pre.
func chromaFormat(t testing.TB, tokens []chroma.Token) []byte {
	t.Helper()
	var buf bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))
	if err := f.Format(&buf, lightStyle(), chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkFormat(t testing.TB, tokens []chroma.Token) {
	t.Helper()
	want := chromaFormat(t, tokens)
	if got := appendTokens(nil, chroma.Literator(tokens...)); !bytes.Equal(got, want) {
		t.Fatalf("tokens %q:\ngot  %q\nwant %q", tokens, got, want)
	}
}

// TestAppendTokensMatchesChroma formats the tokens of every chroma sample
// file with chroma's HTML formatter and with appendTokens.
func TestAppendTokensMatchesChroma(t *testing.T) {
	checked := eachChromaSample(t, func(rel string, l chroma.Lexer, text string) bool {
		t.Run(rel, func(t *testing.T) {
			checkFormat(t, tokens(t, chroma.Coalesce(l), text))
		})
		return true
	})
	if checked < 150 {
		t.Errorf("checked %d sample files, want over 150", checked)
	}
}

// TestAppendTokensEdgeCases: empty tokens at the start, middle and end of
// lines, tokens spanning lines, types without a class.
func TestAppendTokensEdgeCases(t *testing.T) {
	k, s, e := chroma.Keyword, chroma.LiteralString, chroma.Error
	tok := func(tt chroma.TokenType, v string) chroma.Token { return chroma.Token{Type: tt, Value: v} }
	for _, ts := range [][]chroma.Token{
		nil,
		{tok(k, "")},
		{tok(k, ""), tok(s, "")},
		{tok(k, "a\n"), tok(s, "")},
		{tok(k, "a\n"), tok(s, ""), tok(k, "")},
		{tok(k, "a\n"), tok(s, ""), tok(k, "b")},
		{tok(k, "a\n\nb\n"), tok(s, "<&>\"'\n")},
		{tok(k, "a"), tok(s, ""), tok(k, "\n")},
		{tok(k, "\n"), tok(s, "\n"), tok(e, "x\ny")},
		{tok(chroma.Text, "plain\n"), tok(chroma.TokenType(99999), "odd")},
		{tok(chroma.NameBuiltinPseudo, "self"), tok(chroma.Background, "bg")},
	} {
		checkFormat(t, ts)
	}
}

func FuzzAppendTokens(f *testing.F) {
	f.Add("a\n\nb", "", "<x>\n", uint8(3))
	f.Fuzz(func(t *testing.T, a, b, c string, types uint8) {
		tt := []chroma.TokenType{chroma.Keyword, chroma.Text, chroma.LiteralStringDouble, chroma.Error, chroma.Comment, chroma.Background, chroma.NameFunction, chroma.Punctuation}
		ts := []chroma.Token{
			{Type: tt[types&7], Value: a},
			{Type: tt[types>>3&7], Value: b},
			{Type: tt[types>>5&7], Value: c},
		}
		checkFormat(t, ts)
	})
}
