package fastyaml

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// sameAsYAML checks that Parse, when it takes fm, makes the
// node yaml.Unmarshal makes, and reports whether it took it.
func sameAsYAML(t *testing.T, fm string) bool {
	t.Helper()
	got, ok := Parse([]byte(fm))
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &want); err != nil {
		t.Errorf("Parse took %q, which the YAML library refuses: %v", fm, err)
		return true
	}
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("front matter %q:\nParse     %s\nlibrary   %s", fm, dumpNode(got), dumpNode(&want))
	}
	return true
}

func dumpNode(n *yaml.Node) string {
	var sb strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		c := *n
		c.Content = nil
		fmt.Fprintf(&sb, "\n%s%+v", strings.Repeat("  ", depth), c)
		for _, k := range n.Content {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return sb.String()
}

func TestParseMatchesYAML(t *testing.T) {
	taken := []string{
		"title: \"The fine\"\n",
		"title: The fine\n",
		"title: \"Query Index\"\ndate: 2010-01-01T00:00:00Z\ntags: [\"templates\", \"networking\"]\nsummary: \"Change mountain.\"\ndraft: false\n",
		"title: \"Simple Habit\"\ndate: 2023-07-05T14:54:00Z\nsummary: \"Sync, patient!\"\nauthors: [\"yuki-tanaka\"]\ntags: [\"profiling\"]\n",
		"title: T\nweight: 2\ndate: 2023-10-12\nneeds_citations: true\n",
		"title: T\n\n\nweight: -3\n",
		"title: \"Grève à Oakland — 2024 ✊\"\n",
		"title: \"He said 'no' #1: [x] {y} & *z* !w\"\n",
		"title:    \"spaced\"\ntags: []\naliases: [ /old/ , /older/path.html ]\n",
		"title: T\ntags: [a, b_c, d-e, 2024, 2024-05-01]\n",
		"title: it's done, isn't it (really)?\n",
		"url: http://example.com/a/b\n",
		"title: T\ndate: 2024-05-01 10:30:00\n",
		"title: T\ndate: 2024-05-01T10:30:00+02:00\nexpires: 2024-5-1\n",
		"title: T\nflag: True\nnothing: null\nother: NULL\n",
		"title: a\ntitle: b\n",
		"_hidden: x\nkey-with-dash: y\nKey2: z\n",
		"title: T\ncount: 0\nbig: 123456789012345678\n",
		"title: \"\"\n",
		"summary: \"A \\\"quoted\\\" word, a \\\\ backslash\"\n",
		"title: /path/to\n",
		"title: T", // no final newline
	}
	for _, fm := range taken {
		if !sameAsYAML(t, fm) {
			t.Errorf("Parse refused %q", fm)
		}
	}
	refused := []string{
		"", "\n", "\ntitle: T\n", "title: T # comment\n", "# c\ntitle: T\n", "title: \"a\\nb\"\n", "title: \"a\\x41\"\n", "title: \"a\\\"\n",
		"title: 'single'\n", "title: T \n", "title:\n", "title: \n", "title:T\n", "tags:\n  - a\n",
		"params:\n  a: b\n", " title: T\n", "title: \"a\" \n", "title: \"tab\there\"\n", "title: a: b\n",
		"title: a:\n", "weight: 1.5\n", "weight: 012\n", "weight: 0x1F\n", "date: 2024-13-45\n",
		"title: &a T\n", "title: *a\n", "title: !!str T\n", "title: |\n  block\n", "title: >\n  fold\n",
		"tags: [a, [b]]\n", "tags: [a,]\n", "tags: [\"a\" \"b\"]\n", "tags: [a\n", "tags: [a] x\n",
		"tags: [true]\n", "tags: {a: b}\n", "title: -x\n", "title: - x\n", "true: x\n", "null: x\n",
		"title: ~\n", "title: .inf\n", "title: \"a\x01b\"\n", "title: \"\ufeff\"\n", "title: T\r\n",
		"title: \" \u2029\"\n", "title: \"a\u2028b\"\n", "title: \"a\u0085b\"\n",
		"title: T\n  continued\n", "huge: 1234567890123456789012\n", "title: \"unterminated\n",
	}
	for _, fm := range refused {
		if sameAsYAML(t, fm) {
			t.Errorf("Parse took %q, which it should leave to the library", fm)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"title: \"The fine\"\ndate: 2010-01-01T00:00:00Z\ntags: [\"a\", \"b\"]\ndraft: false\n",
		"title: T\nweight: -3\ntags: [a, 2024]\n",
		"title: it's, done: (x)\nurl: http://x.y/z\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fm string) {
		sameAsYAML(t, fm)
	})
}
