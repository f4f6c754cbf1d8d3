package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParsePageFrontMatter(t *testing.T) {
	cases := []struct {
		name, src string
		wantErr   string // substring of the first diagnostic, "" for none
		check     func(t *testing.T, p *Page)
	}{
		{
			name: "all fields",
			src:  "---\ntitle: The fine\ndescription: d\ndate: 2023-10-12\nweight: 2\ntags: [a, b]\naliases: [/old/]\nneeds_citations: true\nextra: 5\n---\nbody\n",
			check: func(t *testing.T, p *Page) {
				if p.Title != "The fine" || p.Weight != 2 || len(p.Tags) != 2 || !p.NeedsCitations {
					t.Errorf("fields not read: %+v", p)
				}
				if !p.Updated.Equal(time.Date(2023, 10, 12, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("updated should default to date, got %v", p.Updated)
				}
				if p.Params["extra"] != 5 || len(p.UnknownFields) != 1 {
					t.Errorf("extra field: params %v unknown %v", p.Params, p.UnknownFields)
				}
				if p.Aliases[0] != "/old/" {
					t.Errorf("aliases %v", p.Aliases)
				}
				if !strings.HasPrefix(string(p.body), strings.Repeat("\n", 10)+"body") {
					t.Errorf("front matter lines not blanked: %q", p.body)
				}
			},
		},
		{name: "BOM and CRLF", src: "\xEF\xBB\xBF---\r\ntitle: T\r\n---\r\nbody\r\n", check: func(t *testing.T, p *Page) {
			if p.Title != "T" || string(p.body) != "\n\n\nbody\n" {
				t.Errorf("got title %q body %q", p.Title, p.body)
			}
		}},
		{name: "missing title", src: "---\ndescription: x\n---\n", wantErr: "1:1: missing title"},
		{name: "never closed", src: "---\ntitle: x\n\nbody", wantErr: "1:1: front matter starts with --- here but is never closed"},
		{name: "bad yaml", src: "---\ntitle: x\ntags: [a\n---\n", wantErr: "invalid YAML"},
		{name: "bad date", src: "---\ntitle: x\ndate: 21 Oct 2024\n---\n", wantErr: "3:7: field \"date\""},
		{name: "empty file", src: "", wantErr: "1:1: missing front matter"},
		{name: "binary", src: "---\ntitle: \x00\x01\n---\n", wantErr: "2:8: this is a binary file"},
		{name: "invalid utf8", src: "---\ntitle: ok\n---\nab\xff\n", wantErr: "4:3: invalid UTF-8"},
		{name: "url with dotdot", src: "---\ntitle: x\nurl: /../../etc/\n---\n", wantErr: "3:6: field \"url\": must not contain . or .."},
		{name: "url with scheme", src: "---\ntitle: x\nurl: https://evil.example/\n---\n", wantErr: "not a full address"},
		{name: "alias absolute windows", src: "---\ntitle: x\naliases: ['C:\\x']\n---\n", wantErr: "alias"},
		{name: "slug with slash", src: "---\ntitle: x\nslug: a/../b\n---\n", wantErr: "field \"slug\""},
		{name: "weight not a number", src: "---\ntitle: x\nweight: heavy\n---\n", wantErr: "3:9: field \"weight\" must be a whole number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ds := parsePage("a.md", []byte(c.src), "h", nil)
			if c.wantErr == "" {
				if ds.HasErrors() {
					t.Fatalf("unexpected errors: %v", ds)
				}
				c.check(t, p)
				return
			}
			if !ds.HasErrors() || !strings.Contains(ds.Error(), c.wantErr) {
				t.Fatalf("want error containing %q, got %v", c.wantErr, ds)
			}
			if strings.Count(ds.Error(), "\n") != 0 {
				t.Errorf("want exactly one message, got:\n%v", ds)
			}
			if !strings.HasPrefix(ds.Error(), "content/a.md:") {
				t.Errorf("message must start with path:line:col, got %q", ds.Error())
			}
		})
	}
}

func page(title string, extra ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n" + strings.Join(extra, "\n") + "\n---\nText.\n")}
}

