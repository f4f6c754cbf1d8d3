package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/blog"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/fastyaml"
)

// sameAsYAML checks that fastyaml.Parse, when it takes fm, makes the
// node yaml.Unmarshal makes, and reports whether it took it.
func sameAsYAML(t *testing.T, fm string) bool {
	t.Helper()
	got, ok := fastyaml.Parse([]byte(fm))
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &want); err != nil {
		t.Errorf("fastyaml took %q, which the YAML library refuses: %v", fm, err)
		return true
	}
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("front matter %q: fastyaml's node differs from the library's", fm)
	}
	return true
}

// Every front matter of the benchmark corpora and of this repository's
// site: the fast path makes the library's node, and takes the corpora's.
func TestFastYAMLOnRealPages(t *testing.T) {
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
			fm, _, ok, err := splitFrontMatter(normalize(raw))
			if !ok || err != nil {
				return nil
			}
			n++
			if !sameAsYAML(t, string(fm)) && wantTaken {
				t.Errorf("%s: the fast path refused its front matter %q", p, fm)
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
	if _, err := os.Stat("../../content"); err == nil {
		check("../../content", false)
	}
}
