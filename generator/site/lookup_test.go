package site

import (
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// TestSitePageFindsThePageInTheLanguage looks pages up by URL and by
// content path from English and Spanish pages: each finds its own
// language's version, or nothing when there is none.
func TestSitePageFindsThePageInTheLanguage(t *testing.T) {
	src, _ := sitetest.FromArchiveFile(t, "testdata/build/multilingual.txtar")
	o := &opSite{t: t, root: src, rng: rand.New(rand.NewSource(1))}
	lookups := `<p class="lookups">{{ range slice "/settlement/" "es/acuerdo.md" "content/guide/first.md" "/timeline/" "/nowhere/" }}[{{ with $.Site.Page . }}{{ .URL }}{{ end }}]{{ end }}` +
		`{{ with .Site.MenuItem "/settlement/" }}{{ .Title }}{{ end }}{{ with .Site.MenuItem "/es/acuerdo/" }}{{ .Title }}{{ end }}</p>`
	o.write("layouts/page.html", strings.Replace(o.read("layouts/page.html"), "{{ .Content }}", "{{ .Content }}"+lookups, 1))
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	tree := sitetest.ReadTree(t, dest)
	for page, want := range map[string]string{
		"settlement/index.html":      "[/settlement/][/settlement/][/guide/first/][/timeline/][]Settlement",
		"es/acuerdo/index.html":      "[/es/acuerdo/][/es/acuerdo/][/es/guia/primero/][][]Acuerdo",
		"es/guia/primero/index.html": "[/es/acuerdo/][/es/acuerdo/][/es/guia/primero/][][]Acuerdo",
		"guide/second/index.html":    "[/settlement/][/settlement/][/guide/first/][/timeline/][]Settlement",
	} {
		got := string(tree[filepath.FromSlash(page)])
		if !strings.Contains(got, `<p class="lookups">`+want+`</p>`) {
			i := strings.Index(got, `<p class="lookups">`)
			t.Errorf("%s: lookups show %.120q, want %q", page, got[max(i, 0):], want)
		}
	}
}

// TestCitationEntriesNumberTheDataEntries checks .Entries of a page's
// citations: the numbers of the entries of its data_citations file (a
// list, or a map's entries: list) that list the source, once per listing.
func TestCitationEntriesNumberTheDataEntries(t *testing.T) {
	for name, data := range map[string]string{
		"list":    "- {title: A, sources: [laist]}\n- {title: B, sources: [dmhc]}\n- {title: C, sources: [laist, dmhc, laist]}\n- {title: D}\n",
		"entries": "years: [2024]\nentries:\n  - {title: A, sources: [laist]}\n  - {title: B, sources: [dmhc]}\n  - {title: C, sources: [laist, dmhc, laist]}\n  - {title: D}\n",
	} {
		t.Run(name, func(t *testing.T) {
			src, _ := sitetest.FromArchiveFile(t, "testdata/build/multilingual.txtar")
			o := &opSite{t: t, root: src, rng: rand.New(rand.NewSource(1))}
			o.write("content/data/timeline.yaml", data)
			o.write("layouts/timeline.html", `{{ define "main" }}<p class="entries">{{ range .Citations }}{{ .Source.Key }}={{ range .Entries }}{{ . }},{{ end }};{{ end }}</p>{{ end }}`)
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(Options{Source: src, Dest: dest, NoCache: true}); err != nil {
				t.Fatal(err)
			}
			got := string(sitetest.ReadTree(t, dest)[filepath.FromSlash("timeline/index.html")])
			if want := `<p class="entries">laist=1,3,3,;dmhc=2,3,;</p>`; !strings.Contains(got, want) {
				t.Errorf("timeline page: %q, want %q", got, want)
			}
		})
	}
}
