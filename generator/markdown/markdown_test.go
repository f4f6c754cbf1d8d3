package markdown

import (
	"slices"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
)

func convert(t testing.TB, c *Converter, src string, pc *PageContext) *Result {
	t.Helper()
	r, err := c.Convert([]byte(src), pc)
	if err != nil {
		t.Fatalf("Convert(%q): %v", src, err)
	}
	return r
}

func anchor(id string) string {
	return ` <a class="anchor" href="#` + id + `" aria-hidden="true" tabindex="-1">#</a>`
}

func TestHeadingIDsAndAnchors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"slug", "## The fine", `<h2 id="the-fine">The fine` + anchor("the-fine") + "</h2>\n"},
		{"punctuation dropped", "## What's the deal? (2024)", `<h2 id="whats-the-deal-2024">What&rsquo;s the deal? (2024)` + anchor("whats-the-deal-2024") + "</h2>\n"},
		{"each space a hyphen", "## a - b", `<h2 id="a---b">a - b` + anchor("a---b") + "</h2>\n"},
		{"unicode letters kept", "## Über Ärzte 東京", `<h2 id="über-ärzte-東京">Über Ärzte 東京` + anchor("über-ärzte-東京") + "</h2>\n"},
		{"inline markup", "## The `go` *tool*", `<h2 id="the-go-tool">The <code>go</code> <em>tool</em>` + anchor("the-go-tool") + "</h2>\n"},
		{"link text", "## See [the fine](https://x.org)", `<h2 id="see-the-fine">See <a href="https://x.org">the fine</a>` + anchor("see-the-fine") + "</h2>\n"},
		{"invisible characters dropped", "## Done \u2714\ufe0f now\u200d\u034f", "<h2 id=\"done--now\">Done \u2714\ufe0f now\u200d\u034f" + anchor("done--now") + "</h2>\n"},
		{"only punctuation", "## ???", `<h2 id="heading">???` + anchor("heading") + "</h2>\n"},
		{"explicit id and class", "## The fine {#fine .wide}", `<h2 id="fine" class="wide">The fine` + anchor("fine") + "</h2>\n"},
		{"class only", "## The fine {.wide}", `<h2 class="wide" id="the-fine">The fine` + anchor("the-fine") + "</h2>\n"},
		{"setext", "The fine\n--------", `<h2 id="the-fine">The fine` + anchor("the-fine") + "</h2>\n"},
		{"id with colon", `## X {#a:b}`, `<h2 id="a:b">X` + anchor("a:b") + "</h2>\n"},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(convert(t, c, tt.src, nil).HTML); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestHeadingIDsAreUnique(t *testing.T) {
	src := "# Intro\n## Intro\n## Intro\n## Intro 1\n## Custom {#intro-2}\n## Fn\n[@a]\n## C1 1\n"
	r := convert(t, New(Options{}), src, nil)
	var got []string
	for _, h := range r.TOC {
		got = append(got, h.ID)
	}
	// intro-2 is reserved by the explicit id although it comes later, and
	// c1-1 by the citation link.
	want := []string{"intro", "intro-1", "intro-3", "intro-1-1", "intro-2", "fn", "c1-1-1"}
	if !slices.Equal(got, want) {
		t.Errorf("ids %q, want %q", got, want)
	}
	if len(r.Problems) != 0 {
		t.Errorf("unexpected problems %v", r.Problems)
	}
}

func TestDuplicateExplicitIDIsAProblem(t *testing.T) {
	r := convert(t, New(Options{}), "# A {#x}\n\ntext\n\n## B {#x}\n", nil)
	want := []Problem{
		{1, 1, `id "x" is used more than once on the page`},
		{5, 1, `id "x" is used more than once on the page`},
	}
	if !slices.Equal(r.Problems, want) {
		t.Errorf("problems %v, want %v", r.Problems, want)
	}
}

func TestTOC(t *testing.T) {
	src := "# Title\n\n## The *fine* print\n\n### Don't panic[^1] [@src]\n\n  #### Deep {#deep}\n\n```sh\n# not a heading\n```\n\nSetext\n---\n\n[^1]: x\n"
	r := convert(t, New(Options{}), src, nil)
	want := []Heading{
		{1, "title", "Title", 1, 1},
		{2, "the-fine-print", "The fine print", 3, 1},
		{3, "dont-panic", "Don’t panic", 5, 1},
		{4, "deep", "Deep", 7, 3},
		{2, "setext", "Setext", 13, 1},
	}
	if !slices.Equal(r.TOC, want) {
		t.Errorf("TOC %+v\nwant %+v", r.TOC, want)
	}
}

