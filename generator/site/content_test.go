package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// TestListsShowingContentKeepIt builds a site whose tag pages show every
// tagged page's HTML. Tag pages are rendered after the pages they list
// (their URLs sort last), so this fails if a build lets a page's HTML go
// once the page is written while a layout still reads it.
func TestListsShowingContentKeepIt(t *testing.T) {
	for _, showContent := range []bool{true, false} {
		t.Run(fmt.Sprintf("content=%v", showContent), func(t *testing.T) {
			dir := t.TempDir()
			term := `<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>`
			if showContent {
				term = `{{ range .Pages }}<section>{{ .Content }}</section>{{ end }}`
			}
			files := map[string]string{
				"content/site.yaml":    "title: Lists\n",
				"layouts/page.html":    `<main>{{ .Content }}</main>`,
				"layouts/section.html": `<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>`,
				"layouts/term.html":    term,
			}
			const n = 60
			for i := range n {
				files[fmt.Sprintf("content/posts/p%02d.md", i)] = fmt.Sprintf("---\ntitle: P%d\ntags: [all]\n---\nBody of page number %d.\n", i, i)
			}
			sitetest.Write(t, dir, files)
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(Options{Source: dir, Dest: dest, NoCache: true}); err != nil {
				t.Fatal(err)
			}
			tag, err := os.ReadFile(filepath.Join(dest, "tags", "all", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			page, err := os.ReadFile(filepath.Join(dest, "posts", "p07", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(page), "Body of page number 7.") {
				t.Errorf("page lacks its body:\n%s", page)
			}
			got := strings.Count(string(tag), "Body of page number")
			if want := map[bool]int{true: n, false: 0}[showContent]; got != want {
				t.Errorf("the tag page shows %d page bodies, want %d:\n%s", got, want, tag)
			}
		})
	}
}
