package diag

import (
	"errors"
	"testing"
	"unicode/utf8"
)

func TestPositionCountsRunes(t *testing.T) {
	src := []byte("ab\nçé[x]\n")
	cases := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 2, 3}, {100, 3, 1},
	}
	for _, c := range cases {
		l, col := Position(src, c.off)
		if l != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

func TestListFormatsEveryErrorAndSkipsWarnings(t *testing.T) {
	var l List
	l.Add("content/b.md", 3, 2, "broken link %q", "x.md")
	l.Warn("content/a.md", 1, 1, "unknown field")
	l.Add("content/a.md", 9, 0, "bad date")
	l.Add("content/a.md", 9, 0, "bad date")
	l.Sort()
	if len(l) != 3 {
		t.Fatalf("duplicates not removed: %v", l)
	}
	want := "content/a.md:9:1: bad date\ncontent/b.md:3:2: broken link \"x.md\""
	if got := l.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	var target List
	if !errors.As(l.Err(), &target) {
		t.Error("Err() is not a List")
	}
	if got := l[0].String(); got != "content/a.md:1:1: warning: unknown field" {
		t.Errorf("String() = %q", got)
	}
	if (List{{Severity: Warning}}).Err() != nil {
		t.Error("warnings alone must not be an error")
	}
}

func TestLinesMatchPosition(t *testing.T) {
	src := []byte("ab\nçd\n\nlast")
	l := NewLines(src)
	for off := -1; off <= len(src)+1; off++ {
		wl, wc := Position(src, off)
		if gl, gc := l.Position(off); gl != wl || gc != wc {
			t.Errorf("offset %d: Lines %d:%d, Position %d:%d", off, gl, gc, wl, wc)
		}
	}
	src = []byte("ab\nçd\n\nx")
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 3}, {7, 3, 1}, {8, 4, 1}, {9, 4, 2}, {99, 4, 2}, {-1, 1, 1},
	} {
		if line, col := NewLines(src).Position(tt.off); line != tt.line || col != tt.col {
			t.Errorf("position(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

func TestLinesOffsetIsPositionsInverse(t *testing.T) {
	src := []byte("ab\nçd\n\nlast")
	l := NewLines(src)
	for off := 0; off <= len(src); off++ {
		if off < len(src) && !utf8.RuneStart(src[off]) {
			continue
		}
		line, col := l.Position(off)
		if got := l.Offset(line, col); got != off {
			t.Errorf("Offset(%d, %d) = %d, want %d", line, col, got, off)
		}
	}
	for _, tt := range []struct{ line, col, off int }{
		{1, 99, 2}, {2, 3, 6}, {5, 1, len(src)}, {0, 1, 0},
	} {
		if got := l.Offset(tt.line, tt.col); got != tt.off {
			t.Errorf("Offset(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.off)
		}
	}
}
