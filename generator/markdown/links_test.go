package markdown

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// failLinks is a ResolveLink hook that rejects every destination, so each
// link's position shows up as a Problem.
func failLinks(dest string, image bool) (string, error) {
	if image {
		return "", errors.New("image " + dest)
	}
	return "", errors.New("link " + dest)
}

func TestLinkProblemPositions(t *testing.T) {
	frontMatter := "\n\n\n\n" // four blanked front matter lines
	tests := []struct {
		name, src string
		want      []Problem
	}{
		{"after front matter", frontMatter + "See [the fine](../settlement.md#the-fine).",
			[]Problem{{5, 5, "link ../settlement.md#the-fine"}}},
		{"non-ASCII before the link", "Ärzte — “Streik” [x](a.md)",
			[]Problem{{1, 18, "link a.md"}}},
		{"image", "text ![alt *x*](pic.png)", []Problem{{1, 6, "image pic.png"}}},
		{"emphasised link text", "*[em](a.md)*", []Problem{{1, 2, "link a.md"}}},
		{"empty link text", "x [](e.md)", []Problem{{1, 3, "link e.md"}}},
		{"image inside link", "[![i](i.png)](o.md)", []Problem{{1, 1, "link o.md"}, {1, 2, "image i.png"}}},
		{"reference links", "[ref] and [text][ref]\n\n[ref]: r.md",
			[]Problem{{1, 1, "link r.md"}, {1, 11, "link r.md"}}},
		{"second line of a paragraph", "one\n  two [x](b.md)", []Problem{{2, 7, "link b.md"}}},
		{"block quote in a list", "- item\n  > ü [q](q.md)", []Problem{{2, 7, "link q.md"}}},
		{"table cell", "| a | b |\n|---|---|\n| ü | é [d](d.md) |", []Problem{{3, 9, "link d.md"}}},
		{"angle autolink", "ü <https://x.org>", []Problem{{1, 3, "link https://x.org"}}},
		{"linkified URL", "é https://x.org y", []Problem{{1, 3, "link https://x.org"}}},
		{"linkified www", "(www.x.org)", []Problem{{1, 2, "link http://www.x.org"}}},
		{"email", "mail me@x.org", []Problem{{1, 6, "link mailto:me@x.org"}}},
		{"footnote body", "x[^1]\n\n[^1]: see [n](n.md)", []Problem{{3, 11, "link n.md"}}},
		{"heading", "## A [h](h.md)", []Problem{{1, 6, "link h.md"}}},
		{"tabs count as one column", "x\t[t](t.md)", []Problem{{1, 3, "link t.md"}}},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := convert(t, c, tt.src, &PageContext{ResolveLink: failLinks})
			if !slices.Equal(r.Problems, tt.want) {
				t.Errorf("problems %v\nwant     %v", r.Problems, tt.want)
			}
		})
	}
}

func TestResolveLinkRewritesDestinations(t *testing.T) {
	var calls []string
	resolve := func(dest string, image bool) (string, error) {
		calls = append(calls, dest)
		switch {
		case strings.HasSuffix(dest, ".md"):
			return "/" + strings.TrimSuffix(dest, ".md") + "/", nil
		case strings.HasSuffix(dest, ".png"):
			return "/img/" + dest, nil
		case strings.HasPrefix(dest, "mailto:"):
			return "mailto:press@example.org", nil
		}
		return dest, nil
	}
	src := "[a](a.md) ![p](p.png) [x](https://x.org) <https://y.org> me@x.org [s](<my page.md>)"
	r := convert(t, New(Options{}), src, &PageContext{ResolveLink: resolve})
	want := `<p><a href="/a/">a</a> <img src="/img/p.png" alt="p" decoding="async"> <a href="https://x.org">x</a> ` +
		`<a href="https://y.org">https://y.org</a> <a href="mailto:press@example.org">me@x.org</a> ` +
		`<a href="/my%20page/">s</a></p>` + "\n"
	if got := string(r.HTML); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	wantCalls := []string{"a.md", "p.png", "https://x.org", "https://y.org", "mailto:me@x.org", "my page.md"}
	if !slices.Equal(calls, wantCalls) {
		t.Errorf("calls %q, want %q", calls, wantCalls)
	}
}

func TestResolveLinkErrorKeepsDestination(t *testing.T) {
	r := convert(t, New(Options{}), "[a](missing.md)", &PageContext{ResolveLink: failLinks})
	if want := `<a href="missing.md">a</a>`; !strings.Contains(string(r.HTML), want) {
		t.Errorf("got %s, want it to contain %s", r.HTML, want)
	}
}

func TestProblemsAreSortedByPosition(t *testing.T) {
	// Footnote bodies are processed last but are reported in file order.
	src := "x[^1]\n\n[^1]: [n](n.md)\n\n[late](l.md)\n"
	r := convert(t, New(Options{}), src, &PageContext{ResolveLink: failLinks})
	want := []Problem{{3, 7, "link n.md"}, {5, 1, "link l.md"}}
	if !slices.Equal(r.Problems, want) {
		t.Errorf("problems %v, want %v", r.Problems, want)
	}
}

// TestLangTitleMarksALinkToAnotherLanguage: the title "lang:en" becomes
// hreflang and is recorded, not written as a title.
func TestLangTitleMarksALinkToAnotherLanguage(t *testing.T) {
	res, err := New(Options{}).Convert([]byte("See [the report](../settlement.md \"lang:en\") and [x](y.md \"A title\").\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `<p>See <a href="../settlement.md" hreflang="en">the report</a> and <a href="y.md" title="A title">x</a>.</p>` + "\n"
	if string(res.HTML) != want {
		t.Errorf("got\n%s\nwant\n%s", res.HTML, want)
	}
	if len(res.Links) != 2 || res.Links[0].Lang != "en" || res.Links[1].Lang != "" {
		t.Errorf("links: %+v", res.Links)
	}
}
