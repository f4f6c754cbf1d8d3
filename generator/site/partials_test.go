package site

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// partialsSite shows each cited source through partialCached on every
// page, and the same partial through template.
var partialsSite = map[string]string{
	"content/site.yaml":              "title: Partials\n",
	"content/data/sources.yaml":      "- {key: a, outlet: Alpha News, title: First, date: 2024-01-02, url: https://example.org/a}\n- {key: b, outlet: Beta, title: Second}\n",
	"content/_index.md":              "---\ntitle: Home\n---\nHome [@a].\n",
	"content/one.md":                 "---\ntitle: One\n---\nOne [@a; @b].\n",
	"content/two.md":                 "---\ntitle: Two\n---\nTwo [@b].\n",
	"layouts/page.html":              `<h1>{{ .Title }}</h1>{{ .Content }}<ol>{{ range .Citations }}<li>{{ partialCached "partials/src.html" .Source }}|{{ template "partials/src.html" .Source }}</li>{{ end }}</ol>`,
	"layouts/section.html":           `<h1>{{ .Title }}</h1>{{ .Content }}<ol>{{ range .Citations }}<li>{{ partialCached "partials/src.html" .Source }}|{{ template "partials/src.html" .Source }}</li>{{ end }}</ol>`,
	"layouts/partials/src.html":      `<b>{{ .Outlet }}</b>{{ with .URL }}, <a href="{{ . }}">{{ $.Title }}</a>{{ end }}{{ with apdate . }} ({{ . }}){{ end }}`,
	"layouts/partials/pagename.html": `{{ .Title }}`,
}

// TestPartialCachedWritesWhatTemplateWrites checks that partialCached's
// output (made once, on whichever page asked first) is what the partial
// writes through {{ template }} on every page.
func TestPartialCachedWritesWhatTemplateWrites(t *testing.T) {
	src := sitetest.FromMap(t, partialsSite)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	tree := sitetest.ReadTree(t, dest)
	for _, page := range []string{"index.html", "one/index.html", "two/index.html"} {
		html := string(tree[filepath.FromSlash(page)])
		n := 0
		for _, li := range strings.Split(html, "<li>")[1:] {
			li, _, _ = strings.Cut(li, "</li>")
			cached, direct, _ := strings.Cut(li, "|")
			if cached != direct || cached == "" {
				t.Errorf("%s: partialCached wrote %q, template %q", page, cached, direct)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s shows no source: %s", page, html)
		}
	}
	if got := string(tree["index.html"]); !strings.Contains(got, `<b>Alpha News</b>, <a href="https://example.org/a">First</a> (Jan. 2, 2024)`) {
		t.Errorf("home page: %s", got)
	}
}

// TestPartialCachedRefusesPages checks that a page, whose content other
// renders may read, cannot key partialCached: the error names the value
// and what to do.
func TestPartialCachedRefusesPages(t *testing.T) {
	for _, call := range []string{
		`{{ partialCached "partials/pagename.html" . }}`,
		`{{ partialCached "partials/pagename.html" .Site.Pages }}`,
		`{{ range .Site.Menu }}{{ partialCached "partials/pagename.html" . }}{{ end }}{{ partialCached "partials/pagename.html" .Site }}`,
		`{{ partialCached "partials/pagename.html" (dict "page" .) }}`,
	} {
		files := map[string]string{}
		for k, v := range partialsSite {
			files[k] = v
		}
		files["layouts/page.html"] = "<h1>{{ .Title }}</h1>" + call
		src := sitetest.FromMap(t, files)
		_, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "public"), NoCache: true})
		if err == nil || !strings.Contains(err.Error(), "partialCached: its value is") || !strings.Contains(err.Error(), "{{ template }}") {
			t.Errorf("%s: %v", call, err)
		}
	}
}