func TestURLMapping(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":         {Data: []byte("title: S\nmenu:\n  - {title: A, page: a/b.md}\n")},
		"content/_index.md":         page("Home"),
		"content/a/_index.md":       page("Section A"),
		"content/a/b.md":            page("B"),
		"content/a/c.md":            page("C", "slug: sea"),
		"content/a/deep/d.md":       page("D"),
		"content/x/index.md":        page("Bundle"),
		"content/x/photo.jpg":       {Data: []byte("jpg")},
		"content/top.md":            page("Top", "url: /elsewhere/page"),
		"content/noindex/e.md":      page("E", "tags: [Pay Raises]"),
		"content/draft.md":          page("Draft", "draft: true"),
		"content/my page é.md":      page("Spaces"),
		"content/data/sources.yaml": {Data: []byte("- key: k\n  outlet: O\n  title: T\n  date: 2023-10\n")},
		"content/a/.hidden.md":      page("Hidden"),
		"content/a/b.md.swp":        {Data: []byte("junk")},
	}
	s, ds := Load(fsys, Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	want := map[string]string{
		"_index.md":    "/",
		"a/_index.md":  "/a/",
		"a/b.md":       "/a/b/",
		"a/c.md":       "/a/sea/",
		"a/deep/d.md":  "/a/deep/d/",
		"x/index.md":   "/x/",
		"top.md":       "/elsewhere/page/",
		"noindex/e.md": "/noindex/e/",
		"my page é.md": "/my page é/",
	}
	for rel, url := range want {
		p := s.ByPath[rel]
		if p == nil {
			t.Errorf("%s not loaded", rel)
			continue
		}
		if p.URL != url || p.OutPath != strings.TrimPrefix(url, "/")+"index.html" {
			t.Errorf("%s: URL %q out %q, want %q", rel, p.URL, p.OutPath, url)
		}
	}
	if s.ByPath["draft.md"] != nil {
		t.Error("draft loaded without Drafts")
	}
	if p := s.ByPath["a/deep/d.md"]; p.Section != s.ByPath["a/_index.md"] {
		t.Errorf("deep page's section = %v", p.Section)
	}
	if sec := s.ByURL["/noindex/"]; sec == nil || sec.Kind != KindSection || sec.Title != "Noindex" {
		t.Errorf("implicit section missing: %+v", sec)
	}
	if term := s.ByURL["/tags/pay-raises/"]; term == nil || len(term.Pages) != 1 {
		t.Errorf("tag page missing: %+v", term)
	}
	if len(s.Files) != 1 || s.Files[0].OutPath != "x/photo.jpg" {
		t.Errorf("files %+v", s.Files)
	}
	if s.Menu[0].URL != "/a/b/" {
		t.Errorf("menu URL %q", s.Menu[0].URL)
	}
	if s.Sources[0].DateText != "October 2023" {
		t.Errorf("source date text %q", s.Sources[0].DateText)
	}
	b := s.ByPath["a/b.md"]
	if len(b.Breadcrumbs) != 2 || b.Breadcrumbs[0] != s.Home {
		t.Errorf("breadcrumbs %v", b.Breadcrumbs)
	}
}

func TestSectionOrderAndNeighbours(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: S\n")},
		"content/s/a.md":    page("Alpha", "weight: 2"),
		"content/s/b.md":    page("Beta", "weight: 1"),
		"content/s/c.md":    page("Gamma", "date: 2024-01-01"),
		"content/s/d.md":    page("Delta", "date: 2025-01-01"),
		"content/s/e.md":    page("Aardvark", "date: 2025-01-01"),
	}
	s, ds := Load(fsys, Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	var got []string
	for _, p := range s.ByURL["/s/"].Pages {
		got = append(got, p.Title)
	}
	if strings.Join(got, ",") != "Beta,Alpha,Aardvark,Delta,Gamma" {
		t.Errorf("order %v", got)
	}
	a := s.ByPath["s/a.md"]
	if a.Prev.Title != "Beta" || a.Next.Title != "Aardvark" {
		t.Errorf("neighbours of Alpha: %v %v", a.Prev.Title, a.Next.Title)
	}
}

func TestDuplicateOutputNamesBothFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: S\n")},
		"content/a.md":      page("A", "url: /same/"),
		"content/same.md":   page("Same"),
	}
	_, ds := Load(fsys, Options{})
	msg := ds.Error()
	if !strings.Contains(msg, "content/same.md") || !strings.Contains(msg, "content/a.md") || !strings.Contains(msg, "same/index.html") {
		t.Errorf("want both files named, got %q", msg)
	}
}

func TestUnknownDataCitationKey(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":          {Data: []byte("title: S\n")},
		"content/data/sources.yaml":  {Data: []byte("- key: laist\n  outlet: O\n  title: T\n")},
		"content/data/timeline.yaml": {Data: []byte("- date: 2024-10-21\n  sources: [laist, lasit2]\n")},
	}
	_, ds := Load(fsys, Options{})
	if want := "content/data/timeline.yaml:2:20: unknown source \"lasit2\""; !strings.Contains(ds.Error(), want) {
		t.Errorf("got %q, want %q", ds.Error(), want)
	}
}

func TestCacheRereadsOnlyChangedFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: S\n")},
		"content/a.md":      page("A"),
		"content/b.md":      page("B"),
	}
	c := NewCache()
	s1, _ := Load(fsys, Options{Cache: c})
	fsys["content/b.md"] = page("B2")
	s2, _ := Load(fsys, Options{Cache: c, Dirty: map[string]bool{"content/b.md": true}})
	if s2.ByPath["b.md"].Title != "B2" {
		t.Error("dirty file not re-read")
	}
	if s1.ByPath["a.md"] == s2.ByPath["a.md"] {
		t.Error("cached page must be copied, not shared")
	}
	fsys["content/a.md"] = page("X") // same size and mtime, not dirty: cache is trusted
	s3, _ := Load(fsys, Options{Cache: c})
	if s3.ByPath["a.md"].Title != "A" {
		t.Error("unchanged size+mtime should come from the cache")
	}
}

func TestAPDate(t *testing.T) {
	for in, want := range map[string]string{"2024-10-21": "Oct. 21, 2024", "2025-05-08": "May 8, 2025", "2024-09-03": "Sept. 3, 2024", "2023-03-01": "March 1, 2023"} {
		d, _ := ParseDate(in)
		if got := APDate(d); got != want {
			t.Errorf("APDate(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePageReadsFieldsWithPositions(t *testing.T) {
	src := "---\ntitle: A\ndate: 2024-10-21\ntags: [a, b]\nweight: 3\n---\nBody.\n"
	p, ds := parsePage("a.md", []byte(src), "h", nil)
	if p == nil || ds.HasErrors() {
		t.Fatalf("parsePage: %v", ds)
	}
	if p.Title != "A" || p.Weight != 3 || len(p.Tags) != 2 || p.FieldPos["weight"] != (Pos{5, 1}) {
		t.Errorf("page %+v", p)
	}
}
