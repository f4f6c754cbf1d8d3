// Package corpus is a port to Go of shared/bench/gen-corpus (Python): it
// writes the same deterministic Markdown pages, byte for byte, so that the
// benchmarks run where the shared scripts or python3 are not present.
// corpus_test.go compares the two.
package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const nSections = 10

var corpusWords = strings.Fields(`
system model build render page site content template layout section index
markdown parser output cache memory thread worker queue channel buffer
request response server client network latency throughput benchmark profile
function method variable constant pointer slice string integer float value
module package import export library binary compile link deploy release
version branch commit merge review change update delete create insert
read write open close flush sync async event signal handler callback
river mountain forest ocean valley meadow garden harbor island desert
morning evening winter summer autumn spring weather season journey path
simple careful quick steady bright quiet gentle honest clever patient
data record field column table row query filter sort group order
light shadow color shape pattern texture surface edge corner center
teacher student writer reader editor author author's listener speaker
history future present moment period decade century era epoch cycle
`)

var stopWords = strings.Fields("the a an of to in on for with and or but as at by from into over under")

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

// capitalize is Python's str.capitalize for the ASCII words of the corpus.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

type prose struct {
	r     *pyRand
	count int
}

func (p *prose) word() string {
	if p.r.random() < 0.3 {
		return choice(p.r, stopWords)
	}
	return choice(p.r, corpusWords)
}

func (p *prose) sentence(lo, hi int) string {
	n := p.r.randint(lo, hi)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = p.word()
	}
	switch k := p.r.random(); {
	case k < 0.15:
		j := p.r.randrange(n)
		ws[j] = "**" + ws[j] + "**"
	case k < 0.30:
		j := p.r.randrange(n)
		ws[j] = "*" + ws[j] + "*"
	case k < 0.40:
		j := p.r.randrange(n)
		ws[j] = "`" + ws[j] + "()`"
	}
	p.count += n
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + choice(p.r, sentenceEnds)
}

func (p *prose) paragraph(lo, hi int) string {
	n := p.r.randint(lo, hi)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = p.sentence(8, 18)
	}
	return strings.Join(ss, " ")
}

func (p *prose) title(lo, hi int) string {
	n := p.r.randint(lo, hi)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = capitalize(choice(p.r, corpusWords))
	}
	return strings.Join(ws, " ")
}

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
	noun := strings.ReplaceAll(choice(r, corpusWords), "'", "")
	verb := choice(r, codeVerbs)
	k := fmt.Sprint(r.randint(1, 99))
	if r.random() < 0.5 {
		body := strings.NewReplacer("{pkg}", strings.ToLower(noun), "{Fn}", capitalize(verb)+capitalize(noun),
			"{noun}", noun, "{k}", k).Replace(goTmpl)
		return "```go\n" + body + "\n```"
	}
	body := strings.NewReplacer("{Cls}", capitalize(noun)+"Item", "{fn}", verb+"_"+noun,
		"{noun}", noun, "{k}", k).Replace(pyTmpl)
	return "```python\n" + body + "\n```"
}

func table(r *pyRand, p *prose) string {
	rows := []string{"| Name | Count | Notes |", "|------|------:|-------|"}
	n := r.randint(3, 5)
	for range n {
		w := choice(r, corpusWords)
		c := r.randint(1, 9999)
		rows = append(rows, fmt.Sprintf("| %s | %d | %s |", w, c, p.sentence(3, 6)))
	}
	return strings.Join(rows, "\n")
}

func bullets(r *pyRand, p *prose) string {
	n := r.randint(3, 6)
	ls := make([]string, n)
	for i := range ls {
		ls[i] = "- " + p.sentence(4, 10)
	}
	return strings.Join(ls, "\n")
}

func yamlStr(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// Page returns the text of page i of an n-page corpus.
func Page(i, n int) string {
	r := newPyRand(uint32(i))
	p := &prose{r: r}
	title := p.title(3, 7)
	dt := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration((i*7)%(24*365*10)) * time.Hour)
	date := dt.Format("2006-01-02T15:04:05Z")
	tags := pySample(r, tagPool, r.randint(1, 3))
	summary := p.sentence(10, 20)
	p.count = 0
	target := r.randint(600, 900)
	other := 0
	if n > 1 {
		other = int(r.random() * float64(n-1))
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
		qtags[i] = yamlStr(t)
	}
	fm := []string{"---",
		"title: " + yamlStr(title),
		"date: " + date,
		"tags: [" + strings.Join(qtags, ", ") + "]",
		"summary: " + yamlStr(summary),
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
