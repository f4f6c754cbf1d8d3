package yamlnode

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// documents are YAML texts of every shape: the explainer's data files and
// settings are added to them.
var documents = []string{
	"",
	"a: 1\n",
	"# head\nkey: \"quoted\" # line\nlist:\n  - one\n  - 'two'\n  - {x: 1, y: [a, b]}\n# foot\n",
	"date: 2024-10-21\nempty:\nnull: ~\nbool: true\nfloat: 1.5e3\n",
	"anchor: &a {x: 1}\n",
	"text: |\n  a block\n  of lines\nfolded: >-\n  folded\n  text\n",
	"- [[[[deep]]]]\n- !!str 12\n- !custom tagged\n",
	"---\nonly: the first document\n",
}

func parse(t testing.TB, text string) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return &doc
}

// TestDecodeGivesWhatParsingGives parses documents with the YAML library,
// writes and reads each tree, and compares it with the parsed one.
func TestDecodeGivesWhatParsingGives(t *testing.T) {
	texts := append([]string(nil), documents...)
	for _, pattern := range []string{"../../../content/data/*.yaml", "../../../content/site.yaml", "../../../layouts/i18n/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	if len(texts) < len(documents)+10 {
		t.Fatalf("found %d of the repository's YAML files, want at least 10", len(texts)-len(documents))
	}
	for _, text := range texts {
		doc := parse(t, text)
		b, ok := Append([]byte("prefix"), doc)
		if !ok {
			t.Fatalf("%.40q: not written", text)
		}
		got, ok := Decode(b[len("prefix"):])
		if !ok {
			t.Fatalf("%.40q: not read back", text)
		}
		if !reflect.DeepEqual(got, doc) {
			t.Errorf("%.40q: read back\n%#v\nwant\n%#v", text, got, doc)
		}
	}
}

func TestAliasesAreNotWritten(t *testing.T) {
	doc := parse(t, "a: &x 1\nb: *x\n")
	if b, ok := Append([]byte("kept"), doc); ok || string(b) != "kept" {
		t.Errorf("a tree with an alias was written: %q, %v", b, ok)
	}
	deep := &yaml.Node{Kind: yaml.SequenceNode}
	for n, i := deep, 0; i <= maxDepth; i++ {
		c := &yaml.Node{Kind: yaml.SequenceNode}
		n.Content = []*yaml.Node{c}
		n = c
	}
	if _, ok := Append(nil, deep); ok {
		t.Error("a tree deeper than Decode reads was written")
	}
}

func TestDamagedBytesAreRefused(t *testing.T) {
	b, _ := Append(nil, parse(t, documents[2]))
	for i := range len(b) {
		if _, ok := Decode(b[:i]); ok {
			t.Errorf("the first %d of %d bytes were read as a tree", i, len(b))
		}
	}
	if _, ok := Decode(append(b, 0)); ok {
		t.Error("a tree followed by a byte was read")
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, d := range documents {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(text), &doc) != nil {
			return
		}
		b, ok := Append(nil, &doc)
		if !ok {
			return
		}
		got, ok := Decode(b)
		if !ok || !reflect.DeepEqual(got, &doc) {
			t.Fatalf("%q: read back %#v, %v", text, got, ok)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, d := range documents {
		var doc yaml.Node
		yaml.Unmarshal([]byte(d), &doc)
		b, _ := Append(nil, &doc)
		f.Add(b)
	}
	f.Add([]byte(strings.Repeat("\x01", 40)))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, ok := Decode(b)
		if !ok {
			return
		}
		again, ok := Append(nil, n)
		if !ok {
			t.Fatalf("%q read as a tree that cannot be written", b)
		}
		if m, ok := Decode(again); !ok || !reflect.DeepEqual(m, n) {
			t.Fatalf("%q: written again, it reads as %#v", b, m)
		}
	})
}

// BenchmarkDecode reads back this site's data files, as a build with the
// YAML cache does (against BenchmarkParse: parsing them).
func BenchmarkDecode(b *testing.B) {
	var encoded [][]byte
	for _, text := range siteData(b) {
		enc, ok := Append(nil, parse(b, text))
		if !ok {
			b.Fatal("not written")
		}
		encoded = append(encoded, enc)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range encoded {
			if _, ok := Decode(e); !ok {
				b.Fatal("not read")
			}
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data := siteData(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range data {
			parse(b, text)
		}
	}
}

// siteData returns the text of this site's data files.
func siteData(tb testing.TB) []string {
	files, err := filepath.Glob("../../../content/data/*.yaml")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no data files: %v", err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}
