// Package fastyaml parses the common shape of YAML front matter without
// the YAML library, which took a tenth of the time of loading a page, and
// leaves everything else to the library: Parse returns the node
// yaml.Unmarshal would, or false. Its tests and fuzz target hold it to
// yaml.Unmarshal's nodes.
package fastyaml

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Parse parses the common shape of YAML front matter: one
// "key: value" per line, from the first column, each value a
// double-quoted string (of the escapes, only \" and \\), a plain word,
// path, number, date or boolean, or a flow list ["a", "b"] of such strings and words. It
// returns the same document node as yaml.Unmarshal, or ok false for
// anything else (comments, block lists, nested mappings, other escapes, tabs,
// trailing spaces, …), which the caller then parses with the library.
func Parse(fm []byte) (doc *yaml.Node, ok bool) {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	line := 0
	for off := 0; off < len(fm); {
		line++
		end := off
		for end < len(fm) && fm[end] != '\n' {
			end++
		}
		l := fm[off:end]
		off = end + 1
		if len(l) == 0 {
			if line == 1 {
				return nil, false
			}
			continue
		}
		key, value, ok := fastEntry(l, line)
		if !ok {
			return nil, false
		}
		root.Content = append(root.Content, key, value)
	}
	if len(root.Content) == 0 {
		return nil, false
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1, Content: []*yaml.Node{root}}, true
}

// maxKey is the longest key Parse takes: the YAML library refuses a plain
// key of more than 1024 characters ("mapping values are not allowed in
// this context"); anything near that is left to it.
const maxKey = 1000

// fastEntry parses one "key: value" line.
func fastEntry(l []byte, line int) (key, value *yaml.Node, ok bool) {
	i := 0
	for i < len(l) && (isASCIILetter(l[i]) || l[i] == '_' || i > 0 && (isDigit(l[i]) || l[i] == '-')) {
		i++
	}
	// YAML allows a key without quotes or "?" only up to 1024
	// characters; a longer one is the library's to refuse.
	if i == 0 || i > maxKey || i+1 >= len(l) || l[i] != ':' || l[i+1] != ' ' {
		return nil, nil, false
	}
	key = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(l[:i]), Line: line, Column: 1}
	if resolveWord(key.Value) != "!!str" {
		return nil, nil, false
	}
	i += 2
	for i < len(l) && l[i] == ' ' {
		i++
	}
	col := i + 1 // the key is ASCII
	if i == len(l) {
		return nil, nil, false
	}
	rest := l[i:]
	if rest[0] == '[' {
		value, ok = fastFlowList(rest, line, col)
	} else {
		var n int
		value, n, ok = fastScalar(rest, line, col, false)
		ok = ok && n == len(rest)
	}
	return key, value, ok
}

// fastFlowList parses "[a, "b"]", the whole of s.
func fastFlowList(s []byte, line, col int) (*yaml.Node, bool) {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col}
	i, c := 1, col+1 // byte offset in s, column
	skip := func() {
		for i < len(s) && s[i] == ' ' {
			i++
			c++
		}
	}
	skip()
	if i < len(s) && s[i] == ']' {
		return seq, i+1 == len(s)
	}
	for {
		item, n, ok := fastScalar(s[i:], line, c, true)
		if !ok {
			return nil, false
		}
		seq.Content = append(seq.Content, item)
		c += utf8.RuneCount(s[i : i+n])
		i += n
		skip()
		if i >= len(s) {
			return nil, false
		}
		if s[i] == ']' {
			return seq, i+1 == len(s)
		}
		if s[i] != ',' {
			return nil, false
		}
		i++
		c++
		skip()
	}
}

