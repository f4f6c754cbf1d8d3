package highlight

import (
	"bytes"
	"strings"
	"testing"
)

// TestHighlighterOutputHasTheCachedShape: everything the highlighter
// writes passes validBlock, so valid cache entries are always used.
func TestHighlighterOutputHasTheCachedShape(t *testing.T) {
	h := New(nil)
	samples := append([]struct{ lang, code string }{}, cacheSamples...)
	samples = append(samples,
		struct{ lang, code string }{"html", "<script>alert(\"x\" & 'y')</script>\n"},
		struct{ lang, code string }{"python", "def f(a):\n    return a < 3 and a > 1  # \"q\" 'r' &\n"},
		struct{ lang, code string }{"bash", "echo \"$HOME\" > /tmp/x && cat <<EOF\nhi\nEOF\n"},
		struct{ lang, code string }{"C++", "template<class T> int f() { return 1 >> 2; }\n"},
		struct{ lang, code string }{"json", "{\"a\": [1, 2, \"<b>\"]}\n"},
		struct{ lang, code string }{"markdown", "# T\n\n*a* <b>c</b>\n"},
	)
	for _, s := range samples {
		out := h.Block(s.lang, []byte(s.code))
		if !validBlock(out, s.lang) {
			t.Errorf("%s: the highlighter's own output is rejected:\n%s", s.lang, out)
		}
	}
}

// TestForgedCacheEntriesAreNotUsed: a pack entry with its hash recomputed
// but holding a script, an attribute or broken markup is replaced by a
// fresh rendering.
func TestForgedCacheEntriesAreNotUsed(t *testing.T) {
	code := []byte("package main\n")
	want := New(nil).Block("go", code)
	open := string(openTag(nil, "go"))
	for _, forged := range []string{
		open + `<script>alert(1)</script>` + closeTag,
		open + `<span class="k" onmouseover="alert(1)">x</span>` + closeTag,
		open + `<span class="k">x` + closeTag,
		open + `</span>` + closeTag,
		open + `x&nbsp<img src=x>` + closeTag,
		`<pre class="chroma" tabindex="0"><code class="language-go" data-x="1">x` + closeTag,
		open + "x" + closeTag + `<script>alert(1)</script>`,
		"",
	} {
		c, err := OpenCache(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		h := New(c)
		c.Put(newKey(h.keyPrefix, "go", code), []byte(forged))
		if got := h.Block("go", code); !bytes.Equal(got, want) {
			t.Errorf("forged entry used: %q", got)
		}
		if strings.Contains(forged, "script") && validBlock([]byte(forged), "go") {
			t.Errorf("validBlock accepts %q", forged)
		}
	}
}