func TestLinksHavePositionsFromTheParseTree(t *testing.T) {
	src := "See [a](#TOC_6.1) and [b](#TOC_6.).\n\n```md\n![](in-code.png)\n```\n\n" +
		"Again [a](#TOC_6.1), ![](x.png), ![An *alt*](y.png) <https://x.org/>\n"
	r := convert(t, New(Options{}), src, nil)
	want := []Link{
		{Dest: "#TOC_6.1", Line: 1, Col: 5},
		{Dest: "#TOC_6.", Line: 1, Col: 23},
		{Dest: "#TOC_6.1", Line: 7, Col: 7},
		{Dest: "x.png", Image: true, Line: 7, Col: 22},
		{Dest: "y.png", Image: true, Alt: "An alt", Line: 7, Col: 34},
		{Dest: "https://x.org/", Line: 7, Col: 53},
	}
	if !slices.Equal(r.Links, want) {
		t.Errorf("Links %+v\nwant %+v", r.Links, want)
	}
}

func TestIDsListsEveryID(t *testing.T) {
	src := "## A\n\nText[^n] more[^n] [@k1; @k2] [@k1].\n\n[^n]: Note.\n"
	r := convert(t, New(Options{}), src, nil)
	want := []string{"a", "fnref:1", "fnref1:1", "c1-1", "c2-1", "fn:1", "source-k1", "source-k2"}
	if !slices.Equal(r.IDs, want) {
		t.Errorf("IDs %q\nwant %q", r.IDs, want)
	}
	html := string(r.HTML)
	for _, id := range want[:4] {
		if !strings.Contains(html, `id="`+id+`"`) {
			t.Errorf("HTML lacks id %q:\n%s", id, html)
		}
	}
}

func TestRawHTML(t *testing.T) {
	tests := []struct {
		name   string
		unsafe bool
		src    string
		want   string
	}{
		{"block escaped", false, "<div class=\"x\">\nhi\n</div>\n", "<p>&lt;div class=&quot;x&quot;&gt;\nhi\n&lt;/div&gt;</p>\n"},
		{"comment escaped", false, "<!-- note -->\n", "<p>&lt;!-- note --&gt;</p>\n"},
		{"multi-line comment escaped", false, "<!--\na\n-->\n", "<p>&lt;!--\na\n--&gt;</p>\n"},
		{"script escaped", false, "<script>alert(1)</script>\n", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"inline escaped", false, "a <b>bold</b> c", "<p>a &lt;b&gt;bold&lt;/b&gt; c</p>\n"},
		{"javascript link dropped", false, "[x](javascript:alert(1))", "<p><a href=\"\">x</a></p>\n"},
		{"block passed through", true, "<div class=\"x\">\nhi\n</div>\n", "<div class=\"x\">\nhi\n</div>\n"},
		{"inline passed through", true, "a <b>bold</b> c", "<p>a <b>bold</b> c</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Options{UnsafeHTML: tt.unsafe})
			if got := string(convert(t, c, tt.src, nil).HTML); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if strings.Contains(string(convert(t, c, tt.src, nil).HTML), "raw HTML omitted") {
				t.Error("raw HTML was dropped")
			}
		})
	}
}

func TestCodeBlocks(t *testing.T) {
	h := highlight.New(nil)
	tests := []struct {
		name string
		hl   *highlight.Highlighter
		src  string
		want string // substring
	}{
		{"known language", h, "```go\nfunc main() {}\n```\n",
			`<pre class="chroma" tabindex="0"><code class="language-go"><span class="kd">func</span>`},
		{"unknown language", h, "```nosuchlang\na < b\n```\n",
			"<pre class=\"chroma\" tabindex=\"0\"><code class=\"language-nosuchlang\">a &lt; b\n</code></pre>\n"},
		{"no language", h, "```\na < b\n```\n",
			"<pre class=\"chroma\" tabindex=\"0\"><code>a &lt; b\n</code></pre>\n"},
		{"info string with extra words", h, "```go title=x\nx\n```\n", `<code class="language-go">`},
		{"nil highlighter", nil, "```go\nfunc main() {}\n```\n",
			"<pre class=\"chroma\" tabindex=\"0\"><code class=\"language-go\">func main() {}\n</code></pre>\n"},
		{"unclosed fence", h, "```\nstill code\n\nmore", "<code>still code\n\nmore</code></pre>\n"},
		{"indented", h, "    x <y>\n", "<pre class=\"chroma\" tabindex=\"0\"><code>x &lt;y&gt;\n</code></pre>\n"},
		{"inside a list", nil, "- item\n\n  ```sh\n  echo hi\n    indented\n  ```\n",
			"<code class=\"language-sh\">echo hi\n  indented\n</code>"},
		{"inside a block quote", nil, "> ```\n> a\n> b\n> ```\n", "<code>a\nb\n</code>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(convert(t, New(Options{Highlighter: tt.hl}), tt.src, nil).HTML)
			if !strings.Contains(got, tt.want) {
				t.Errorf("got  %q\nwant it to contain %q", got, tt.want)
			}
		})
	}
}

