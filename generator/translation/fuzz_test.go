package translation

import (
	"bytes"
	"testing"
)

// FuzzSetHash: SetHash never panics, and what it returns differs from its
// input in one line only.
func FuzzSetHash(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\ntranslation_of: a.md\ntranslation_hash: 0123456789ab\n---\nx\n",
		"---\ntitle: A\ntranslation_of: a.md\n---\nx\n",
		"---\r\ntranslation_of: a.md\r\ntranslation_hash: \"x\" # c\r\n---\r\n",
		"---\ntranslation_hash: [a]\ntranslation_of: a.md\n---\n",
		"no front matter",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := SetHash("x.md", src, "0123456789ab")
		if err != nil {
			return
		}
		a, b := bytes.Split(src, []byte("\n")), bytes.Split(out, []byte("\n"))
		switch len(b) - len(a) {
		case 0:
			diff := 0
			for i := range a {
				if !bytes.Equal(a[i], b[i]) {
					diff++
				}
			}
			if diff > 1 {
				t.Errorf("SetHash changed %d lines:\n%q\n%q", diff, src, out)
			}
		case 1:
		default:
			t.Errorf("SetHash added %d lines:\n%q\n%q", len(b)-len(a), src, out)
		}
		if _, err := Hash("x.md", src); err != nil {
			return
		}
	})
}
