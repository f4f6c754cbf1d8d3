package diag

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintableEscapesControlsAndShortens(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, café":              "plain text, café",
		"a\nfake.md:1:1: error: gotcha": `a\nfake.md:1:1: error: gotcha`,
		"erase\x1b[2K\rline":            `erase\x1b[2K\rline`,
		"bidi \u202eevil":               `bidi \u202eevil`,
		"c1 \u009b":                     `c1 \u009b`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("x", 100000)
	if got := Printable(long); utf8.RuneCountInString(got) > MaxPrinted+1 || !strings.Contains(got, "…") {
		t.Errorf("long input: %d characters", utf8.RuneCountInString(got))
	}
}
