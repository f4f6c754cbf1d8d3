package nearest

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"settlement", "setlement", 1},
		{"cronología", "cronologia", 1}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNameKeepsTheFirstOfEquallyCloseCandidates(t *testing.T) {
	if got := Name("sorce", []string{"source", "force"}, 2); got != "source" {
		t.Errorf("Name = %q, want source", got)
	}
	if got := Name("zzzzzz", []string{"source"}, 2); got != "" {
		t.Errorf("Name found %q beyond maxDist", got)
	}
}
