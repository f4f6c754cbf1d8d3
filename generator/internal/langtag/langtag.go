// Package langtag checks language codes written by editors: the codes of
// the site's languages, a source's language, the lang of a span in
// Markdown. A code is a BCP 47 tag (es, pt-BR, zh-Hant-TW) that
// golang.org/x/text/language parses, written only with letters, digits
// and hyphens, so that it is also safe in a folder name, a URL and an
// HTML attribute.
package langtag

import "golang.org/x/text/language"

// Check returns what is wrong with code, for a message about it ("…
// is not a language tag: …"), or "" when it is a language tag.
func Check(code string) string {
	if code == "" {
		return "is empty: write a code such as es"
	}
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return "must be a language tag such as es or pt-BR (letters, digits and -)"
		}
	}
	if _, err := language.Parse(code); err != nil {
		return "is not a language tag: write a code such as es, fr or pt-BR"
	}
	return ""
}
