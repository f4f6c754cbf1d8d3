package site

import (
	"testing"
	"testing/fstest"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

func linkSite(t *testing.T) *content.Site {
	t.Helper()
	pg := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n")}
	}
	s, ds := content.Load(fstest.MapFS{
		"content/site.yaml":        {Data: []byte("title: S\n")},
		"content/settlement.md":    pg("Settlement"),
		"content/a/_index.md":      pg("A"),
		"content/a/b.md":           pg("B"),
		"content/a/x y.md":         pg("Spaced"),
		"content/bundle/index.md":  pg("Bundle"),
		"content/bundle/chart.png": {Data: []byte("png")},
	}, content.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

func TestResolveLinks(t *testing.T) {
	s := linkSite(t)
	files := map[string]bool{"bundle/chart.png": true}
	from := s.ByPath["a/b.md"]
	cases := []struct {
		dest   string
		image  bool
		href   string
		anchor string
		err    bool
	}{
		{dest: "https://example.org/x", href: "https://example.org/x"},
		{dest: "mailto:desk@example.org", href: "mailto:desk@example.org"},
		{dest: "//cdn.example.org/x", href: "//cdn.example.org/x"},
		{dest: "#here", href: "#here", anchor: "here"},
		{dest: "../settlement.md#the-fine", href: "/settlement/#the-fine", anchor: "the-fine"},
		{dest: "/settlement.md", href: "/settlement/"},
		{dest: "_index.md", href: "/a/"},
		{dest: "x y.md", href: "/a/x%20y/"},
		{dest: "x%20y.md", href: "/a/x%20y/"},
		{dest: "/a/b/", href: "/a/b/"},
		{dest: "/a/b", href: "/a/b/"},
		{dest: "/a/b/#part", href: "/a/b/#part", anchor: "part"},
		{dest: "../bundle/chart.png", image: true, href: "/bundle/chart.png"},
		{dest: "/bundle/chart.png", image: true, href: "/bundle/chart.png"},
		{dest: "../bundle/index.md", href: "/bundle/"},
		{dest: "missing.md", err: true},
		{dest: "/no/such/page/", err: true},
		{dest: "../../../etc/passwd", err: true},
		{dest: "chart.png", image: true, err: true},
		{dest: "../settlement.md", image: true, err: true},
		{dest: "", err: true},
	}
	for _, c := range cases {
		got := resolve(s, files, from, c.dest, c.image)
		if c.err {
			if got.err == "" {
				t.Errorf("resolve(%q) = %+v, want an error", c.dest, got)
			}
			continue
		}
		if got.err != "" || got.href != c.href || got.anchor != c.anchor {
			t.Errorf("resolve(%q) = href %q anchor %q err %q; want %q %q", c.dest, got.href, got.anchor, got.err, c.href, c.anchor)
		}
	}
}

func TestRelativize(t *testing.T) {
	cases := []struct{ out, in, want, base string }{
		{out: "index.html", in: `<a href="/a/b/">`, want: `<a href="a/b/index.html">`},
		{out: "a/b/index.html", in: `<a href="/">`, want: `<a href="../../index.html">`},
		{out: "a/b/index.html", in: `<a href="/a/b/#x">`, want: `<a href="index.html#x">`},
		{out: "a/b/index.html", in: `<a href="/a/c/">`, want: `<a href="../c/index.html">`},
		{out: "a/index.html", in: `<link rel="stylesheet" href="/assets/s.1.css">`, want: `<link rel="stylesheet" href="../assets/s.1.css">`},
		{out: "a/index.html", in: `<img src="/a/p.png" srcset="/a/p.png 1x, /a/p2.png 2x">`, want: `<img src="p.png" srcset="p.png 1x, p2.png 2x">`},
		{out: "a/index.html", in: `<a href="//cdn.example/x"><a href="https://x/"><a href="#top">`, want: `<a href="//cdn.example/x"><a href="https://x/"><a href="#top">`},
		{out: "x y/index.html", in: `<a href="/x%20y/">`, want: `<a href="index.html">`},
		{out: "a/index.html", in: `<p data-href="/x/">text href="/y/" and <code>&lt;a href='/z/'&gt;</code></p>`, want: `<p data-href="/x/">text href="/y/" and <code>&lt;a href='/z/'&gt;</code></p>`},
		{out: "a/index.html", in: "<a class=x\thref='/b/'>", want: "<a class=x\thref='../b/index.html'>"},
		{out: "a/index.html", in: "<img\n  src=\"/a/p.png\"\r\n\tsrcset='/a/p.png 1x,/a/p2.png 2x'>", want: "<img\n  src=\"p.png\"\r\n\tsrcset='p.png 1x, p2.png 2x'>"},
		{out: "a/index.html", in: `<A HREF=/b/ title="t">x</A><form action = "/s/">`, want: `<A HREF=../b/index.html title="t">x</A><form action = "../s/index.html">`},
		{out: "a/index.html", in: `<!-- <a href="/c/"> --><script>let s = '<a href="/d/">';</script><style>a{}</style><a href="/e/">`, want: `<!-- <a href="/c/"> --><script>let s = '<a href="/d/">';</script><style>a{}</style><a href="../e/index.html">`},
		{out: "a/index.html", in: `<video poster="/a/p.png"/><source srcset="/a/q.png">`, want: `<video poster="p.png"/><source srcset="q.png">`},
		{out: "x/index.html", in: `<a href="/x/a:b/">`, want: `<a href="./a:b/index.html">`},
		{out: "0/index.html", in: `<a href="/0//">`, want: `<a href=".//index.html">`},
		{out: "404.html", in: `<a href="/a/">`, want: `<a href="https://h.example/sub/a/">`, base: "https://h.example/sub/"},
	}
	for _, c := range cases {
		if got := string(relativize([]byte(c.in), c.out, c.base)); got != c.want {
			t.Errorf("relativize(%q, %q) = %q, want %q", c.in, c.out, got, c.want)
		}
	}
}
