package content

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParsePage feeds arbitrary files to the front matter splitter and the
// page parser. Neither may panic or hang; a page comes back exactly when
// there is no error; every diagnostic is at a real line of the file; the
// body keeps every line where it was; URLs, slugs and aliases stay inside
// the site.
func FuzzParsePage(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\n---\nBody.\n",
		"---\ntitle: A\ndate: 2024-10-21\nupdated: 2024-10-22T10:00:00Z\ndraft: false\nweight: 3\nslug: my-page\nurl: /x/y/\nlayout: timeline\naliases: [/old/, /older/]\ntags: [a, b]\nneeds_citations: true\nreview_by: 2025-01-01\ndata_citations: timeline\ntoc: false\nsources: [a, b]\ncite: c\nparams: {x: 1}\n---\n## H\n",
		"\ufeff---\r\ntitle: CRLF\r\n---\r\nBody\r\n",
		"---\ntitle: [oops\n---\n",
		"---\ntitle: A\n",
		"---\n---\n",
		"---\n- a\n- b\n---\n",
		"---\ntitle: A\nx: &a [1, *a]\n---\n",
		"---\ntitle: A\nx: *nowhere\n---\n",
		"---\ntitle: A\nslug: ..\nurl: /../x/\naliases: [\"javascript:x\", \"/a\\tb/\"]\n---\n",
		"---\ntitle: A\n...\nbody",
		"---  \ntitle: A\n---\t\n",
		"no front matter",
		"",
		"\x00binary",
		"---\ntitle: caf\xe9\n---\n",
		"---\ntitle: A\ndate: 2024-13-45\n---\n",
		"---\ntitle: A\ntags: {a: b}\naliases: [[x]]\n---\n",
		"+++\ntitle = \"A\"\ndate = 2024-10-21T10:00:00Z\n[taxonomies]\ntags = [\"a\"]\n[[extra.list]]\nx = 1\n[extra.m]\ny = {z = [1, 2]}\n+++\nbody\n",
		"+++\ntitle = \"A\"\ntitle = 1\n+++\n",
		"{\n\"title\": \"A\", \"tags\": [\"x\"], \"extra\": {\"n\": null, \"f\": 1.5}\n}\nbody",
		"{\"title\": 1} x",
		"{\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		src := normalize(bytes.Clone(raw))
		if fm, body, ok, err := splitFrontMatter(bytes.Clone(src)); err == nil {
			if bytes.Count(body, []byte("\n")) != bytes.Count(src, []byte("\n")) {
				t.Fatalf("splitFrontMatter(%q) body %q moved lines", src, body)
			}
			if ok && !bytes.Contains(src, fm) {
				t.Fatalf("splitFrontMatter(%q) front matter %q is not in the file", src, fm)
			}
		}
		p, ds := parsePage("dir/page.md", bytes.Clone(raw), "hash", nil) // it writes the body in place
		if (p == nil) != ds.HasErrors() {
			t.Fatalf("page %v with diagnostics %v", p != nil, ds)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range ds {
			if d.Path != "content/dir/page.md" || d.Line < 1 || d.Line > lines || d.Col < 1 || d.Msg == "" {
				t.Fatalf("bad diagnostic %#v for a file of %d lines", d, lines)
			}
		}
		if p == nil {
			return
		}
		if p.Title == "" {
			t.Fatal("page without a title")
		}
		if bytes.Count(p.body, []byte("\n")) != bytes.Count(src, []byte("\n")) {
			t.Fatalf("body %q moved lines of %q", p.body, src)
		}
		if p.Slug != "" && checkSlug(p.Slug) != "" {
			t.Fatalf("bad slug %q accepted", p.Slug)
		}
		for _, u := range append([]string{p.URL}, p.Aliases...) {
			if u == "" {
				continue
			}
			if !strings.HasPrefix(u, "/") || !strings.HasSuffix(u, "/") || strings.Contains(u, "//") ||
				strings.Contains(u, "/../") || strings.Contains(u, "/./") || hasControl(u) || strings.ContainsAny(u, "\\?#") || strings.Contains(u, "://") {
				t.Fatalf("unsafe url or alias %q accepted", u)
			}
		}
	})
}

// FuzzDataFiles feeds arbitrary YAML to the readers of site.yaml, the
// source registry and the other data files: no panic, no endless
// recursion, and every diagnostic at a real line.
func FuzzDataFiles(f *testing.F) {
	for _, s := range []string{
		"title: T\nmenu:\n  - {title: A, page: a.md}\nparams: {x: [1, 2]}\n",
		"- key: a\n  outlet: O\n  title: T\n  date: 2023-10\n  url: https://example.org/\n",
		"- date: 2024-10-21\n  sources: [a, b]\n  cite: c\n",
		"a: &a {b: *a}\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"[unclosed\n",
		"\x00",
		"x: *missing\n",
		"title: T\nlanguages:\n  - {code: en, name: English}\n  - code: es\n    name: Español\n    menu: [{title: A, page: es/a.md}]\n    params: {a: 1}\n",
		"languages: [{code: 'x y'}, {name: N}, es, {code: es, name: E}, {code: es, name: E}]\n",
		"- key: a\n  outlet: O\n  title: T\n  note: n\n  notes: {es: nota, fr: [x]}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		lines := bytes.Count(normalize(raw), []byte("\n")) + 1
		_, ds := parseSettings(raw, "", nil)
		srcs, sds := parseSources(raw)
		ds = append(ds, sds...)
		root, yds := parseYAMLFile("content/data/x.yaml", raw, nil)
		ds = append(ds, yds...)
		if root != nil {
			decodeNode(root)
			dataCitations(root)
		}
		for _, d := range ds {
			if d.Line < 0 || d.Line > lines || d.Col < 0 || d.Msg == "" {
				t.Fatalf("bad diagnostic %#v for a file of %d lines", d, lines)
			}
		}
		for _, s := range srcs {
			if s.Key == "" {
				t.Fatal("source without a key")
			}
		}
	})
}
