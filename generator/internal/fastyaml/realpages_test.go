package fastyaml

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/blog"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

// Every front matter of the benchmark corpora and of this repository's
// site: Parse makes the library's node, and takes the corpora's.
func TestParseOnRealPages(t *testing.T) {
	dir := t.TempDir()
	if err := gencorpus.Write(200, filepath.Join(dir, "synthetic")); err != nil {
		t.Fatal(err)
	}
	if err := blog.Write(200, filepath.Join(dir, "blog")); err != nil {
		t.Fatal(err)
	}
	check := func(root string, wantTaken bool) int {
		n := 0
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			raw, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fm, ok := yamlFrontMatter(raw)
			if !ok {
				return nil
			}
			n++
			if !sameAsYAML(t, string(fm)) && wantTaken {
				t.Errorf("%s: Parse refused its front matter %q", p, fm)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := check(filepath.Join(dir, "synthetic"), true); n < 200 {
		t.Errorf("%d synthetic pages", n)
	}
	if n := check(filepath.Join(dir, "blog"), true); n < 200 {
		t.Errorf("%d blog posts", n)
	}
	if _, err := os.Stat("../../../content"); err == nil {
		check("../../../content", false)
	}
}

// yamlFrontMatter returns the text between a file's opening "---" line
// and the next "---" line: the front matter the content package gives
// Parse, for the LF files these tests read.
func yamlFrontMatter(raw []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(raw, []byte("---\n"))
	if !ok {
		return nil, false
	}
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		return nil, false
	}
	return rest[:i+1], true
}
