package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// TestRawHTMLAddressesHaveTheirPositions: with raw HTML allowed, the
// addresses of blocks and inline tags are listed at their attribute's
// name, lines and columns of the whole file.
func TestRawHTMLAddressesHaveTheirPositions(t *testing.T) {
	src := "\n\nText <img alt=\"x\" src=\"a.png\"> and <a\n  HREF='/b/'>b</a>.\n\n<figure>\n<video poster=\"p.jpg\" src=\"v.mp4\"></video>\n<img srcset=\"s.png 2x\" id=\"pic\">\n</figure>\n\n```\n<img src=\"code.png\">\n```\n"
	c := New(Options{UnsafeHTML: true})
	res, err := c.Convert([]byte(src), &PageContext{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.RawLinks {
		got = append(got, fmt.Sprintf("%d:%d %s %s %s", l.Line, l.Col, l.Tag, l.Attr, l.Dest))
	}
	want := []string{
		"3:19 img src a.png",
		"4:3 a href /b/",
		"7:8 video poster p.jpg",
		"7:23 video src v.mp4",
		"8:6 img srcset s.png 2x",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	res, _ = New(Options{}).Convert([]byte(src), &PageContext{})
	if len(res.RawLinks) != 0 {
		t.Errorf("escaped raw HTML has addresses: %v", res.RawLinks)
	}
}
