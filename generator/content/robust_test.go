package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"go.yaml.in/yaml/v3"
)

// TestYAMLErrorsPointAtTheRightLine checks the line of yaml.v3's errors,
// which counts from 0 for parser errors and from 1 for scanner errors.
func TestYAMLErrorsPointAtTheRightLine(t *testing.T) {
	for _, c := range []struct{ fm, want string }{
		{"title: x\ntags: [a, b\n", "3:1: invalid YAML: did not find expected ',' or ']'"},
		{"title: x\nmore: {a: b\n", "3:1: invalid YAML: did not find expected ',' or '}'"},
		{"title: x\nlist:\n  - a\n - b\n", "5:1: invalid YAML: did not find expected key"},
		{"- a\ntitle: x\n", "3:1: invalid YAML: did not find expected '-' indicator"},
		{"title: x\ndesc: \"open\n", "3:1: invalid YAML: found unexpected end of stream"},
		{"title: x\n\tdesc: y\n", "3:1: invalid YAML: found a tab character that violates indentation"},
		{"title: x\nsee: *nowhere\n", "3:6: invalid YAML: alias *nowhere names no anchor &nowhere"},
		{"title: [x", "2:1: invalid YAML: did not find expected ',' or ']'"},
	} {
		_, ds := parsePage("a.md", []byte("---\n"+c.fm+"\n---\n"), "h", nil)
		if got := ds.Error(); got != "content/a.md:"+c.want {
			t.Errorf("front matter %q:\n got %s\nwant content/a.md:%s", c.fm, got, c.want)
		}
	}
}

func TestCyclicYAMLAliasIsAnError(t *testing.T) {
	_, ds := parsePage("a.md", []byte("---\ntitle: x\nloop: &a [1, *a]\n---\n"), "h", nil)
	if want := "content/a.md:3:14: invalid YAML: alias *a is inside the value it names"; ds.Error() != want {
		t.Errorf("got %v\nwant %s", ds, want)
	}
	_, ds = parseSources([]byte("- &a {key: k, outlet: o, title: t, more: [*a]}\n"))
	if !strings.Contains(ds.Error(), "content/data/sources.yaml:1:43: invalid YAML: alias *a is inside") {
		t.Errorf("sources: %v", ds)
	}
	if v := decodeNode(mustYAML(t, "a: &a [1, *a]\n")); v == nil {
		t.Error("decodeNode of a cyclic document returned nil")
	}
}

func TestMultiplyingYAMLAliasesDecodeFast(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i, c := range "bcdefghij" {
		prev := string("abcdefghij"[i])
		src += string(c) + ": &" + string(c) + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
	}
	start := time.Now()
	p, ds := parsePage("a.md", []byte("---\ntitle: x\n"+src+"---\n"), "h", nil)
	if ds.HasErrors() || p == nil {
		t.Fatal(ds)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("10^9 aliased values took %v to decode", d)
	}
}

func TestURLFieldsRefuseControlCharactersAndLongNames(t *testing.T) {
	long := strings.Repeat("x", 256)
	for _, c := range []struct{ fm, want string }{
		{`url: "/a\nb/"`, `3:6: field "url": must not contain \ ? # or control characters`},
		{`slug: "a\tb"`, `3:7: field "slug": must not contain control characters`},
		{`aliases: ["/a\u007fb/"]`, `3:11: alias "/a\x7fb/": must not contain \ ? # or control characters`},
		{"slug: " + long, `3:7: field "slug": is longer than 255 bytes`},
		{"url: /" + long + "/", `3:6: field "url": has a part longer than 255 bytes`},
		{"tags: [" + long + "]", `3:8: tag is longer than 255 bytes`},
	} {
		_, ds := parsePage("a.md", []byte("---\ntitle: x\n"+c.fm+"\n---\n"), "h", nil)
		if got := ds.Error(); got != "content/a.md:"+c.want {
			t.Errorf("%s:\n got %s\nwant content/a.md:%s", c.fm, got, c.want)
		}
	}
}

// TestOutputClashesAreReportedAtTheirSource checks outputs that need a
// folder where another output is a file, and clashes with files the build
// generates.
func TestOutputClashesAreReportedAtTheirSource(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":   {Data: []byte("title: T\n")},
		"content/a.md":        page("A"),
		"content/moved.md":    page("Moved", "aliases: [/404.html, /a/index.html]"),
		"content/robots.md":   page("Robots", "url: /robots.txt/"),
		"content/sitemap.xml": {Data: []byte("<x/>")},
		"content/tags":        {Data: []byte("a file named tags")},
		"content/tagged.md":   page("Tagged", "tags: [x]"),
		"content/copy.md":     page("Copy", "url: /a/"),
	}
	_, ds := Load(fsys, Options{BaseURL: "https://example.org/"}) // sitemap.xml is built only with a base URL
	ds.Sort()
	want := strings.Join([]string{
		"content/copy.md:3:1: writes a/index.html, which content/a.md also writes: give one of them another url or slug",
		"content/moved.md:3:11: writes 404.html, which the generated 404 page /404.html also writes: give one of them another url or slug",
		"content/moved.md:3:22: writes a/index.html, which content/a.md also writes: give one of them another url or slug",
		"content/robots.md:3:1: writes robots.txt/index.html, which needs a folder robots.txt, but the generated robots.txt writes a file of that name: give one of them another url or slug",
		"content/sitemap.xml:1:1: writes sitemap.xml, which the generated sitemap.xml also writes: give one of them another url or slug",
		"content/tags:1:1: writes the file tags, but the generated taxonomy page /tags/ writes tags/index.html inside a folder of that name: give one of them another url or name",
	}, "\n")
	if got := ds.Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSiteFilesWinOverBuiltOnes: content/robots.txt replaces the built
// robots.txt, and without a base URL no sitemap or feed is built to clash
// with a content file; content/_redirects replaces the built one.
func TestSiteFilesWinOverBuiltOnes(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":   {Data: []byte("title: T\n")},
		"content/a.md":        page("A", "aliases: [/old/]"),
		"content/robots.txt":  {Data: []byte("User-agent: *\nDisallow: /drafts/\n")},
		"content/sitemap.xml": {Data: []byte("<x/>")},
		"content/atom.xml":    {Data: []byte("<x/>")},
	}
	s, ds := Load(fsys, Options{})
	if ds.HasErrors() {
		t.Fatalf("clashes reported:\n%v", ds)
	}
	if !HasRedirects(s) {
		t.Error("a site with aliases gets no _redirects")
	}
	fsys["content/_redirects"] = &fstest.MapFile{Data: []byte("/x /y 301\n")}
	if s, _ := Load(fsys, Options{}); HasRedirects(s) {
		t.Error("content/_redirects does not replace the built one")
	}
}

func mustYAML(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}
