package markdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// registry is a Cite hook over a fixed set of keys, numbering them in order of
// first citation the way the site does.
type registry struct {
	known   map[string]bool
	numbers map[string]int
	calls   []string
}

func newRegistry(keys ...string) *registry {
	r := &registry{known: map[string]bool{}, numbers: map[string]int{}}
	for _, k := range keys {
		r.known[k] = true
	}
	return r
}

func (r *registry) cite(key string) (int, error) {
	r.calls = append(r.calls, key)
	if !r.known[key] {
		return 0, fmt.Errorf("unknown source %q", key)
	}
	if r.numbers[key] == 0 {
		r.numbers[key] = len(r.numbers) + 1
	}
	return r.numbers[key], nil
}

func ref(key string, n int, id string) string {
	return `<a href="#source-` + key + `" id="` + id + `" aria-label="Source ` +
		fmt.Sprint(n) + `">` + fmt.Sprint(n) + `</a>`
}

func TestCitations(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"single", "Settled [@dmhc-2023].",
			`<p>Settled <sup class="cite">[` + ref("dmhc-2023", 1, "c1-1") + `]</sup>.</p>`},
		{"multiple", "Both [@a; @b].",
			`<p>Both <sup class="cite">[` + ref("a", 1, "c1-1") + `, ` + ref("b", 2, "c2-1") + `]</sup>.</p>`},
		{"no space after semicolon", "[@a;@b]",
			`<p><sup class="cite">[` + ref("a", 1, "c1-1") + `, ` + ref("b", 2, "c2-1") + `]</sup></p>`},
		{"numbers follow first citation", "[@b] x [@a] y [@b]",
			`<p><sup class="cite">[` + ref("b", 1, "c1-1") + `]</sup> x <sup class="cite">[` + ref("a", 2, "c2-1") +
				`]</sup> y <sup class="cite">[` + ref("b", 1, "c1-2") + `]</sup></p>`},
		{"key punctuation", "[@laist:2024-10.21_x]",
			`<p><sup class="cite">[` + ref("laist:2024-10.21_x", 1, "c1-1") + `]</sup></p>`},
		{"inside emphasis", "*[@a]*", `<p><em><sup class="cite">[` + ref("a", 1, "c1-1") + `]</sup></em></p>`},
		{"numbers in ascending order", "[@a] then [@b; @a]",
			`<p><sup class="cite">[` + ref("a", 1, "c1-1") + `]</sup> then <sup class="cite">[` +
				ref("a", 1, "c1-2") + `, ` + ref("b", 2, "c2-1") + `]</sup></p>`},
		{"a key given twice shows once", "[@a; @a]",
			`<p><sup class="cite">[` + ref("a", 1, "c1-1") + `]</sup></p>`},
		{"adjacent citations share a bracket", "x [@b] [@a][@dmhc-2023]\n[@b].",
			`<p>x <sup class="cite">[` + ref("b", 1, "c1-1") + `, ` + ref("a", 2, "c2-1") + `, ` +
				ref("dmhc-2023", 3, "c3-1") + `]</sup>.</p>`},
		{"citations apart keep their brackets", "[@a], [@b]",
			`<p><sup class="cite">[` + ref("a", 1, "c1-1") + `]</sup>, <sup class="cite">[` + ref("b", 2, "c2-1") + `]</sup></p>`},
		{"hard line break keeps brackets apart", "[@a]\\\n[@b]",
			`<p><sup class="cite">[` + ref("a", 1, "c1-1") + `]</sup><br>` + "\n" + `<sup class="cite">[` + ref("b", 2, "c2-1") + `]</sup></p>`},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry("a", "b", "dmhc-2023", "laist:2024-10.21_x")
			r := convert(t, c, tt.src, &PageContext{Cite: reg.cite})
			if got := strings.TrimSpace(string(r.HTML)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if len(r.Problems) != 0 {
				t.Errorf("problems: %v", r.Problems)
			}
		})
	}
}

