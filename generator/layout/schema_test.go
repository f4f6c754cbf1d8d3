package layout

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

// schemaSite is a small site: a home page and one article citing a source,
// signed by a person and a desk.
func schemaSite(base string) (home, article SchemaPage) {
	h, a, cites := schemaPages(base)
	return SchemaPage{Page: h}, SchemaPage{Page: a, Image: "/fine/photo.jpg", Citations: cites}
}

func schemaPages(base string) (home, article *content.Page, cites []*content.Citation) {
	s := &content.Site{}
	s.Title, s.Description, s.Language, s.BaseURL = "Newsroom", "News about strikes.", "en", base
	home = &content.Page{Kind: content.KindHome, Title: "Newsroom", URL: "/", Site: s}
	src := &content.Source{Key: "dmhc", Outlet: "DMHC", Title: "Settlement release", URL: "https://dmhc.example/r",
		Date: time.Date(2023, 10, 12, 0, 0, 0, 0, time.UTC), DateText: "Oct. 12, 2023"}
	article = &content.Page{
		Kind: content.KindPage, Path: "content/fine.md", Title: "The fine", Description: "Why the state fined Kaiser.",
		URL: "/fine/", Site: s, Section: home, Breadcrumbs: []*content.Page{home},
		Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Updated: time.Date(2024, 2, 3, 9, 30, 0, 0, time.UTC),
		Authors: []*content.Author{
			{Key: "ana", Name: "Ana Reyes", Role: "Reporter", URL: "https://example.com/ana"},
			{Key: "desk", Name: "The desk", URL: "/about/", Organization: true},
		},
	}
	if base != "" {
		home.Permalink, article.Permalink = base, base+"fine/"
	}
	return home, article, []*content.Citation{{Number: 1, Source: src}}
}

// roundTrip encodes v as the jsonld function does and decodes it again, as
// a consumer of the page would.
func roundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestNewsArticleHasGoogleRichResultFields checks the NewsArticle of an
// article against Google's Article rich result rules: headline, image
// (absolute URLs), datePublished and dateModified in ISO 8601, and author
// objects each with a @type and a name (and url when known), plus the
// schema.org context and a citation for each source cited.
func TestNewsArticleHasGoogleRichResultFields(t *testing.T) {
	_, article := schemaSite("https://example.org/")
	objs := Schema(article, "https://example.org/")
	if len(objs) != 2 {
		t.Fatalf("want NewsArticle and BreadcrumbList, got %d objects", len(objs))
	}
	a := roundTrip(t, objs[0])
	for k, want := range map[string]any{
		"@context": "https://schema.org", "@type": "NewsArticle", "headline": "The fine",
		"description": "Why the state fined Kaiser.", "datePublished": "2024-01-02",
		"dateModified": "2024-02-03T09:30:00Z", "url": "https://example.org/fine/", "inLanguage": "en",
	} {
		if a[k] != want {
			t.Errorf("%s = %#v, want %#v", k, a[k], want)
		}
	}
	for _, k := range []string{"datePublished", "dateModified"} {
		s, _ := a[k].(string)
		if _, err := content.ParseDate(s); err != nil {
			t.Errorf("%s %q is not ISO 8601: %v", k, s, err)
		}
	}
	imgs, _ := a["image"].([]any)
	if len(imgs) != 1 || imgs[0] != "https://example.org/fine/photo.jpg" {
		t.Errorf("image = %#v, want one absolute URL", a["image"])
	}
	authors, _ := a["author"].([]any)
	if len(authors) != 2 {
		t.Fatalf("author = %#v, want two", a["author"])
	}
	want := []map[string]any{
		{"@type": "Person", "name": "Ana Reyes", "url": "https://example.com/ana", "jobTitle": "Reporter"},
		{"@type": "Organization", "name": "The desk", "url": "https://example.org/about/"},
	}
	for i, au := range authors {
		m := au.(map[string]any)
		if len(m) != len(want[i]) {
			t.Errorf("author %d = %#v, want %#v", i, m, want[i])
		}
		for k, v := range want[i] {
			if m[k] != v {
				t.Errorf("author %d %s = %#v, want %#v", i, k, m[k], v)
			}
		}
	}
	pub := a["publisher"].(map[string]any)
	if pub["@type"] != "Organization" || pub["name"] != "Newsroom" || pub["url"] != "https://example.org/" {
		t.Errorf("publisher = %#v", pub)
	}
	if mp := a["mainEntityOfPage"].(map[string]any); mp["@type"] != "WebPage" || mp["@id"] != "https://example.org/fine/" {
		t.Errorf("mainEntityOfPage = %#v", mp)
	}
	cites, _ := a["citation"].([]any)
	if len(cites) != 1 {
		t.Fatalf("citation = %#v", a["citation"])
	}
	c := cites[0].(map[string]any)
	if c["@type"] != "CreativeWork" || c["name"] != "Settlement release" || c["url"] != "https://dmhc.example/r" || c["datePublished"] != "2023-10-12" ||
		c["publisher"].(map[string]any)["name"] != "DMHC" {
		t.Errorf("citation = %#v", c)
	}

	bl := roundTrip(t, objs[1])
	items, _ := bl["itemListElement"].([]any)
	if bl["@type"] != "BreadcrumbList" || bl["@context"] != "https://schema.org" || len(items) != 2 {
		t.Fatalf("breadcrumbs = %#v", bl)
	}
	for i, it := range items {
		m := it.(map[string]any)
		if m["@type"] != "ListItem" || m["position"] != float64(i+1) || m["name"] == "" || !strings.HasPrefix(m["item"].(string), "https://example.org/") {
			t.Errorf("breadcrumb %d = %#v", i, m)
		}
	}
}

