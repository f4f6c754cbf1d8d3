// Package gencorpus is a port to Go of shared/bench/gen-corpus (Python): it
// writes the same deterministic Markdown pages, byte for byte, so that the
// benchmarks run where the shared scripts or python3 are not present.
// corpus_test.go compares the two.
package gencorpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus"
)

const nSections = 10

var corpusWords = benchcorpus.Words(benchcorpus.TechWords,
	"read write open close flush sync async event signal handler callback",
	benchcorpus.WorldWords,
	"teacher student writer reader editor author author's listener speaker",
	"history future present moment period decade century era epoch cycle")

// stopWords are the first 19 of the shared stop words, as in gen-corpus.
var stopWords = benchcorpus.Words(benchcorpus.StopWords)[:19]

var tagPool = []string{
	"go", "python", "rust", "javascript", "performance", "memory", "concurrency",
	"testing", "design", "architecture", "databases", "networking", "security",
	"cli", "web", "templates", "markdown", "caching", "profiling", "tooling",
	"release", "tutorial", "howto", "opinion", "news", "devops", "linux",
	"compilers", "parsing", "static-sites",
}

var sentenceEnds = []string{".", ".", ".", "?", "!"}

var codeVerbs = []string{"collect", "merge", "render", "index", "scan", "count", "build"}

// Path is the content-relative path of page i.
func Path(i int) string { return fmt.Sprintf("section-%02d/page-%05d.md", sectionOf(i), i) }

func sectionOf(i int) int { return i%nSections + 1 }

// URL is the site URL of page i.
func URL(i int) string { return fmt.Sprintf("/section-%02d/page-%05d/", sectionOf(i), i) }

type prose struct {
	r     *pyRand
	count int
}

func (p *prose) word() string { return benchcorpus.Word(p.r, corpusWords, stopWords) }

func (p *prose) sentence(lo, hi int) string {
	n := benchcorpus.Between(p.r, lo, hi)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = p.word()
	}
	switch k := p.r.Float64(); {
	case k < 0.15:
		j := p.r.IntN(n)
		ws[j] = "**" + ws[j] + "**"
	case k < 0.30:
		j := p.r.IntN(n)
		ws[j] = "*" + ws[j] + "*"
	case k < 0.40:
		j := p.r.IntN(n)
		ws[j] = "`" + ws[j] + "()`"
	}
	p.count += n
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + benchcorpus.Pick(p.r, sentenceEnds)
}

func (p *prose) paragraph(lo, hi int) string {
	return benchcorpus.Paragraph(p.r, lo, hi, func() string { return p.sentence(8, 18) })
}

func (p *prose) title(lo, hi int) string { return benchcorpus.Title(p.r, corpusWords, lo, hi) }

const goTmpl = "package {pkg}\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n" +
	"// {Fn} joins the {noun} values and reports how many were seen.\n" +
	"func {Fn}(items []string, limit int) (string, int) {\n\tvar b strings.Builder\n\tn := 0\n" +
	"\tfor i, s := range items {\n\t\tif i >= limit {\n\t\t\tbreak\n\t\t}\n" +
	"\t\tfmt.Fprintf(&b, \"%d:%s;\", i, strings.ToUpper(s))\n\t\tn++\n\t}\n\treturn b.String(), n + {k}\n}"

const pyTmpl = "import collections\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass {Cls}:\n" +
	"    name: str\n    weight: float = {k}.5\n\n\ndef {fn}(items, limit={k}):\n" +
	"    \"\"\"Count the {noun} entries, keeping at most `limit`.\"\"\"\n" +
	"    counts = collections.Counter()\n    for i, item in enumerate(items):\n        if i >= limit:\n" +
	"            break\n        counts[item.lower()] += 1\n    return [{Cls}(k, float(v)) for k, v in counts.most_common()]"

func codeBlock(r *pyRand) string {
	noun := strings.ReplaceAll(benchcorpus.Pick(r, corpusWords), "'", "")
	verb := benchcorpus.Pick(r, codeVerbs)
	k := fmt.Sprint(benchcorpus.Between(r, 1, 99))
	if r.Float64() < 0.5 {
		body := strings.NewReplacer("{pkg}", strings.ToLower(noun), "{Fn}", benchcorpus.Capitalize(verb)+benchcorpus.Capitalize(noun),
			"{noun}", noun, "{k}", k).Replace(goTmpl)
		return "```go\n" + body + "\n```"
	}
	body := strings.NewReplacer("{Cls}", benchcorpus.Capitalize(noun)+"Item", "{fn}", verb+"_"+noun,
		"{noun}", noun, "{k}", k).Replace(pyTmpl)
	return "```python\n" + body + "\n```"
}

