package highlight

import (
	"github.com/alecthomas/chroma/v2"
)

// appendTokens appends the HTML of the tokens of it to dst, byte for byte
// as chroma's HTML formatter writes them with the options of
// newFormatter (CSS classes, no surrounding pre, no line numbers, no
// highlighted lines), without its per-token fmt.Sprintf and copies: that
// formatter was a fifth of highlighting's time.
//
// Chroma's formatter first splits the tokens into lines
// (chroma.SplitTokensIntoLines): a token holding newlines becomes one
// piece per line, each ending in its newline, and the rest if not empty;
// a last line made of one empty token is dropped. Each piece is then
// written HTML-escaped, inside <span class="…"> when its type has a class.
// TestAppendTokensMatchesChroma checks the two on every chroma sample file.
func appendTokens(dst []byte, it chroma.Iterator) []byte {
	// An empty token starting a line is written once another token
	// follows on that line: if none does, the line is the last line made
	// of one empty token.
	lineStart, holding := true, false
	var held chroma.Token
	for t := it(); t != chroma.EOF; t = it() {
		if holding {
			dst = appendPiece(dst, held.Type, "")
			holding, lineStart = false, false
		}
		v := t.Value
		for {
			i := indexNewline(v)
			if i < 0 {
				break
			}
			dst = appendPiece(dst, t.Type, v[:i+1])
			v = v[i+1:]
			lineStart = true
			if v == "" {
				break
			}
		}
		if v == "" && len(t.Value) > 0 {
			continue // the token ended in a newline
		}
		if v == "" && lineStart {
			held, holding = chroma.Token{Type: t.Type}, true
			continue
		}
		dst = appendPiece(dst, t.Type, v)
		lineStart = false
	}
	return dst
}

func indexNewline(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return i
		}
	}
	return -1
}

// appendPiece writes one piece of a token as chroma's formatter does.
func appendPiece(dst []byte, tt chroma.TokenType, v string) []byte {
	cls := tokenClass(tt)
	if cls == "" {
		return appendEscaped(dst, v)
	}
	dst = append(dst, `<span class="`...)
	dst = append(dst, cls...)
	dst = append(dst, `">`...)
	dst = appendEscaped(dst, v)
	return append(dst, `</span>`...)
}

// tokenClass is the CSS class chroma's formatter gives a token type (with
// no class prefix): that of the type or its nearest parent in
// chroma.StandardTypes.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}