// TestSchemaWithoutBaseURLLeavesOutRelativeAddresses: structured data
// needs absolute addresses, so without a base URL there are no url, image
// or breadcrumbs, and nothing relative is written.
func TestSchemaWithoutBaseURLLeavesOutRelativeAddresses(t *testing.T) {
	home, article := schemaSite("")
	objs := Schema(article, "")
	if len(objs) != 1 {
		t.Fatalf("want only the NewsArticle, got %d objects", len(objs))
	}
	b, _ := json.Marshal(objs)
	if bytes.Contains(b, []byte(`"/`)) {
		t.Errorf("a relative address in %s", b)
	}
	a := roundTrip(t, objs[0])
	for _, k := range []string{"url", "image", "mainEntityOfPage"} {
		if _, ok := a[k]; ok {
			t.Errorf("%s written without a base URL: %#v", k, a[k])
		}
	}
	ws := roundTrip(t, Schema(home, "")[0])
	if ws["@type"] != "WebSite" || ws["name"] != "Newsroom" || ws["url"] != nil {
		t.Errorf("website = %#v", ws)
	}
}

func TestHomePageIsAWebSite(t *testing.T) {
	home, _ := schemaSite("https://example.org/")
	objs := Schema(home, "https://example.org/")
	if len(objs) != 1 {
		t.Fatalf("got %d objects", len(objs))
	}
	ws := roundTrip(t, objs[0])
	if ws["@context"] != "https://schema.org" || ws["@type"] != "WebSite" || ws["url"] != "https://example.org/" || ws["description"] != "News about strikes." {
		t.Errorf("website = %#v", ws)
	}
}

// TestMergeAndSetBuildDataInLayouts uses the functions in a template, as
// a layout adds its own fields to the generator's structured data.
func TestMergeAndSetBuildDataInLayouts(t *testing.T) {
	_, article := schemaSite("https://example.org/")
	env := &Env{BaseURL: "https://example.org/", Schema: func(p any) ([]map[string]any, error) {
		return Schema(p.(SchemaPage), "https://example.org/"), nil
	}}
	tmpl := template.Must(template.New("x").Funcs(Funcs(env)).Parse(
		`{{ $ld := index (schema .) 0 }}{{ $ld = set $ld "isAccessibleForFree" true }}{{ $ld = merge $ld (dict "headline" "Changed" "genre" "explainer") }}` +
			`<script type="application/ld+json">{{ jsonld (dict "headline" $ld.headline "free" $ld.isAccessibleForFree "genre" $ld.genre "type" (index $ld "@type")) }}</script>|{{ (index (schema .) 0).headline }}`))
	var b strings.Builder
	if err := tmpl.Execute(&b, article); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), `<script type="application/ld+json">{"free":true,"genre":"explainer","headline":"Changed","type":"NewsArticle"}</script>|The fine`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := set(nil, "", 1); err == nil {
		t.Error("set with an empty key: no error")
	}
}
