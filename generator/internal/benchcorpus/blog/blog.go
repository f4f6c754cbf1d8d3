// Package blog writes a realistic blog for the benchmark, unlike the
// uniform pages of package gencorpus: posts of very different lengths (200 to
// 8,000 words, most under 1,500), front matter with a summary, authors,
// tags and dates; code in Go, shell, JSON, YAML, Python and Rust in some
// posts and none in most; tables, footnotes, block quotes, raw HTML blocks,
// images in page bundles, headings with written ids and links between
// posts, some to those ids.
//
// Post i is the same in every corpus size and on every run: each post draws
// from its own seeded generator, and what other posts need to know of it
// (its slug, whether it is a bundle, whether it has the "takeaways"
// heading) comes from a second generator of its own.
package blog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus"
)

// Version changes whenever the posts Write writes change, so that a kept
// workspace writes them again.
const Version = 3

// Settings is the site.yaml of the corpus for the generator: raw HTML
// passes through, as on most blogs. The generator reads the front matter's
// summary as the description and its authors as keys of
// content/data/authors.yaml, which Write writes from authorPool.
const Settings = "title: Field Notes\nbase_url: http://127.0.0.1:1313/\nunsafe_html: true\n"

var words = benchcorpus.Words(benchcorpus.TechWords,
	"read write open close flush sync event signal handler callback deadline",
	benchcorpus.WorldWords,
	"teacher student writer reader editor author listener speaker neighbour",
	"history future present moment period decade century era cycle habit",
	"kitchen bicycle library station market bridge tunnel harbour lantern",
	"argument evidence question answer mistake lesson surprise trade-off")

var stop = benchcorpus.Words(benchcorpus.StopWords)

var tagPool = strings.Fields(`go rust python shell databases performance memory concurrency testing

design architecture networking security cli web templates markdown caching
profiling tooling release tutorial howto opinion news devops linux
compilers parsing static-sites cooking cycling travel books photography
gardening music teaching writing`)

var authorPool = []string{
	"Ana Ruiz", "Sam Okafor", "Mei Chen", "Jonas Berg", "Priya Nair",
	"Tomás Silva", "Hannah Weiss", "Kofi Mensah", "Lena Novak", "Omar Haddad",
	"Ruth Adler", "Yuki Tanaka",
}

// meta is what other posts need to know of post i.
type meta struct {
	slug      string
	bundle    bool // written as posts/slug/index.md with images beside it
	takeaways bool // has a "## Takeaways {#takeaways}" heading
	words     int
}

func metaOf(i int) meta {
	r := rand.New(rand.NewPCG(uint64(i), 1))
	var m meta
	n := 2 + r.IntN(4)
	parts := make([]string, n)
	for k := range parts {
		parts[k] = strings.ReplaceAll(benchcorpus.Pick(r, words), "'", "")
	}
	m.slug = fmt.Sprintf("%s-%d", strings.Join(parts, "-"), i)
	m.bundle = r.Float64() < 0.3
	// Log-uniform lengths skewed to short posts: median about 740 words.
	u := r.Float64()
	m.words = int(200 * math.Pow(40, math.Pow(u, 1.5)))
	m.takeaways = m.words >= 600
	return m
}

// URL is the site URL of post i.
func URL(i int) string { return "/posts/" + metaOf(i).slug + "/" }

// CodePost returns the first post of an n-post corpus with a Go, Python
// or Rust block (whose keywords a highlighter marks), or 0.
func CodePost(n int) int {
	for i := range n {
		text, _ := Post(i, n)
		if strings.Contains(text, "```go\n") || strings.Contains(text, "```python\n") || strings.Contains(text, "```rust\n") {
			return i
		}
	}
	return 0
}

// Path is the content-relative path of post i's Markdown file.
func Path(i int) string {
	m := metaOf(i)
	if m.bundle {
		return "posts/" + m.slug + "/index.md"
	}
	return "posts/" + m.slug + ".md"
}