func TestCitationFallsThrough(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"space after @", "[@ not a key]", "<p>[@ not a key]</p>"},
		{"no @", "[email@x]", "<p>[email@x]</p>"},
		{"link", "[@user](https://x.org/user)", `<p><a href="https://x.org/user">@user</a></p>`},
		{"full reference link", "[@user][u]\n\n[u]: https://x.org", `<p><a href="https://x.org">@user</a></p>`},
		{"shortcut reference link", "[@user]\n\n[@user]: https://x.org", `<p><a href="https://x.org">@user</a></p>`},
		{"inside link text", "[see [@a]](x.md)", `<p><a href="x.md">see [@a]</a></p>`},
		{"inside image alt", "![[@a]](i.png)", "<figure>\n<img src=\"i.png\" alt=\"[@a]\" decoding=\"async\">\n</figure>"},
		{"escaped bracket", `\[@a]`, "<p>[@a]</p>"},
		{"trailing punctuation", "[@a.]", "<p>[@a.]</p>"},
		{"comma separator", "[@a, @b]", "<p>[@a, @b]</p>"},
		{"unclosed", "[@a", "<p>[@a</p>"},
		{"across lines", "[@a;\n@b]", "<p>[@a;\n@b]</p>"},
		{"in code span", "`[@a]`", "<p><code>[@a]</code></p>"},
		{"footnote", "x[^a]\n\n[^a]: y", `<p>x<sup id="fnref:1">`},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry("a", "b", "user")
			r := convert(t, c, tt.src, &PageContext{Cite: reg.cite})
			if got := string(r.HTML); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if len(reg.calls) != 0 {
				t.Errorf("Cite was called for %q", reg.calls)
			}
		})
	}
}

func TestCitationProblems(t *testing.T) {
	src := "\n\n\n“Quoted” ü [@a; @nope] and [@nope].\n"
	reg := newRegistry("a")
	r := convert(t, New(Options{}), src, &PageContext{Cite: reg.cite})
	want := []Problem{
		{4, 12, `unknown source "nope"`},
		{4, 28, `unknown source "nope"`},
	}
	if !slices.Equal(r.Problems, want) {
		t.Errorf("problems %v\nwant     %v", r.Problems, want)
	}
	if html := string(r.HTML); !strings.Contains(html, `aria-label="Unknown source">?</a>`) {
		t.Errorf("unknown key not marked:\n%s", html)
	}
	if !slices.Equal(r.Citations, []string{"a", "nope"}) {
		t.Errorf("Citations %q", r.Citations)
	}
}

func TestCiteCalledInDocumentOrder(t *testing.T) {
	src := "[@a] x[^1] [@b; @a]\n\n[^1]: [@c]\n\n[@d]\n"
	reg := newRegistry("a", "b", "c", "d")
	r := convert(t, New(Options{}), src, &PageContext{Cite: reg.cite})
	// Footnote bodies render at the end, so they are cited last.
	if want := []string{"a", "b", "a", "d", "c"}; !slices.Equal(reg.calls, want) {
		t.Errorf("calls %q, want %q", reg.calls, want)
	}
	if want := []string{"a", "b", "d", "c"}; !slices.Equal(r.Citations, want) {
		t.Errorf("Citations %q, want %q", r.Citations, want)
	}
}

func TestScanCitation(t *testing.T) {
	tests := []struct {
		in   string
		keys []string
		n    int
	}{
		{"[@a]", []string{"a"}, 4},
		{"[@a] tail", []string{"a"}, 4},
		{"[@a; @b]", []string{"a", "b"}, 8},
		{"[@a ;  @b ]", []string{"a", "b"}, 11},
		{"[@x-1.2:3_4]", []string{"x-1.2:3_4"}, 12},
		{"[@Ärzte2024]", []string{"Ärzte2024"}, 13},
		{"[@a-]", nil, 0},
		{"[@-a]", nil, 0},
		{"[@]", nil, 0},
		{"[@a;]", nil, 0},
		{"[ @a]", nil, 0},
		{"[@a b]", nil, 0},
		{"[@a", nil, 0},
		{"@a]", nil, 0},
		{"", nil, 0},
	}
	for _, tt := range tests {
		keys, n := scanCitation([]byte(tt.in))
		if n != tt.n || !slices.Equal(keys, tt.keys) {
			t.Errorf("scanCitation(%q) = %q, %d; want %q, %d", tt.in, keys, n, tt.keys, tt.n)
		}
	}
}

