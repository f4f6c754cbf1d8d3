package diag

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxPrinted is the longest message, in characters, Printable keeps.
const MaxPrinted = 400

// Printable returns s safe to print on a terminal as part of one line:
// control characters (newlines, carriage returns, escape sequences, C1
// controls) and bidirectional overrides are written as Go escapes (\n,
// \x1b, \u202e), so user text in a message cannot erase lines or fake a
// "path:line:col: error" line; a message longer than MaxPrinted characters
// is shortened with "…" in the middle.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean && utf8.RuneCountInString(s) <= MaxPrinted {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if n := utf8.RuneCountInString(out); n > MaxPrinted {
		rs := []rune(out)
		half := MaxPrinted / 2
		out = string(rs[:half]) + "…" + string(rs[n-half:])
	}
	return out
}

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f
}