// Post returns the text of post i of an n-post corpus and the names of
// the images of its bundle (none when it is a single file); Picture makes
// them.
func Post(i, n int) (string, []string) {
	m := metaOf(i)
	w := &writer{r: rand.New(rand.NewPCG(uint64(i), 2))}
	r := w.r
	// Fourteen years of posts, oldest first, at varied times of day.
	span := 14 * 365 * 24 * time.Hour
	date := time.Date(2012, 1, 1, 8, 0, 0, 0, time.UTC).Add(span / time.Duration(max(n, 1)) * time.Duration(i)).Add(time.Duration(r.IntN(600)) * time.Minute)
	title := w.title(3, 8)
	summary := w.sentence(12, 28)
	tags := pickN(r, tagPool, 1+r.IntN(5))
	authors := pickN(r, authorPool, 1+r.IntN(2)*r.IntN(2))

	var langs []string
	if r.Float64() < 0.4 {
		primary := benchcorpus.Pick(r, codeLangs)
		k := 1 + min(m.words/700, 10)
		for range k {
			if r.Float64() < 0.7 {
				langs = append(langs, primary)
			} else {
				langs = append(langs, benchcorpus.Pick(r, codeLangs))
			}
		}
	}
	hasTable := r.Float64() < 0.25
	hasNotes := r.Float64() < 0.35
	hasHTML := r.Float64() < 0.2
	hasQuote := r.Float64() < 0.3
	images := 0
	if m.bundle {
		images = 1 + r.IntN(3)
	}
	links := r.IntN(4)

	w.add(w.paragraph(2, 5))
	// Place the optional elements at random section boundaries.
	sections := max(1, m.words/350)
	type slot struct{ kind, arg string }
	at := make([][]slot, sections)
	put := func(s slot) {
		k := r.IntN(sections)
		at[k] = append(at[k], s)
	}
	for _, l := range langs {
		put(slot{"code", l})
	}
	if hasTable {
		put(slot{kind: "table"})
	}
	if hasHTML {
		put(slot{kind: "html"})
	}
	if hasQuote {
		put(slot{kind: "quote"})
	}
	for k := 1; k <= images; k++ {
		put(slot{"image", fmt.Sprintf("figure-%d.png", k)})
	}
	for range links {
		put(slot{kind: "link"})
	}
	if hasNotes {
		for range 1 + r.IntN(4) {
			put(slot{kind: "note"})
		}
	}
	target := m.words
	if m.takeaways {
		target -= 80
	}
	for s := 0; s < sections; s++ {
		if s > 0 {
			h := "## " + w.title(2, 6)
			if r.Float64() < 0.25 {
				h += fmt.Sprintf(" {#part-%d}", s)
			}
			w.add(h)
		}
		goal := target * (s + 1) / sections
		for k := 0; w.count < goal || k == 0; k++ {
			if k > 0 && k%3 == 0 && r.Float64() < 0.4 {
				w.add("### " + w.title(2, 5))
			}
			if r.Float64() < 0.12 {
				w.add(w.list())
				continue
			}
			w.add(w.paragraph(2, 6))
		}
		for _, sl := range at[s] {
			switch sl.kind {
			case "code":
				w.add(w.paragraph(1, 2))
				w.add(codeBlock(r, sl.arg))
			case "table":
				w.add(w.table())
			case "html":
				w.add(w.rawHTML())
			case "quote":
				w.add(w.quote())
			case "image":
				w.add(fmt.Sprintf("![%s](%s \"%s\")", w.sentence(3, 8), sl.arg, w.title(2, 4)))
			case "link":
				w.add(w.paragraph(1, 2) + " See " + w.link(i, n) + " for more. " + w.sentence(5, 12))
			case "note":
				w.add(w.paragraph(1, 3) + w.footnote() + " " + w.sentence(5, 12))
			}
		}
	}
	if m.takeaways {
		w.add("## Takeaways {#takeaways}")
		w.add(w.list())
		w.add("Read more on [our site](https://example.org/field-notes/" + m.slug + ") or write to <editor@example.org>.")
	}
	for _, note := range w.notes {
		w.add(note)
	}

	var fm strings.Builder
	fm.WriteString("---\n")
	fmt.Fprintf(&fm, "title: %s\n", benchcorpus.YAMLString(title))
	fmt.Fprintf(&fm, "date: %s\n", date.Format(time.RFC3339))
	fmt.Fprintf(&fm, "summary: %s\n", benchcorpus.YAMLString(summary))
	keys := make([]string, len(authors))
	for k, a := range authors {
		keys[k] = authorKey(a)
	}
	fmt.Fprintf(&fm, "authors: [%s]\n", benchcorpus.YAMLList(keys))
	fmt.Fprintf(&fm, "tags: [%s]\n", benchcorpus.YAMLList(tags))
	fm.WriteString("---\n\n")
	text := fm.String() + w.b.String() + "\n"

	var files []string
	for k := 1; k <= images; k++ {
		files = append(files, fmt.Sprintf("figure-%d.png", k))
	}
	return text, files
}

// authorKey is the registry key of an author: "Ana Ruiz" → "ana-ruiz".
func authorKey(name string) string {
	return strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(name, "á", "a"), " ", "-"))
}

// authorsYAML is content/data/authors.yaml: every author of the pool.
func authorsYAML() string {
	var b strings.Builder
	for _, a := range authorPool {
		fmt.Fprintf(&b, "- key: %s\n  name: %s\n", authorKey(a), benchcorpus.YAMLString(a))
	}
	return b.String()
}

func pickN(r *rand.Rand, pool []string, n int) []string {
	idx := r.Perm(len(pool))[:n]
	out := make([]string, n)
	for k, j := range idx {
		out[k] = pool[j]
	}
	return out
}

// Write writes an n-post blog into dir/content (removed first): the posts
// under content/posts/, content/site.yaml and content/data/authors.yaml
// for the generator, and content/posts/_index.md.
func Write(n int, dir string) error {
	root := filepath.Join(dir, "content")
	if err := os.RemoveAll(root); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(root, "posts"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, "site.yaml"), []byte(Settings), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(root, "data"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, "data", "authors.yaml"), []byte(authorsYAML()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, "posts", "_index.md"), []byte("---\ntitle: \"Posts\"\n---\n\nEvery post, newest first.\n"), 0o644); err != nil {
		return err
	}
	for i := range n {
		text, files := Post(i, n)
		p := filepath.Join(root, filepath.FromSlash(Path(i)))
		if metaOf(i).bundle {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
		}
		for k, name := range files {
			if err := os.WriteFile(filepath.Join(filepath.Dir(p), name), Picture(i, k+1), 0o644); err != nil {
				return err
			}
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