func table(r *pyRand, p *prose) string {
	rows := []string{"| Name | Count | Notes |", "|------|------:|-------|"}
	n := benchcorpus.Between(r, 3, 5)
	for range n {
		w := benchcorpus.Pick(r, corpusWords)
		c := benchcorpus.Between(r, 1, 9999)
		rows = append(rows, fmt.Sprintf("| %s | %d | %s |", w, c, p.sentence(3, 6)))
	}
	return strings.Join(rows, "\n")
}

func bullets(r *pyRand, p *prose) string {
	n := benchcorpus.Between(r, 3, 6)
	ls := make([]string, n)
	for i := range ls {
		ls[i] = "- " + p.sentence(4, 10)
	}
	return strings.Join(ls, "\n")
}

// Page returns the text of page i of an n-page corpus.
func Page(i, n int) string {
	r := newPyRand(uint32(i))
	p := &prose{r: r}
	title := p.title(3, 7)
	dt := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration((i*7)%(24*365*10)) * time.Hour)
	date := dt.Format("2006-01-02T15:04:05Z")
	tags := pySample(r, tagPool, benchcorpus.Between(r, 1, 3))
	summary := p.sentence(10, 20)
	p.count = 0
	target := benchcorpus.Between(r, 600, 900)
	other := 0
	if n > 1 {
		other = int(r.Float64() * float64(n-1))
		if other >= i {
			other++
		}
	}
	linkText := p.title(2, 4)

	var parts []string
	add := func(s string) { parts = append(parts, s) }
	add(p.paragraph(3, 6))
	add("## " + p.title(3, 7))
	add(p.paragraph(3, 6))
	add("### " + p.title(3, 7))
	add(bullets(r, p))
	para := p.paragraph(2, 3) + fmt.Sprintf(" See [%s](%s) for a related note. ", linkText, URL(other))
	add(para + p.sentence(8, 18) + "[^1]")
	add("## " + p.title(3, 7))
	add(table(r, p))
	add(p.paragraph(2, 4))
	add("### " + p.title(3, 7))
	add(codeBlock(r))
	for k := 0; p.count < target; k++ {
		if k%2 == 1 {
			h := "### "
			if k%4 == 1 {
				h = "## "
			}
			add(h + p.title(3, 7))
		}
		add(p.paragraph(3, 6))
	}
	add("[^1]: " + p.sentence(6, 12))

	qtags := make([]string, len(tags))
	for i, t := range tags {
		qtags[i] = benchcorpus.YAMLString(t)
	}
	fm := []string{"---",
		"title: " + benchcorpus.YAMLString(title),
		"date: " + date,
		"tags: [" + strings.Join(qtags, ", ") + "]",
		"summary: " + benchcorpus.YAMLString(summary),
		"draft: false",
		"---", ""}
	return strings.Join(fm, "\n") + strings.Join(parts, "\n\n") + "\n"
}

// Write writes an n-page corpus into dir/content (removed first) and
// dir/corpus.json, as gen-corpus does.
func Write(n int, dir string) error {
	content := filepath.Join(dir, "content")
	if err := os.RemoveAll(content); err != nil {
		return err
	}
	for s := 1; s <= nSections; s++ {
		if err := os.MkdirAll(filepath.Join(content, fmt.Sprintf("section-%02d", s)), 0o755); err != nil {
			return err
		}
	}
	for i := range n {
		p := filepath.Join(content, filepath.FromSlash(Path(i)))
		if err := os.WriteFile(p, []byte(Page(i, n)), 0o644); err != nil {
			return err
		}
	}
	secs := make([]string, nSections)
	for s := range secs {
		secs[s] = fmt.Sprintf("section-%02d", s+1)
	}
	meta, err := json.MarshalIndent(struct {
		Pages    int      `json:"pages"`
		Sections []string `json:"sections"`
		Tags     []string `json:"tags"`
	}{n, secs, tagPool}, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "corpus.json"), append(meta, '\n'), 0o644)
}
