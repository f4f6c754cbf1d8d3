package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
)

// samplePage returns a realistic page of about 800 words with one code block,
// citations, links, a table, a list and a footnote, behind a blanked front
// matter block.
func samplePage() []byte {
	var b strings.Builder
	b.WriteString("\n\n\n\n\n")
	b.WriteString("Kaiser Permanente mental health workers in Southern California went on strike [@laist-2024-10-21] " +
		"after contract talks stalled; the union says staffing is the core issue.[^staff]\n\n")
	para := "About 2,400 psychologists, therapists and social workers walked off the job. The union " +
		"argued that caseloads had grown \"unsustainable\" -- and that patients wait weeks for return " +
		"visits [@cnn-2024-10-21; @laist-2024-10-21]. Kaiser said it had offered raises and that care " +
		"continued, as described on [the settlement page](../settlement.md#the-fine) and in " +
		"[the timeline](/timeline/).\n\n"
	for i := range 7 {
		fmt.Fprintf(&b, "## Section %d: what changed {.section}\n\n", i+1)
		b.WriteString(para)
		b.WriteString("- Wait times for *therapy* appointments\n- Staffing ratios and `caseload` caps\n- Pay parity with other systems\n\n")
		b.WriteString(para)
		if i == 2 {
			b.WriteString("| Year | Event |\n|------|-------|\n| 2022 | Northern strike |\n| 2024 | Southern strike |\n\n")
			b.WriteString("```go\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(\"strike day\", i)\n\t}\n}\n```\n\n")
		}
	}
	b.WriteString("[^staff]: See the DMHC report [@dmhc-2023].\n")
	return []byte(b.String())
}

func sampleContext() *PageContext {
	nums := map[string]int{}
	return &PageContext{
		ResolveLink: func(dest string, image bool) (string, error) {
			if strings.HasSuffix(dest, ".md") || strings.Contains(dest, ".md#") {
				return "/" + strings.Replace(strings.TrimPrefix(dest, "../"), ".md", "/", 1), nil
			}
			return dest, nil
		},
		Cite: func(key string) (int, error) {
			if nums[key] == 0 {
				nums[key] = len(nums) + 1
			}
			return nums[key], nil
		},
	}
}

func TestSamplePageWordCount(t *testing.T) {
	r := convert(t, New(Options{}), string(samplePage()), sampleContext())
	if r.WordCount < 700 || r.WordCount > 900 {
		t.Errorf("sample page has %d words, want about 800", r.WordCount)
	}
	if len(r.Problems) != 0 {
		t.Errorf("problems: %v", r.Problems)
	}
}

func TestConvertIsSafeForConcurrentUse(t *testing.T) {
	c := New(Options{Highlighter: highlight.New(nil)})
	pages := [][]byte{samplePage(), []byte("# A\n\n[@x] [y](y.md)\n"), []byte("## Intro\n## Intro\n")}
	want := make([]*Result, len(pages))
	for i, p := range pages {
		want[i] = convert(t, c, string(p), sampleContext())
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for j := range 10 {
				i := (g + j) % len(pages)
				got := convert(t, c, string(pages[i]), sampleContext())
				if !bytes.Equal(got.HTML, want[i].HTML) || fmt.Sprint(got.IDs) != fmt.Sprint(want[i].IDs) {
					t.Errorf("page %d differs when converted concurrently", i)
				}
			}
		})
	}
	wg.Wait()
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"# Title {#t .c}\n\ntext [@a] [b](b.md) ![i](i.png)",
		"## A\n## A\n## A {#a-1}",
		"[@a; @b] [@ x] [email@x] [@a](x) [@a][r]\n\n[r]: y",
		"x[^1]\n\n[^1]: note [@a] [l](l.md)",
		"<div>\n*x*\n</div>\n\n<!-- c\n-->\n\na <b>b</b>",
		"```go\nfunc f() {}\n",
		"> - [ ] task\n>   ```\n>   code\n>   ```",
		"| a | b |\n|---|---|\n| [c](c.md) | ü |",
		"Term\n: def\n\n\"quotes\" -- dashes... <<a>>",
		"www.example.com foo@bar.com <https://x> \\[@a]",
		"## {#}\n## {.x}\n#",
		"[![a](b)](c) [](d) [e]()",
		"\xff\xfe[@\xc3]",
		"```embed\nurl: https://youtu.be/dQw4w9WgXcQ\ntitle: T\naspect: 4:3\n```\n\n- ```embed\n  url: https://x.org\n  ```\n\n![a](b.png \"c\") {credit=\"d\"}\n",
		"> [!NOTE]\n> x\n\n> [!KAISER-SAYS]\n> a\n\n> [!UNION-SAYS]\n> b\n\n> [!nope]\n>> [!TIP]\n",
		"a <span lang=\"en\">*b <span lang=x>c</span>* [d](e)</span> </span> <span lang=\"es\">f\n\n## <span lang=en>g</span> [@a]",
	} {
		f.Add(s)
	}
	c := New(Options{Callouts: testCallouts, EmbedHosts: testEmbedHosts})
	unsafe := New(Options{UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, conv := range []*Converter{c, unsafe} {
			r, err := conv.Convert(src, &PageContext{
				ResolveLink: func(dest string, image bool) (string, error) { return "", errors.New("no") },
				Cite:        func(key string) (int, error) { return 0, errors.New("no") },
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range r.Problems {
				if p.Line < 1 || p.Line > lines || p.Col < 1 {
					t.Fatalf("problem %v outside the source (%d lines)", p, lines)
				}
			}
			seen := map[string]bool{}
			for _, h := range r.TOC {
				if h.ID == "" {
					t.Fatalf("heading %q has no id", h.Text)
				}
				if seen[h.ID] && !strings.Contains(s, "{") {
					t.Fatalf("duplicate generated id %q", h.ID)
				}
				seen[h.ID] = true
			}
			if utf8.Valid(src) && !utf8.ValidString(r.Summary) {
				t.Fatalf("summary %q is not UTF-8", r.Summary)
			}
			conv.Inline(src)
		}
	})
}

func BenchmarkConvert(b *testing.B) {
	src := samplePage()
	cache, err := highlight.OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		h    *highlight.Highlighter
	}{
		{"plain-code", nil},
		{"highlighted", highlight.New(nil)},
		{"highlight-cached", highlight.New(cache)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := New(Options{Highlighter: bc.h})
			pc := sampleContext()
			if _, err := c.Convert(src, pc); err != nil { // warm caches
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Convert(src, pc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
