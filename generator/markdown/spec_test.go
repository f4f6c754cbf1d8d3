package markdown

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goldmarkCases returns the Markdown inputs of goldmark's own tests, from
// the module cache: every example of the CommonMark spec (_test/spec.json)
// and every case of goldmark's extension and extra case files.
func goldmarkCases(t testing.TB) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Fatalf("go list goldmark: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	data, err := os.ReadFile(filepath.Join(dir, "_test", "spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec []struct{ Markdown string }
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, ex := range spec {
		inputs = append(inputs, ex.Markdown)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "extension", "_test", "*.txt"))
	extra, _ := filepath.Glob(filepath.Join(dir, "_test", "*.txt"))
	for _, f := range append(files, extra...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Cases end with a //= = =// line; their parts are separated by
		// //- - -// lines: a name, the input, the expected HTML.
		for _, c := range strings.Split(string(data), "//= = = = = = = = = = = = = = = = = = = = = = = =//") {
			parts := strings.Split(c, "//- - - - - - - - -//\n")
			if len(parts) >= 3 {
				inputs = append(inputs, parts[1])
			}
		}
	}
	if len(spec) < 600 || len(inputs)-len(spec) < 50 {
		t.Fatalf("found %d spec examples and %d extension cases; want the whole suites", len(spec), len(inputs)-len(spec))
	}
	return inputs
}

// TestLeanParsersMatchOnGoldmarkCases converts every input of goldmark's
// own test suites with the parser variant Convert picks and with the
// reference parser, and wants the same result.
func TestLeanParsersMatchOnGoldmarkCases(t *testing.T) {
	inputs := goldmarkCases(t)
	c := New(Options{}) // as reference is configured
	seen := map[features]int{}
	for _, in := range inputs {
		seen[pageFeatures([]byte(in))]++
		sameAsReference(t, c, []byte(in))
	}
	if len(seen) < 4 {
		t.Errorf("goldmark's cases exercise only %d parser variants: %v", len(seen), seen)
	}
}
