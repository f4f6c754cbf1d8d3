package content

import (
	"strings"
	"testing"
	"time"
)

func TestTOMLFrontMatterReadsFieldsWithPositions(t *testing.T) {
	src := "+++\ntitle = \"The fine\"\ndate = 2023-10-12\nlastmod = 2023-11-01T10:00:00Z\nsummary = \"Short\"\ndraft = false\nweight = 1_0\naliases = [\"/old/\"]\n\n[taxonomies]\ntags = [\"a\", \"b\"]\ncategories = [\"news\"]\n\n[extra]\nhero = \"x.jpg\"\n+++\nbody\n"
	p, ds := parsePage("a.md", []byte(src), "h", nil)
	if ds.HasErrors() || len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	if p.Title != "The fine" || p.Description != "Short" || p.Weight != 10 || p.Aliases[0] != "/old/" {
		t.Errorf("fields not read: %+v", p)
	}
	if !p.Date.Equal(time.Date(2023, 10, 12, 0, 0, 0, 0, time.UTC)) || !p.Updated.Equal(time.Date(2023, 11, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("dates: %v %v", p.Date, p.Updated)
	}
	if strings.Join(p.Tags, ",") != "a,b" || strings.Join(p.TermsOf("categories"), ",") != "news" {
		t.Errorf("terms: tags %v categories %v", p.Tags, p.TermsOf("categories"))
	}
	if p.Params["hero"] != "x.jpg" {
		t.Errorf("[extra] not in params: %v", p.Params)
	}
	for field, want := range map[string]Pos{"title": {2, 1}, "weight": {7, 1}, "tags": {11, 1}, "categories": {12, 1}} {
		if got := p.FieldPos[field]; got != want {
			t.Errorf("position of %s = %v, want %v", field, got, want)
		}
	}
	if !strings.HasPrefix(string(p.body), strings.Repeat("\n", 16)+"body") {
		t.Errorf("front matter lines not blanked: %q", p.body)
	}
}

func TestJSONFrontMatterReadsFieldsWithPositions(t *testing.T) {
	src := "{\n  \"title\": \"J\",\n  \"date\": \"2024-01-02\",\n  \"tags\": [\"x\"],\n  \"weight\": 3\n}\nbody\n"
	p, ds := parsePage("a.md", []byte(src), "h", nil)
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	if p.Title != "J" || p.Weight != 3 || len(p.Tags) != 1 {
		t.Errorf("fields not read: %+v", p)
	}
	if got := p.FieldPos["weight"]; got != (Pos{5, 3}) {
		t.Errorf("position of weight = %v, want 5:3", got)
	}
	if string(p.body) != "\n\n\n\n\n\nbody\n" {
		t.Errorf("body %q", p.body)
	}
}

func TestFrontMatterFormatErrorsArePlaced(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"toml syntax", "+++\ntitle = \"x\"\ndate = \n+++\n", "content/a.md:3:"},
		{"toml duplicate key", "+++\ntitle = \"x\"\ntitle = \"y\"\n+++\n", "content/a.md:3:1: invalid TOML"},
		{"toml never closed", "+++\ntitle = \"x\"\n", "content/a.md:1:1: TOML front matter starts with +++ here but is never closed"},
		{"toml wrong type", "+++\ntitle = \"x\"\ndraft = \"yes\"\n+++\n", "content/a.md:3:9: field \"draft\" must be true or false"},
		{"toml bad date", "+++\ntitle = \"x\"\ndate = \"soon\"\n+++\n", "content/a.md:3:8: field \"date\""},
		{"json syntax", "{\n  \"title\": \"x\",\n  \"draft\": tru\n}\n", "content/a.md:3:"},
		{"json wrong type", "{\n  \"title\": \"x\",\n  \"weight\": \"heavy\"\n}\n", "content/a.md:3:13: field \"weight\" must be a whole number"},
		{"json not closed", "{\n  \"title\": \"x\"\n", "content/a.md:3:1: JSON front matter starts with { but its closing } is missing"},
		{"json text after", "{\"title\": \"x\"} body\n", "content/a.md:1:15: JSON front matter must end with }"},
		{"unknown format", ";;;\ntitle: x\n;;;\n", "content/a.md:1:1: front matter in a format this generator does not read (\";;;\"): start the file with --- (YAML), +++ (TOML) or { (JSON)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := parsePage("a.md", []byte(c.src), "h", nil)
			if !ds.HasErrors() {
				t.Fatalf("no error")
			}
			if got := ds[0].Error(); !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %s\nwant %s…", got, c.want)
			}
		})
	}
}

func TestMappedFieldsYieldToThisSitesOwn(t *testing.T) {
	src := "---\ntitle: x\nsummary: from summary\ndescription: own\npath: about/team\n---\n"
	p, ds := parsePage("a.md", []byte(src), "h", nil)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if p.Description != "own" || p.URL != "/about/team/" {
		t.Errorf("description %q url %q", p.Description, p.URL)
	}
	if p.FieldPos["url"] != (Pos{5, 1}) {
		t.Errorf("url position %v", p.FieldPos["url"])
	}
}

func TestReadFrontMatterGivesTheRestOfTheFile(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: A\n---\nbody\n\nmore\n",
		"+++\ntitle = \"A\"\n+++\nbody\n\nmore\n",
		"{\n\"title\": \"A\"\n}\nbody\n\nmore\n",
		"{\"title\": \"A\"}\nbody\n\nmore\n",
	} {
		root, rest, format, ds := ReadFrontMatter("a.md", []byte(src))
		if len(ds) > 0 || root == nil || format == "" {
			t.Fatalf("%q: %v %v", src, ds, root)
		}
		if string(rest) != "body\n\nmore\n" {
			t.Errorf("%q: rest %q", src, rest)
		}
		if root.Content[0].Value != "title" || root.Content[0].Line+1 != 2 && format != formatJSON {
			t.Errorf("%q: first key %q at %d", src, root.Content[0].Value, root.Content[0].Line)
		}
	}
}
