package benchcorpus

import (
	"math/rand/v2"
	"testing"
)

func TestBetweenCoversBothEnds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[int]bool{}
	for range 200 {
		n := Between(r, 3, 5)
		if n < 3 || n > 5 {
			t.Fatalf("Between(3, 5) = %d", n)
		}
		seen[n] = true
	}
	if len(seen) != 3 {
		t.Errorf("Between(3, 5) gave only %v", seen)
	}
}

func TestYAMLStringEscapesQuotesAndBackslashes(t *testing.T) {
	if got, want := YAMLList([]string{`say "hi"`, `a\b`}), `"say \"hi\"", "a\\b"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestCapitalizeLikePython(t *testing.T) {
	for in, want := range map[string]string{"": "", "river": "River", "rIVER": "River", "author's": "Author's"} {
		if got := Capitalize(in); got != want {
			t.Errorf("Capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}
