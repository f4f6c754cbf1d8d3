package blog

import (
	"strings"
	"testing"
)

func TestPostsAreDeterministicAndVaried(t *testing.T) {
	const n = 400
	var short, long, code, bundles, tables, notes, html int
	langs := map[string]bool{}
	for i := range n {
		a, fa := Post(i, n)
		b, fb := Post(i, n)
		if a != b || len(fa) != len(fb) {
			t.Fatalf("post %d differs between two calls", i)
		}
		words := len(strings.Fields(a))
		if words < 400 {
			short++
		}
		if words > 3000 {
			long++
		}
		if strings.Contains(a, "\n```") {
			code++
			for _, l := range codeLangs {
				if strings.Contains(a, "```"+l+"\n") {
					langs[l] = true
				}
			}
		}
		if len(fa) > 0 {
			bundles++
		}
		if strings.Contains(a, "\n| ") {
			tables++
		}
		if strings.Contains(a, "\n[^1]: ") {
			notes++
		}
		if strings.Contains(a, "\n<aside") || strings.Contains(a, "\n<details>") || strings.Contains(a, "\n<div") {
			html++
		}
		for _, field := range []string{"\ntitle: ", "\ndate: ", "\nsummary: ", "\nauthors: [", "\ntags: ["} {
			if !strings.Contains(a, field) {
				t.Fatalf("post %d has no %q", i, field)
			}
		}
	}
	if len(langs) != len(codeLangs) {
		t.Errorf("languages used: %v", langs)
	}
	for name, got := range map[string]int{"short": short, "long": long, "with code": code, "bundles": bundles, "with tables": tables, "with footnotes": notes, "with raw HTML": html} {
		if got < n/20 || got > n*3/4 {
			t.Errorf("%d of %d posts %s", got, n, name)
		}
	}
}
