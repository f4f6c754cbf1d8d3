package content

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/bench/corpus"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
	"go.yaml.in/yaml/v3"
)

// nodeDiff compares two yaml.v3 trees field by field (kind, style, tag,
// value, anchor, alias, comments, line, column, content) and describes the
// first difference with its path from the root, or returns "".
func nodeDiff(path string, got, want *yaml.Node) string {
	if got == nil || want == nil {
		if got != want {
			return fmt.Sprintf("%s: got %v, want %v", path, got, want)
		}
		return ""
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"Kind", got.Kind, want.Kind},
		{"Style", got.Style, want.Style},
		{"Tag", got.Tag, want.Tag},
		{"Value", got.Value, want.Value},
		{"Anchor", got.Anchor, want.Anchor},
		{"Alias", got.Alias != nil, want.Alias != nil},
		{"HeadComment", got.HeadComment, want.HeadComment},
		{"LineComment", got.LineComment, want.LineComment},
		{"FootComment", got.FootComment, want.FootComment},
		{"Line", got.Line, want.Line},
		{"Column", got.Column, want.Column},
		{"len(Content)", len(got.Content), len(want.Content)},
		{"Content == nil", got.Content == nil, want.Content == nil},
	} {
		if f.got != f.want {
			return fmt.Sprintf("%s.%s: got %#v, want %#v", path, f.name, f.got, f.want)
		}
	}
	if got.Alias != nil {
		if d := nodeDiff(path+".Alias", got.Alias, want.Alias); d != "" {
			return d
		}
	}
	for i := range got.Content {
		if d := nodeDiff(fmt.Sprintf("%s.Content[%d]", path, i), got.Content[i], want.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// checkFastYAML parses src with both parsers. When fastYAML accepts src, its
// tree must be yaml.v3's exactly. It reports whether fastYAML accepted.
func checkFastYAML(t *testing.T, src []byte) bool {
	t.Helper()
	got, ok := fastYAML(src)
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(src, &want); err != nil {
		t.Fatalf("fastYAML accepted %q, which yaml.v3 rejects: %v", src, err)
	}
	if d := nodeDiff("doc", got, &want); d != "" {
		t.Fatalf("fastYAML(%q): %s", src, d)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("fastYAML(%q): trees are not deeply equal", src)
	}
	return true
}

var fastYAMLAccept = []string{
	"",
	"\n\n",
	"  \n \n",
	"title: A\n",
	"title: A",
	"\n\ntitle: A\n\n",
	"title: \"Site Constant Sort Import Close Build\"\ndate: 2014-10-24T07:00:00Z\ntags: [\"databases\", \"go\"]\nsummary: \"Over buffer simple version over season throughput?\"\ndraft: false\n",
	"title: The $200 million settlement (2023)\ndate: 2026-11-26\nweight: 3\ntoc: true\nneeds_citations: true\n",
	"description: What Southern California workers asked for in the 2024–25 strike, and Kaiser's offer.\n",
	"title: \"The Southern California strike: demands and outcome\"\n",
	"title: 'it''s'\nb: ''\nc: \"\"\nd: 'a \\ b'\n",
	"a: \"tab\\there \\\"q\\\" \\\\ \\0\\a\\b\\n\\v\\f\\r\\e\\ \\'\\N\\_\\L\\P\"\n",
	"a: \"\\x41\\xe9\\u00e9\\u2028\\U0001F600\"\n",
	"a: \"# not a comment\"\nb: 'x # y'\n",
	"a: [a, b c,  d  , \"e\", 'f']\nb: []\nc: [ ]\nd: [-1, 2, x-y]\n",
	"a:\nb:   \nc: 1\n",
	"a:",
	"key_numbers:\n  - value: \"About 2,400\"\n    label: Southern California workers\n    cite: laist-2024-10-21\n  - value: \"$50 million\"\n    label: The fine\n",
	"aliases:\n- /old/\n- /older/\ntags:\n  - a\n  -   b\n",
	"params:\n  x: 1\n  y:\n    z: [a]\n    w:\n    - q\n  v: true\nafter: x\n",
	"k:\n- a:\n  - x\n  b: 1\n",
	"a:\n  - x\n  -  y: 1\n     z: 2\nb: c\n",
	"a: é [ü, ö]\nb: [é, 'ü', x]\n",
	"a: b:c\nurl: https://example.org/a?b=c&d\n",
	"a: x y  z   \n",
	"a: 'x'   \nb: [x]  \n",
	"a: x &b\n",
	"a: it's \"quoted\" later\n",
	"a: about 2,400 [sic] {x}\n",
	// Tag resolution.
	"a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: True\nh: FALSE\ni: tRue\n",
	"a: null\nb: ~\nc: Null\nd: NULL\ne: nULL\n",
	"a: 1\nb: -1\nc: +1\nd: 0x1F\ne: 0o17\nf: 012\ng: 0b101\nh: -0b101\ni: 1_000\nj: 09\nk: 0x\n",
	"a: 1.5\nb: .5\nc: 1e3\nd: -1.5e-3\ne: .inf\nf: -.Inf\ng: +.INF\nh: .nan\ni: .NaN\nj: 1.\nk: .\nl: 1e\nm: 1.2.3\n",
	"a: 99999999999999999999\nb: 18446744073709551615\nc: -9223372036854775809\nd: 0x_1\ne: 1__0\n",
	"a: 2001-12-14t21:59:43.10-05:00\nb: 2001-12-14 21:59:43.10\nc: 2002-12-14\nd: 2024-13-45\ne: 2024-1-2\nf: 12024-01-02\ng: 2025-05\n",
	"1: a\ntrue: b\nnull: c\n1.5: d\nx.y: e\nx-y_z: f\n",
	"a: -x\nb: -.5\nc: --x\nd: <x\ne: =\n",
}

var fastYAMLReject = []string{
	"a: b\na: c\n",            // duplicate key
	"# comment\na: b\n",       // comment
	"a: b # comment\n",        // comment
	"a: [b] # comment\n",      // comment
	"a: &x b\n",               // anchor
	"a: !!str b\n",            // tag
	"a: |\n  b\n",             // block scalar
	"a: >-\n  b\n",            // block scalar
	"a: {b: c}\n",             // flow mapping
	"a: [[b]]\n",              // nested flow sequence
	"a: [b, {c: d}]\n",        // flow mapping in a sequence
	"a: [b,\n  c]\n",          // multi-line flow sequence
	"a: [b, ]\n",              // trailing comma
	"a: [b:c]\n",              // colon in a flow scalar
	"a: [b?]\n",               // question mark in a flow scalar
	"a: [b] c\n",              // text after a flow sequence
	"a: b\n  c\n",             // multi-line plain scalar
	"a: \"b\n  c\"\n",         // multi-line quoted scalar
	"a: \"b\\\n  c\"\n",       // escaped line break
	"a: \"b\\/\"\n",           // unknown escape
	"a: \"\\ud800\"\n",        // surrogate escape
	"a: \"\\x4\"\n",           // short escape
	"a: \"b\" c\n",            // text after a quoted scalar
	"a:\tb\n",                 // tab
	"a: b\r\n",                // carriage return
	"\ufeffa: b\n",            // byte order mark
	"a: b\u2028c\n",           // line separator
	"a: b\u0085c\n",           // NEL
	"a: caf\xe9\n",            // invalid UTF-8
	"a: \x01\n",               // control character
	"? a\n: b\n",              // complex key
	"\"a\": b\n",              // quoted key
	"a b: c\n",                // key with a space
	"a : b\n",                 // space before the colon
	"a: b: c\n",               // mapping in a value
	"a: b:\n",                 // colon at the end of a value
	"a: - b\n",                // sequence in a value
	"- a\n- b\n",              // sequence at the root
	"a\n",                     // scalar at the root
	"  a: b\n",                // indented root
	"a: b\n c: d\n",           // more indented key after a scalar
	"a:\n  b: 1\n c: 2\n",     // key between two indentations
	"a:\n  - b\n  c: d\n",     // key after a sequence at its indentation
	"a:\n  -\n  - b\n",        // empty entry
	"a:\n  -\n    b\n",        // entry on the next line
	"a:\n  b\n",               // scalar on the next line
	"---\na: b\n",             // document marker
	"a: b\n...\n",             // document end marker
	"%YAML 1.2\n---\na: b\n",  // directive
	"<<: {a: b}\n",            // merge key
	"a: <<\n",                 // merge value
	"a: [<<]\n",               // merge value in a sequence
	"a: |b\n",                 // indicator start
	"a: @b\n",                 // reserved indicator
	"a: `b\n",                 // reserved indicator
	"a: %b\n",                 // directive indicator
	"a: ?b\n",                 // question mark start
	"a: :b\n",                 // colon start
	"a: 'b\n",                 // unterminated single quote
	"a: \"b\n",                // unterminated double quote
	"a: [b\n",                 // unterminated flow sequence
	"a: [-]\n",                // dash in a flow sequence
	"a: b\n- c\n",             // entry where a key belongs
	"- a: b\n - c\n",          // misaligned entry
	"a:\n- b\n - c\n",         // misaligned entry
	"a:\n  - b\n    c\n",      // continuation of an entry
	"a: x #y\n",               // comment after a plain scalar
	"a: x#y\n",                // any # in a plain scalar
	"a: b\n\n  c\n",           // continuation after a blank line
	"a:\n  - - x\n",           // nested block sequence
	"a: *b\n",                 // alias
	"a:\n  - b: 1\n   c: 2\n", // key between two indentations
}

func TestFastYAMLAccepts(t *testing.T) {
	for _, src := range fastYAMLAccept {
		if !checkFastYAML(t, []byte(src)) {
			t.Errorf("fastYAML(%q) fell back to yaml.v3", src)
		}
	}
}

func TestFastYAMLRejects(t *testing.T) {
	for _, src := range fastYAMLReject {
		if checkFastYAML(t, []byte(src)) {
			t.Errorf("fastYAML(%q) accepted", src)
		}
	}
}

// corpusFrontMatter returns the front matter of the first n pages of the
// benchmark corpus.
func corpusFrontMatter(tb testing.TB, n int) [][]byte {
	tb.Helper()
	var fms [][]byte
	for i := range n {
		fm, _, ok, err := splitFrontMatter([]byte(corpus.Page(i, 1000)))
		if !ok || err != nil {
			tb.Fatalf("corpus page %d: no front matter (%v)", i, err)
		}
		fms = append(fms, fm)
	}
	return fms
}

// TestFastYAMLCorpus checks that fastYAML reads every page of the benchmark
// corpus, and builds yaml.v3's tree for them and for every page of the real
// site that it reads.
func TestFastYAMLCorpus(t *testing.T) {
	for i, fm := range corpusFrontMatter(t, 300) {
		if !checkFastYAML(t, fm) {
			t.Errorf("corpus page %d: fastYAML fell back to yaml.v3 on %q", i, fm)
		}
	}
	root := sitecheck.FindRepoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "content", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no content/*.md under %s (%v)", root, err)
	}
	accepted := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fm, _, ok, err := splitFrontMatter(normalize(raw))
		if !ok || err != nil {
			t.Fatalf("%s: no front matter (%v)", f, err)
		}
		if checkFastYAML(t, fm) {
			accepted++
		} else {
			t.Logf("%s: fastYAML falls back to yaml.v3", filepath.Base(f))
		}
	}
	t.Logf("fastYAML reads %d of %d content/*.md front matters", accepted, len(files))
}

// TestParsePageFastYAML checks that a page parses to the same result
// whichever parser reads its front matter: yaml.v3's when the fast path
// declines.
func TestParsePageFastYAML(t *testing.T) {
	src := "---\ntitle: A\ndate: 2024-10-21\ntags: [a, b]\nweight: 3\n---\nBody.\n"
	p, ds := parsePage("a.md", []byte(src), "h")
	if p == nil || ds.HasErrors() {
		t.Fatalf("parsePage: %v", ds)
	}
	if p.Title != "A" || p.Weight != 3 || len(p.Tags) != 2 || p.FieldPos["weight"] != (Pos{5, 1}) {
		t.Errorf("page %+v", p)
	}
}

// genScalars are plain scalars for genYAML, many of them tricky for tag
// resolution or not plain at all.
var genScalars = []string{
	"a", "b c", "x y  z", "Kaiser's offer", "true", "False", "tRUE", "yes", "on", "null", "~", "1", "-1", "+1",
	"0x1F", "0o17", "012", "09", "1_000", "0b101", "-0b1", "-0o7", "99999999999999999999", "1.5", ".5", "1.",
	"1e3", "-1.5e-3", ".inf", "-.Inf", "+.INF", ".nan", "1.2.3", "2024-01-02", "2024-1-2", "2014-10-24T07:00:00Z",
	"2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2024-13-45", "2025-05", "-", "-x", "--", "---",
	"a:b", "a: b", "a:", "a#b", "a #b", "é", "ü x", "2024–25", "<<", "<x", "[x]", "{x}", "a,b", "a]", ",a",
	"'q'", "\"q\"", "it's", "*x", "&x", "!x", "?x", ":x", "%x", "@x", "`x", "|", ">", "x &y", "https://a.org/b?c",
}

// genQuoted are quoted scalars for genYAML.
var genQuoted = []string{
	`""`, `''`, `"a b"`, `'a b'`, `"it's"`, `'it''s'`, `"a\"b"`, `"a\\b"`, `"\x41\u00e9\U0001F600"`, `"\t\n\0\ \_"`,
	`"\/"`, `"\q"`, `"\ud800"`, `'a\b'`, `"# x"`, `"a: b"`, `"é"`, `"x"y`, `'x' `, `"x`,
}

// genYAML writes a random YAML document made of the pieces fastYAML reads,
// with random spacing and some pieces it does not.
func genYAML(r *rand.Rand) string {
	var b strings.Builder
	var value func(ind, depth int, inItem bool)
	scalar := func(flow bool) string {
		if r.IntN(3) == 0 {
			return genQuoted[r.IntN(len(genQuoted))]
		}
		s := genScalars[r.IntN(len(genScalars))]
		if flow && strings.ContainsAny(s, ",[]{}") {
			s = "a"
		}
		return s
	}
	spaces := func(max int) string { return strings.Repeat(" ", r.IntN(max+1)) }
	blank := func() {
		if r.IntN(6) == 0 {
			b.WriteString(spaces(3) + "\n")
		}
	}
	inline := func() {
		if r.IntN(4) == 0 {
			b.WriteString("[" + spaces(1))
			n := r.IntN(4)
			for i := range n {
				if i > 0 {
					b.WriteString(spaces(1) + "," + spaces(2))
				}
				b.WriteString(scalar(true))
			}
			b.WriteString(spaces(1) + "]")
		} else {
			b.WriteString(scalar(false))
		}
		b.WriteString(spaces(2) + "\n")
	}
	keys := []string{"a", "b", "title", "date", "x_y", "k-1", "1", "true", "null", "a.b", "a"}
	mapping := func(ind, depth int, first bool) {
		for i, n := 0, 1+r.IntN(3); i < n; i++ {
			if !first || i > 0 {
				blank()
				b.WriteString(strings.Repeat(" ", ind))
			}
			b.WriteString(keys[r.IntN(len(keys))] + ":")
			value(ind, depth, false)
		}
	}
	sequence := func(ind, depth int) {
		for i, n := 0, 1+r.IntN(3); i < n; i++ {
			blank()
			b.WriteString(strings.Repeat(" ", ind) + "-")
			sp := 1 + r.IntN(3)
			b.WriteString(strings.Repeat(" ", sp))
			if depth < 3 && r.IntN(3) == 0 {
				mapping(ind+1+sp, depth+1, true)
			} else {
				inline()
			}
		}
	}
	value = func(ind, depth int, inItem bool) {
		switch k := r.IntN(8); {
		case k == 0 || depth >= 3 && k >= 5:
			b.WriteString(spaces(2) + "\n") // null
		case k < 5:
			b.WriteString(" " + spaces(2))
			inline()
		case k == 5:
			b.WriteString(spaces(1) + "\n")
			mapping(ind+1+r.IntN(3), depth+1, false)
		case k == 6:
			b.WriteString(spaces(1) + "\n")
			sequence(ind+1+r.IntN(3), depth+1)
		default:
			b.WriteString(spaces(1) + "\n")
			sequence(ind, depth+1) // indentless
		}
	}
	blank()
	mapping(0, 0, false)
	blank()
	return b.String()
}

// TestFastYAMLGenerated compares fastYAML with yaml.v3 on random documents
// built from the pieces fastYAML reads, which byte-level fuzzing rarely
// reaches.
func TestFastYAMLGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n, accepted := 20000, 0
	if testing.Short() {
		n = 2000
	}
	for range n {
		if checkFastYAML(t, []byte(genYAML(r))) {
			accepted++
		}
	}
	t.Logf("fastYAML read %d of %d generated documents", accepted, n)
	if accepted < n/10 {
		t.Errorf("fastYAML read only %d of %d generated documents", accepted, n)
	}
}

func FuzzFastYAML(f *testing.F) {
	for _, s := range fastYAMLAccept {
		f.Add([]byte(s))
	}
	for _, s := range fastYAMLReject {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFastYAML(t, src)
	})
}

// BenchmarkFrontMatter parses corpus front matter with yaml.v3 and with
// fastYAML; one op is one page's front matter.
func BenchmarkFrontMatter(b *testing.B) {
	fms := corpusFrontMatter(b, 300)
	size := 0
	for _, fm := range fms {
		size += len(fm)
	}
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size / len(fms)))
		i := 0
		for b.Loop() {
			var doc yaml.Node
			if err := yaml.Unmarshal(fms[i%len(fms)], &doc); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size / len(fms)))
		i := 0
		for b.Loop() {
			if _, ok := fastYAML(fms[i%len(fms)]); !ok {
				b.Fatal("fell back")
			}
			i++
		}
	})
}
