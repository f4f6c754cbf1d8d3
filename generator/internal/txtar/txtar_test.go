package txtar

import "testing"

func TestParse(t *testing.T) {
	c, fs := Parse([]byte("comment\n-- a.md --\nhello\n-- b/c.txt --\n-- d --\nx"))
	if c != "comment\n" || len(fs) != 3 || fs[0].Name != "a.md" || string(fs[0].Data) != "hello\n" || fs[1].Name != "b/c.txt" || len(fs[1].Data) != 0 || string(fs[2].Data) != "x\n" {
		t.Errorf("got %q %+v", c, fs)
	}
}
