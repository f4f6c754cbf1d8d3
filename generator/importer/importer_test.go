package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// importAndBuild imports a fixture site and builds the result; the build
// must have no errors and no warnings from check.
func importAndBuild(t *testing.T, kind, src string) (*Result, string) {
	t.Helper()
	before := sitetest.Snapshot(t, src)
	dest := filepath.Join(t.TempDir(), "site")
	res, err := Import(Options{Kind: kind, Src: os.DirFS(src), Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if d := sitetest.Diff(before, sitetest.Snapshot(t, src)); d != "" {
		t.Fatalf("the import changed the source site:\n%s", d)
	}
	opts := site.Options{Source: dest, NoCache: true}
	if _, err := site.Build(opts); err != nil {
		t.Fatalf("the imported site does not build:\n%v", err)
	}
	opts.Dest = ""
	for _, d := range site.Check(opts, timeNow()) {
		t.Errorf("check: %s", d)
	}
	return res, dest
}

func wantFiles(t *testing.T, dir string, files ...string) {
	t.Helper()
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

func wantNotes(t *testing.T, res *Result, want ...string) {
	t.Helper()
	var got []string
	for _, n := range res.Notes {
		got = append(got, n.String())
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("no note %q in:\n%s", w, all)
		}
	}
}

func read(t *testing.T, dir, f string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHugoSiteImportsAndBuildsKeepingItsURLs(t *testing.T) {
	res, dest := importAndBuild(t, "hugo", "testdata/hugo")
	if res.Pages != 6 || res.Files != 2 {
		t.Errorf("pages %d files %d, want 6 and 2", res.Pages, res.Files)
	}
	wantFiles(t, filepath.Join(dest, "public"),
		"2024/01/hello/index.html",                      // permalinks: /:year/:month/:slug/
		"2024/first/index.html", "old-about/index.html", // aliases, absolute and relative
		"2024/04/second-post/index.html", // lower-cased file name, under the permalink
		"posts/bundle/map.png",           // the bundle's file, where it was
		"images/logo.png",                // static/
		"tags/intro/index.html", "categories/updates/index.html", "series/getting-going/index.html",
	)
	first := read(t, dest, "content/posts/first-post.md")
	for _, w := range []string{"description: The first post.", "updated: 2024-02-01", "[the bundle](bundle/index.md)", "(bundle/index.md#the-part)", "![The logo](/images/logo.png \"Our logo\")", "```go\npackage main\n```"} {
		if !strings.Contains(first, w) {
			t.Errorf("first-post.md lacks %q:\n%s", w, first)
		}
	}
	settings := read(t, dest, "content/site.yaml")
	for _, w := range []string{"title: A Hugo blog", "base_url: https://example.org/blog/", "page: about.md", "page: posts/_index.md", "- series"} {
		if !strings.Contains(settings, w) {
			t.Errorf("site.yaml lacks %q:\n%s", w, settings)
		}
	}
	wantNotes(t, res,
		"content/about.md:6: front matter field \"type\" not converted",
		"hugo.toml: theme \"ananke\" not converted",
		"layouts/_default/_markup/render-link.html: render hook not converted",
		"layouts/shortcodes/youtube.html: shortcode template not converted",
	)
}

func TestZolaSiteImportsAndBuildsKeepingItsURLs(t *testing.T) {
	res, dest := importAndBuild(t, "zola", "testdata/zola")
	wantFiles(t, filepath.Join(dest, "public"),
		"blog/hello-world/index.html",     // date taken from the file name
		"blog/second-thoughts/index.html", // slugified file name
		"blog/trip/index.html", "blog/trip/map.png",
		"about/index.html",                   // path = "about"
		"old/hello/index.html", "hello.html", // aliases
		"tags/zola/index.html", "categories/travel/index.html",
		"humans.txt",
	)
	hello := read(t, dest, "content/blog/hello-world.md")
	for _, w := range []string{"date: \"2024-01-15\"", "params:\n  hero: hero.jpg", "tags:\n  - intro", "[the second post](second-thoughts.md#why)", "[the trip](trip/index.md)", "[ref]: ../pages/about.md"} {
		if !strings.Contains(hello, w) {
			t.Errorf("hello-world.md lacks %q:\n%s", w, hello)
		}
	}
	wantNotes(t, res,
		"content/blog/_index.md:5: front matter field \"paginate_by\" not converted",
		"content/pages/about.md:5: front matter field \"template\" not converted",
		"config.toml: theme \"even\" not converted",
		"templates/index.html: not converted",
		"sass/style.scss: not converted",
	)
}

func TestShortcodesItCannotConvertAreListedWithTheirLines(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"hugo.toml":           "title = \"T\"\n",
		"content/a.md":        "---\ntitle: A\n---\nText.\n\n{{< youtube abc >}}\n\n```\n{{< inside code >}}\n```\n{{% notice %}}x{{% /notice %}}\n[x]({{< ref \"nowhere\" >}})\n",
		"content/b/_index.md": "+++\ntitle = \"B\"\n+++\n",
	}
	sitetest.Write(t, src, files)
	res, err := Import(Options{Kind: "hugo", Src: os.DirFS(src), Dest: filepath.Join(t.TempDir(), "out")})
	if err != nil {
		t.Fatal(err)
	}
	wantNotes(t, res,
		"content/a.md:6: shortcode {{< youtube abc >}} not converted",
		"content/a.md:11: shortcode {{% notice %}} not converted",
		"content/a.md:12: {{< ref \"nowhere\" >}} not converted: no page \"nowhere\"",
	)
	for _, n := range res.Notes {
		if n.Line == 9 {
			t.Errorf("a shortcode inside a code block was reported: %s", n)
		}
	}
}

func TestImportRefusesADestinationThatIsNotNew(t *testing.T) {
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "keep.txt"), []byte("mine"), 0o644)
	_, err := Import(Options{Kind: "hugo", Src: os.DirFS("testdata/hugo"), Dest: dest})
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("want a refusal, got %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "keep.txt")); string(b) != "mine" {
		t.Error("the destination's file changed")
	}
	if _, err := Import(Options{Kind: "zola", Src: os.DirFS("testdata/hugo"), Dest: filepath.Join(t.TempDir(), "x")}); err == nil || !strings.Contains(err.Error(), "Zola site") {
		t.Errorf("a Hugo site imported as Zola: want an error naming Zola, got %v", err)
	}
}

func timeNow() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
