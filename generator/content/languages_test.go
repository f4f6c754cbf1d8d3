package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

func TestFoldSlugKeepsURLsASCIIAndReadable(t *testing.T) {
	for in, want := range map[string]string{
		"Cronología":            "cronologia",
		"cronología":            "cronologia",
		"Año de la huelga":      "ano-de-la-huelga",
		"¿Qué pasó?":            "que-paso",
		"Pagó Año":              "pago-ano",
		"huelga_2024":           "huelga_2024",
		"Über Straße":           "uber-strae",
		"  --a--b--  ":          "a-b",
		"acuerdo":               "acuerdo",
		"Çà et là, naïve façon": "ca-et-la-naive-facon",
		"日本語":                   "",
	} {
		if got := FoldSlug(in); got != want {
			t.Errorf("FoldSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzFoldSlug checks that a folded slug is ASCII letters, digits, _ and
// single inner hyphens, and that folding it again changes nothing.
func FuzzFoldSlug(f *testing.F) {
	for _, s := range []string{"Cronología", "a--b", "¿Qué?", "日本", "e\u0301", "ǅ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := FoldSlug(s)
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
				t.Fatalf("FoldSlug(%q) = %q holds %q", s, got, r)
			}
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("FoldSlug(%q) = %q: stray hyphens", s, got)
		}
		if again := FoldSlug(got); again != got {
			t.Fatalf("FoldSlug(%q) = %q, but folding that gives %q", s, got, again)
		}
	})
}

func TestSiteWithoutLanguagesKeepsOneLanguageAndItsFolders(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":          {Data: []byte("title: T\nlanguage: de\n")},
		"content/es/cronología.md":   page("Cronología"),
		"content/data/timeline.yaml": {Data: []byte("- a: 1\n")},
		"content/data/x.es.yaml":     {Data: []byte("- a: 2\n")},
	}
	s, ds := Load(fsys, Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if len(s.Languages) != 1 || s.Languages[0].Code != "de" || !s.Languages[0].Default || s.Multilingual() {
		t.Errorf("languages %+v", s.Languages)
	}
	p := s.ByPath["es/cronología.md"]
	if p == nil || p.URL != "/es/cronología/" || p.Language != s.Languages[0] || p.Section.URL != "/es/" {
		t.Errorf("content/es/ must stay a section with unfolded URLs: %+v", p)
	}
	if _, ok := s.Data["x.es"]; !ok {
		t.Errorf("x.es.yaml must stay the data file x.es: %v", s.Data)
	}
}

func TestLanguagesGiveEachLanguageItsSiteView(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":     {Data: []byte("title: T\nmenu: [{title: A, page: a.md}]\nparams: {p: en, q: shared}\nlanguages:\n  - {code: en, name: English}\n  - {code: es, name: Español, title: Sitio, params: {p: es}}\n")},
		"content/_index.md":     page("Home"),
		"content/a.md":          page("A"),
		"content/es/a.md":       page("A es", "translation_of: a.md"),
		"content/es/sec/año.md": page("Año", "slug: Niño Año", "tags: [日本, Económica]"),
	}
	s, ds := Load(fsys, Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	es := s.LanguageByCode("es")
	ls := SiteOf(es)
	if ls.Title != "Sitio" || ls.Language != "es" || ls.Params["p"] != "es" || ls.Params["q"] != "shared" || s.Params["p"] != "en" {
		t.Errorf("es view: title %q language %q params %v; default params %v", ls.Title, ls.Language, ls.Params, s.Params)
	}
	if ls.Home.URL != "/es/" || ls.Home.Path != "" || ls.Home.Title != "Sitio" || ls.Home.Original != s.Home {
		t.Errorf("generated es home %+v", ls.Home)
	}
	if p := s.ByPath["es/sec/año.md"]; p.URL != "/es/sec/nino-ano/" || p.Section != ls.Sections[0] || ls.Sections[0].URL != "/es/sec/" {
		t.Errorf("folded slug or section: %q in %q", p.URL, p.Section.URL)
	}
	if tags := ls.Tags; len(tags) != 2 || tags[0].URL != "/es/tags/economica/" || tags[1].URL != "/es/tags/日本/" {
		t.Errorf("es tags: %v", tags)
	}
	a, aes := s.ByPath["a.md"], s.ByPath["es/a.md"]
	if aes.Original != a || len(a.Translations) != 1 || a.Translations[0] != aes || TranslationIn(aes, s.Languages[0]) != a {
		t.Errorf("translations not linked: %v %v", a.Translations, aes.Original)
	}
	if m := ls.Menu; len(m) != 1 || m[0].Page != aes || m[0].URL != "/es/a/" {
		t.Errorf("es menu without its own entries must point to translations: %+v", m[0])
	}
	if got := Untranslated(s, es); len(got) != 1 || got[0] != s.Home {
		t.Errorf("untranslated: %v", got)
	}
	if len(LanguagePages(ls)) >= len(s.All) || len(ls.All) != len(s.All) {
		t.Errorf("es pages %d, all %d", len(LanguagePages(ls)), len(s.All))
	}
}

// BenchmarkLoadTwoLanguages reloads, with a warm cache, a 5,000-page
// corpus and its translation into Spanish (10,000 pages in all, each
// Spanish page linked by translation_of), to compare with
// BenchmarkLoadCached's 10,000 pages in one language.
func BenchmarkLoadTwoLanguages(b *testing.B) {
	dir := b.TempDir()
	if err := gencorpus.Write(5000, dir); err != nil {
		b.Fatal(err)
	}
	site := "title: Bench\nlanguages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte(site), 0o644); err != nil {
		b.Fatal(err)
	}
	content := filepath.Join(dir, "content")
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		rel, _ := filepath.Rel(content, p)
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		tr := strings.Replace(string(src), "---\n", "---\ntranslation_of: "+filepath.ToSlash(rel)+"\n", 1)
		out := filepath.Join(content, "es", rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(tr), 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	c := NewCache()
	Load(fsys, Options{Cache: c})
	for b.Loop() {
		s, ds := Load(fsys, Options{Cache: c})
		if ds.HasErrors() || len(s.Pages) != 5000 || len(SiteOf(s.Languages[1]).Pages) != 5000 {
			b.Fatalf("%d pages, %v", len(s.Pages), ds.Errors())
		}
	}
}

// FuzzLanguagePaths loads a two-language site with a fuzzed Spanish file
// name, folder, slug and tag: no panic, every diagnostic at a path, and
// every Spanish page published under /es/ at a clean path inside the
// output folder.
func FuzzLanguagePaths(f *testing.F) {
	for _, s := range [][4]string{
		{"cronología", "sección", "Niño Año", "huelga económica"},
		{"a", "", "", ""},
		{"日本", "日本", "日本", "日本"},
		{"x y", "a b/c d", "s", "t"},
		{"_index", "sec", "", ""},
		{"index", "paquete", "", ""},
		{"404", "", "", ""},
		{"..a", "..b", "..", "."},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, name, dir, slug, tag string) {
		rel := "content/es/" + name + ".md"
		if dir != "" {
			rel = "content/es/" + dir + "/" + name + ".md"
		}
		if !fs.ValidPath(rel) || strings.ContainsAny(slug+tag, "\n\r\"\\") || strings.Contains(rel, "/.") || strings.Contains(rel, "/_") && !strings.HasSuffix(rel, "/_index.md") {
			return
		}
		fm := "title: T\n"
		if slug != "" {
			fm += "slug: \"" + slug + "\"\n"
		}
		if tag != "" {
			fm += "tags: [\"" + tag + "\"]\n"
		}
		fsys := fstest.MapFS{
			"content/site.yaml": {Data: []byte("title: S\nlanguages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n")},
			"content/a.md":      page("A"),
			rel:                 {Data: []byte("---\n" + fm + "---\nTexto.\n")},
		}
		s, ds := Load(fsys, Options{})
		for _, d := range ds {
			if d.Path == "" || d.Msg == "" {
				t.Fatalf("diagnostic without a path: %#v", d)
			}
		}
		for _, p := range LanguagePages(SiteOf(s.Languages[1])) {
			if !strings.HasPrefix(p.URL, "/es/") || !strings.HasPrefix(p.OutPath, "es/") {
				t.Fatalf("Spanish page %q at %q (%q)", p.Path, p.URL, p.OutPath)
			}
			for _, seg := range strings.Split(p.OutPath, "/") {
				if seg == "" || seg == "." || seg == ".." {
					t.Fatalf("Spanish page %q writes %q", p.Path, p.OutPath)
				}
			}
		}
	})
}