// fastScalar parses a scalar at the start of s and returns it with its
// length in bytes. In a flow list, a plain scalar ends before "," or "]"
// and may hold only letters, digits and "_.-/".
func fastScalar(s []byte, line, col int, inFlow bool) (*yaml.Node, int, bool) {
	if len(s) == 0 {
		return nil, 0, false
	}
	if s[0] == '"' {
		escaped := false
		for i := 1; i < len(s); {
			c := s[i]
			switch {
			case c == '"':
				v := string(s[1:i])
				if escaped {
					v = unescapeQuoted.Replace(v)
				}
				return &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: v, Line: line, Column: col}, i + 1, true
			case c == '\\':
				// Only \" and \\ of the escapes.
				if i+1 >= len(s) || s[i+1] != '"' && s[i+1] != '\\' {
					return nil, 0, false
				}
				escaped = true
				i += 2
			case c < 0x20 || c == 0x7f:
				return nil, 0, false
			case c < utf8.RuneSelf:
				i++
			default:
				r, n := utf8.DecodeRune(s[i:])
				if r == utf8.RuneError && n == 1 || !yamlPrintable(r) || yamlBreak(r) {
					return nil, 0, false
				}
				i += n
			}
		}
		return nil, 0, false
	}
	n := 0
	for n < len(s) {
		// ":" followed by a space or the end would start a mapping.
		if s[n] == ':' && !inFlow && n+1 < len(s) && s[n+1] != ' ' {
			n++
			continue
		}
		if !plainByte(s[n], inFlow) {
			break
		}
		n++
	}
	if n == 0 || s[n-1] == ' ' {
		return nil, 0, false
	}
	v := string(s[:n])
	var tag string
	switch c := s[0]; {
	case c == '/':
		tag = "!!str"
	case isASCIILetter(c):
		tag = resolveWord(v)
		if inFlow && tag != "!!str" {
			return nil, 0, false
		}
	case isDigit(c) || c == '-' && !inFlow:
		tag = resolveNumber(v)
	}
	if tag == "" {
		return nil, 0, false
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v, Line: line, Column: col}, n, true
}

var unescapeQuoted = strings.NewReplacer(`\"`, `"`, `\\`, `\`)

// plainByte reports whether a plain scalar of the fast path may hold c.
// Left out, among others: "#" (a comment may follow), quotes at the
// start, and in a flow list ":", "," and the brackets; fastScalar takes a
// ":" that is not followed by a space or the end.
func plainByte(c byte, inFlow bool) bool {
	switch {
	case isASCIILetter(c), isDigit(c), c == '_', c == '.', c == '-', c == '/':
		return true
	case inFlow:
		return false
	}
	switch c {
	case ' ', ',', '(', ')', '\'', '!', '?', '&', ';', '=', '+':
		return true
	}
	return false
}

// resolveWord is the YAML library's tag for a plain scalar starting with
// a letter: its few special words, else a string.
func resolveWord(v string) string {
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "null", "Null", "NULL":
		return "!!null"
	}
	return "!!str"
}

// resolveNumber is the YAML library's tag for a plain scalar starting
// with a digit or "-", when the fast path knows it: a date and time, or a
// decimal integer without leading zeros; "" otherwise.
func resolveNumber(v string) string {
	if len(v) > 4 && v[4] == '-' && isDigit(v[0]) && isDigit(v[1]) && isDigit(v[2]) && isDigit(v[3]) {
		for _, format := range yamlTimestampFormats {
			if _, err := time.Parse(format, v); err == nil {
				return "!!timestamp"
			}
		}
	}
	d := v
	if d[0] == '-' {
		d = d[1:]
	}
	if d == "" || len(d) > 18 || d[0] == '0' && len(d) > 1 {
		return ""
	}
	for i := range len(d) {
		if !isDigit(d[i]) {
			return ""
		}
	}
	if _, err := strconv.ParseInt(v, 10, 64); err != nil {
		return ""
	}
	return "!!int"
}

// yamlTimestampFormats are the YAML library's (go.yaml.in/yaml/v3,
// resolve.go), tried in its order.
var yamlTimestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// yamlPrintable reports whether the YAML library reads r in a quoted
// string (its is_printable, for runes beyond ASCII).
func yamlPrintable(r rune) bool {
	return r == 0x85 || r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF || r >= 0x10000 && r <= 0x10FFFF
}

// yamlBreak reports whether the YAML library reads r, beyond ASCII, as a
// line break (its is_break): in a quoted string it folds the line there,
// dropping the spaces around it ("x \u2029 y" reads "x\u2029y", and
// "a\u0085b" reads "a b").
func yamlBreak(r rune) bool { return r == 0x85 || r == 0x2028 || r == 0x2029 }

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