func TestSummaryAndWordCount(t *testing.T) {
	tests := []struct {
		name, src, summary string
		words              int
	}{
		{"first paragraph", "# Title\n\nKaiser *mental* health\nworkers [struck](x.md) [@src].\n\nSecond one.\n",
			"Kaiser mental health workers struck.", 8},
		{"entities and escapes", "Tom &amp; Jerry \\*not emphasis\\* don't", "Tom & Jerry *not emphasis* don’t", 6},
		{"code span kept, footnote dropped", "Run `go  test`[^1] now.\n\n[^1]: Really.\n", "Run go test now.", 5},
		{"nested paragraph skipped", "> quoted\n\nTop level.", "Top level.", 3},
		{"no paragraph", "# Only a heading\n", "", 3},
		{"code and raw html not counted", "one two\n\n```\nthree four\n```\n\n<div>five</div>\n", "one two", 2},
		{"punctuation is not a word", "a — b -- c", "a — b – c", 3},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := convert(t, c, tt.src, nil)
			if r.Summary != tt.summary {
				t.Errorf("Summary %q, want %q", r.Summary, tt.summary)
			}
			if r.WordCount != tt.words {
				t.Errorf("WordCount %d, want %d", r.WordCount, tt.words)
			}
		})
	}
}

func TestExtensions(t *testing.T) {
	c := New(Options{})
	tests := []struct{ name, src, want string }{
		{"table", "| a |\n|---|\n| b |\n", "<table>"},
		{"strikethrough", "~~gone~~", "<del>gone</del>"},
		{"task list", "- [x] done\n", `<input checked="" disabled="" type="checkbox">`},
		{"linkify", "see https://example.com now", `<a href="https://example.com">https://example.com</a>`},
		{"definition list", "Term\n: Meaning\n", "<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>"},
		{"typographer", `"quoted" -- and...`, "&ldquo;quoted&rdquo; &ndash; and&hellip;"},
		{"footnote", "x[^1]\n\n[^1]: y\n", `<div class="footnotes" role="doc-endnotes">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(convert(t, c, tt.src, nil).HTML); !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestInline(t *testing.T) {
	c := New(Options{})
	tests := []struct{ src, want string }{
		{"About *2,400* workers", "About <em>2,400</em> workers"},
		{"cites [@key] stay text", "cites [@key] stay text"},
		{"[link](../x.md) kept", `<a href="../x.md">link</a> kept`},
		{"<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"},
		{"one\n\ntwo", "<p>one</p>\n<p>two</p>\n"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(c.Inline([]byte(tt.src))); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestWordCounter(t *testing.T) {
	for _, c := range []struct {
		pieces []string
		want   int
	}{
		{[]string{"hello world"}, 2},
		{[]string{"a-b c 42"}, 3},
		{[]string{"— ... !! ?"}, 0},
		{[]string{"héllo wörld 漢字 ÿ"}, 4},
		{[]string{"x\u00a0y\u2003z"}, 3}, // no-break and em spaces
		{[]string{"hel", "lo wo", "rld"}, 2},
		{[]string{"\xff\xfe ab\xffcd"}, 1},
		{[]string{"tab\tnew\nline\r\fv\vend"}, 5},
	} {
		var w wordCounter
		for _, p := range c.pieces {
			w.add([]byte(p))
		}
		w.boundary()
		if w.n != c.want {
			t.Errorf("%q: %d words, want %d", c.pieces, w.n, c.want)
		}
	}
}

func TestRawHTMLIDsAreAnchorsWhenRawHTMLIsAllowed(t *testing.T) {
	src := "## Top\n\n<a name=\"old-anchor\"></a>\n\n<p id='para' class=x>Text <span\n\tid=\"inline\">x</span></p>\n\nSee <a name=tail></a> and `<b id=\"code\">`.\n"
	r := convert(t, New(Options{UnsafeHTML: true}), src, nil)
	want := []string{"top", "old-anchor", "para", "inline", "tail"}
	if !slices.Equal(r.IDs, want) {
		t.Errorf("IDs %q, want %q", r.IDs, want)
	}
	r = convert(t, New(Options{}), src, nil)
	if !slices.Equal(r.IDs, []string{"top"}) {
		t.Errorf("escaped raw HTML: IDs %q, want only the heading's", r.IDs)
	}
}
