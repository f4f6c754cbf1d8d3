package blog

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus"
)

// writer writes the prose of one post: words, sentences, paragraphs and
// the Markdown blocks (lists, tables, quotes, raw HTML, footnotes, links)
// posts are made of, counting the words.
type writer struct {
	r     *rand.Rand
	b     strings.Builder
	count int // words of prose written
	notes []string
}

func (w *writer) pick(xs []string) string { return benchcorpus.Pick(w.r, xs) }

func (w *writer) word() string { return benchcorpus.Word(w.r, words, stop) }

func (w *writer) sentence(lo, hi int) string {
	n := benchcorpus.Between(w.r, lo, hi)
	ws := make([]string, n)
	for k := range ws {
		ws[k] = w.word()
	}
	j := w.r.IntN(n)
	switch k := w.r.Float64(); {
	case k < 0.10:
		ws[j] = "**" + ws[j] + "**"
	case k < 0.20:
		ws[j] = "*" + ws[j] + "*"
	case k < 0.27:
		ws[j] = "`" + ws[j] + "()`"
	case k < 0.30:
		ws[j] = `"` + ws[j] + `"`
	case k < 0.32:
		ws[j] += " -- " + w.word()
	case k < 0.34:
		ws[j] = "<kbd>" + ws[j] + "</kbd>"
	}
	w.count += n
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + w.pick([]string{".", ".", ".", ".", "?", "!"})
}

func (w *writer) paragraph(lo, hi int) string {
	return benchcorpus.Paragraph(w.r, lo, hi, func() string { return w.sentence(6, 22) })
}

func (w *writer) title(lo, hi int) string { return benchcorpus.Title(w.r, words, lo, hi) }

func (w *writer) add(s string) {
	if w.b.Len() > 0 {
		w.b.WriteString("\n\n")
	}
	w.b.WriteString(s)
}

func (w *writer) list() string {
	n := 3 + w.r.IntN(5)
	ordered := w.r.Float64() < 0.3
	var ls []string
	for k := range n {
		mark := "-"
		if ordered {
			mark = fmt.Sprintf("%d.", k+1)
		}
		ls = append(ls, mark+" "+w.sentence(3, 12))
		if w.r.Float64() < 0.15 {
			ls = append(ls, "    - "+w.sentence(3, 8))
		}
	}
	return strings.Join(ls, "\n")
}

func (w *writer) table() string {
	cols := 2 + w.r.IntN(4)
	rows := 3 + w.r.IntN(10)
	var b strings.Builder
	head, sep := make([]string, cols), make([]string, cols)
	for c := range cols {
		head[c] = w.title(1, 2)
		sep[c] = "---"
		if c > 0 && w.r.Float64() < 0.5 {
			sep[c] = "---:"
		}
	}
	fmt.Fprintf(&b, "| %s |\n| %s |", strings.Join(head, " | "), strings.Join(sep, " | "))
	for range rows {
		cells := make([]string, cols)
		for c := range cells {
			if c > 0 && sep[c] == "---:" {
				cells[c] = fmt.Sprintf("%d", w.r.IntN(100000))
			} else {
				cells[c] = w.sentence(1, 5)
			}
		}
		fmt.Fprintf(&b, "\n| %s |", strings.Join(cells, " | "))
	}
	return b.String()
}

func (w *writer) quote() string {
	return "> " + w.paragraph(1, 3) + "\n>\n> — " + w.pick(authorPool)
}

func (w *writer) rawHTML() string {
	switch w.r.IntN(3) {
	case 0:
		return "<aside class=\"note\">\n<p><strong>Note:</strong> " + w.sentence(8, 20) + "</p>\n</aside>"
	case 1:
		return "<details>\n<summary>" + w.title(2, 4) + "</summary>\n\n" + w.paragraph(2, 4) + "\n\n</details>"
	}
	return "<div class=\"stats\">\n<span>" + fmt.Sprint(w.r.IntN(1000)) + " readers</span>\n<span>" + fmt.Sprint(w.r.IntN(90)) + " comments</span>\n</div>"
}

func (w *writer) footnote() string {
	k := len(w.notes) + 1
	w.notes = append(w.notes, fmt.Sprintf("[^%d]: %s", k, w.sentence(5, 16)))
	return fmt.Sprintf("[^%d]", k)
}

// link returns a Markdown link to another post of an n-post corpus, to its
// takeaways heading when it has one, sometimes.
func (w *writer) link(self, n int) string {
	if n < 2 {
		return "[the archive](/posts/)"
	}
	j := w.r.IntN(n - 1)
	if j >= self {
		j++
	}
	u := URL(j)
	if metaOf(j).takeaways && w.r.Float64() < 0.3 {
		u += "#takeaways"
	}
	return "[" + strings.ToLower(w.title(2, 4)) + "](" + u + ")"
}