func TestAppendCiteHTML(t *testing.T) {
	got := string(AppendCiteHTML(nil, []CiteRef{{Key: "a", Number: 3}, {Key: `x"y`, Number: 0}}))
	want := `<sup class="cite">[<a href="#source-a" aria-label="Source 3">3</a>, ` +
		`<a href="#source-x&quot;y" aria-label="Unknown source">?</a>]</sup>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got = string(AppendCiteHTML(nil, []CiteRef{{Key: "b", Number: 2, ID: "c2-4"}}))
	if want := `<sup class="cite">[<a href="#source-b" id="c2-4" aria-label="Source 2">2</a>]</sup>`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestSortCiteRefs(t *testing.T) {
	got := SortCiteRefs([]CiteRef{{Key: "x", Number: 0}, {Key: "c", Number: 7}, {Key: "a", Number: 3}, {Key: "c", Number: 7, ID: "again"}, {Key: "b", Number: 5}})
	want := []CiteRef{{Key: "a", Number: 3}, {Key: "b", Number: 5}, {Key: "c", Number: 7}, {Key: "x", Number: 0}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestCiteIDs(t *testing.T) {
	reg := newRegistry("a", "b")
	// An unknown key gets no id.
	r := convert(t, New(Options{}), "[@a] x [@b; @a]\n\n## C1 1\n\n[@a] [@nope]\n", &PageContext{Cite: reg.cite})
	want := map[string][]string{"a": {"c1-1", "c1-2", "c1-3"}, "b": {"c2-1"}}
	if fmt.Sprint(r.CiteIDs) != fmt.Sprint(want) {
		t.Errorf("CiteIDs = %v, want %v", r.CiteIDs, want)
	}
	for _, id := range []string{"c1-1", "c1-3", "c2-1"} {
		if !slices.Contains(r.IDs, id) {
			t.Errorf("IDs %q lack %q", r.IDs, id)
		}
	}
	// A heading whose slug equals a citation id gets another id.
	if !strings.Contains(string(r.HTML), `<h2 id="c1-1-1">`) {
		t.Errorf("heading id clashes with a citation id:\n%s", r.HTML)
	}
}

func FuzzCitation(f *testing.F) {
	for _, s := range []string{"[@a]", "[@a; @b]", "[@ x]", "[email@x]", "[@a](x)", "[@a][b]", "[@é-1:x.y_z]", "[@a;@b;@c ]", "[[@a]]"} {
		f.Add(s)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, s string) {
		keys, n := scanCitation([]byte(s))
		if n > 0 {
			if s[0] != '[' || s[n-1] != ']' || len(keys) == 0 {
				t.Fatalf("scanCitation(%q) = %q, %d", s, keys, n)
			}
			for _, k := range keys {
				first, _ := utf8.DecodeRuneInString(k)
				last, _ := utf8.DecodeLastRuneInString(k)
				if !isKeyEnd(first) || !isKeyEnd(last) || strings.ContainsAny(k, " \t;]@") {
					t.Fatalf("scanCitation(%q): bad key %q", s, k)
				}
			}
		} else if keys != nil {
			t.Fatalf("scanCitation(%q) returned keys without a match", s)
		}
		reg := newRegistry("a")
		r, err := c.Convert([]byte("x "+s+" y"), &PageContext{Cite: reg.cite})
		if err != nil {
			t.Fatal(err)
		}
		unknown := 0
		for _, k := range reg.calls {
			if k != "a" {
				unknown++
			}
		}
		if len(r.Problems) != unknown {
			t.Fatalf("problems %v for calls %q", r.Problems, reg.calls)
		}
	})
}

func isKeyEnd(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
