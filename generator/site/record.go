package site

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pack"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// rendered is what the markdown stage made of one page's body: owned by
// the build, never changed once made, and shown to layouts through Page.
type rendered struct {
	content   template.HTML // empty when kept elsewhere
	kept      storedHTML    // where content is kept, when not in content
	hash      string        // of content (Builder only)
	toc       []markdown.Heading
	links     []markdown.Link    // every link and image, with positions
	rawLinks  []markdown.RawLink // addresses in raw HTML, with positions
	ids       map[string]bool    // every id in content
	summary   string             // the description, else the first paragraph's text
	words     int
	minutes   int
	hasCode   bool
	citations []*content.Citation
}

// storedHTML is where a page's HTML is kept out of memory between the
// markdown and render stages: in the spill file or in the Markdown cache
// (neither: in rendered.content). It is a value in the page's record, not
// an object of its own: a small object per page, made among the
// conversion's garbage and kept to the end, held a span of the heap each
// (30 MB more resident memory at 10,000 pages).
type storedHTML struct {
	spill *spill // the spill file, or nil
	sref  spillRef
	md    *mdCache // the Markdown cache, or nil
	pref  pack.Ref
}

// in reports whether the HTML is kept in a file.
func (s storedHTML) in() bool { return s.spill != nil || s.md != nil }

// html reads the HTML.
func (s storedHTML) html() template.HTML {
	if s.spill != nil {
		return s.spill.get(s.sref)
	}
	return s.md.read(s.pref)
}

func (s storedHTML) len() int {
	if s.spill != nil {
		return s.sref.n
	}
	return s.pref.Len()
}

func (r *rendered) html() template.HTML {
	if r == nil {
		return ""
	}
	if r.kept.in() {
		return r.kept.html()
	}
	return r.content
}

// size is the length of the page's HTML.
func (r *rendered) size() int {
	if r == nil {
		return 0
	}
	if r.kept.in() {
		return r.kept.len()
	}
	return len(r.content)
}

func (r *rendered) headings() []markdown.Heading {
	if r == nil {
		return nil
	}
	return r.toc
}

func (r *rendered) idSet() map[string]bool {
	if r == nil {
		return nil
	}
	return r.ids
}

// images lists the page's Markdown images.
func (r *rendered) images() []markdown.Link {
	if r == nil {
		return nil
	}
	var out []markdown.Link
	for _, l := range r.links {
		if l.Image {
			out = append(out, l)
		}
	}
	return out
}

func (r *rendered) has(id string) bool { return r != nil && r.ids[id] }

func (r *rendered) cited() []*content.Citation {
	if r == nil {
		return nil
	}
	return r.citations
}

// value is what a render that read field of the page saw, for render
// keys: equal values mean equal reads.
func (r *rendered) value(field string) string {
	if r == nil {
		return "\x00none"
	}
	switch field {
	case "Content", "IDs":
		return r.hash
	case "TOC":
		var sb strings.Builder
		for _, h := range r.toc {
			sb.WriteString(strconv.Itoa(h.Level) + "\x00" + h.ID + "\x00" + h.Text + "\x01")
		}
		return sb.String()
	case "Summary":
		return r.summary
	case "WordCount", "ReadingMinutes":
		return strconv.Itoa(r.words)
	case "HasCode":
		return strconv.FormatBool(r.hasCode)
	case "Citations":
		return citeKeys(r.citations)
	}
	panic("site: no value for field " + field) // every field of Page that reads the body is listed above
}

// own is what the render of the page itself may show of its body.
func (r *rendered) own() string {
	if r == nil {
		return ""
	}
	return r.hash + "\x00" + r.summary + "\x00" + strconv.Itoa(r.words)
}

func citeKeys(cs []*content.Citation) string {
	var sb strings.Builder
	for _, c := range cs {
		sb.WriteString(c.Source.Key)
		sb.WriteByte(0)
	}
	return sb.String()
}

// summary is page p's summary, for the feeds.
func (b *build) summary(p *content.Page) string {
	if r := b.recs.get(p); r != nil {
		return r.summary
	}
	return p.Description
}

// dataKeys lists the citation keys of the data file a page renders.
func dataKeys(s *content.Site, p *content.Page) []string {
	if p.DataCitations == "" {
		return nil
	}
	var keys []string
	for _, r := range siteOf(s, p).DataCites[p.DataCitations] {
		if s.SourceByKey[r.Key] != nil {
			keys = append(keys, r.Key)
		}
	}
	return keys
}

// dataEntries maps each source key to the numbers (1, 2, ...) of the
// entries of page p's data_citations file that list it under sources:,
// once per listing: the entries are the file's list, or its "entries:"
// list.
func dataEntries(s *content.Site, p *content.Page) map[string][]int {
	if p.DataCitations == "" {
		return nil
	}
	var list []any
	switch d := siteOf(s, p).Data[p.DataCitations].(type) {
	case []any:
		list = d
	case map[string]any:
		list, _ = d["entries"].([]any)
	}
	var out map[string][]int
	for i, e := range list {
		m, _ := e.(map[string]any)
		keys, _ := m["sources"].([]any)
		for _, k := range keys {
			if k, ok := k.(string); ok {
				if out == nil {
					out = map[string][]int{}
				}
				out[k] = append(out[k], i+1)
			}
		}
	}
	return out
}
