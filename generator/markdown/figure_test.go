package markdown

import (
	"errors"
	"strings"
	"testing"
)

func TestImagesAloneBecomeFigures(t *testing.T) {
	c := New(Options{})
	for _, tc := range []struct{ name, src, want string }{
		{"caption from title", `![Pickets](p.jpg "Pickets in Los Angeles, Oct. 21.")`,
			"<figure>\n<img src=\"p.jpg\" alt=\"Pickets\" decoding=\"async\">\n<figcaption>Pickets in Los Angeles, Oct. 21.</figcaption>\n</figure>\n"},
		{"caption and credit", "![Pickets](p.jpg \"Pickets & signs.\")\n{credit=\"Photo: Jane Doe/NUHW\"}",
			"<figure>\n<img src=\"p.jpg\" alt=\"Pickets\" decoding=\"async\">\n<figcaption>Pickets &amp; signs. <span class=\"figure-credit\">Photo: Jane Doe/NUHW</span></figcaption>\n</figure>\n"},
		{"credit on the same line", `![Chart](c.png "Wait times.") {credit="Chart: the editors"}`,
			"<figure>\n<img src=\"c.png\" alt=\"Chart\" decoding=\"async\">\n<figcaption>Wait times. <span class=\"figure-credit\">Chart: the editors</span></figcaption>\n</figure>\n"},
		{"credit alone", `![Chart](c.png) {credit="Chart: the editors"}`,
			"<figure>\n<img src=\"c.png\" alt=\"Chart\" decoding=\"async\">\n<figcaption><span class=\"figure-credit\">Chart: the editors</span></figcaption>\n</figure>\n"},
		{"no caption", `![Chart](c.png)`, "<figure>\n<img src=\"c.png\" alt=\"Chart\" decoding=\"async\">\n</figure>\n"},
		{"caption repeating the alt is hidden from screen readers", `![Pickets in LA](p.jpg "Pickets in LA.")`,
			"<figure>\n<img src=\"p.jpg\" alt=\"Pickets in LA\" decoding=\"async\">\n<figcaption><span aria-hidden=\"true\">Pickets in LA.</span></figcaption>\n</figure>\n"},
		{"inline image stays inline", `A ![dot](d.png "t") in text.`,
			"<p>A <img src=\"d.png\" alt=\"dot\" title=\"t\" decoding=\"async\"> in text.</p>\n"},
		{"second image is lazy", "![a](a.png)\n\n![b](b.png)",
			"<figure>\n<img src=\"a.png\" alt=\"a\" decoding=\"async\">\n</figure>\n<figure>\n<img src=\"b.png\" alt=\"b\" loading=\"lazy\" decoding=\"async\">\n</figure>\n"},
		{"text after the image", `![a](a.png) and more`, "<p><img src=\"a.png\" alt=\"a\" decoding=\"async\"> and more</p>\n"},
		{"two images", `![a](a.png) ![b](b.png)`, "<p><img src=\"a.png\" alt=\"a\" decoding=\"async\"> <img src=\"b.png\" alt=\"b\" loading=\"lazy\" decoding=\"async\"></p>\n"},
		{"not a credit", `![a](a.png) {class="x"}`, "<p><img src=\"a.png\" alt=\"a\" decoding=\"async\"> {class=&ldquo;x&rdquo;}</p>\n"},
		{"linked image", `[![a](a.png)](https://x.org)`, "<p><a href=\"https://x.org\"><img src=\"a.png\" alt=\"a\" decoding=\"async\"></a></p>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Convert([]byte(tc.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.HTML) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", res.HTML, tc.want)
			}
		})
	}
}

func TestImageHookWritesTheMarkup(t *testing.T) {
	c := New(Options{})
	var got []ImageAttrs
	var dests []string
	pc := &PageContext{
		ResolveLink: func(dest string, image bool) (string, error) { return "/x/" + dest, nil },
		Image: func(dest string, a ImageAttrs) ([]byte, error) {
			got = append(got, a)
			dests = append(dests, dest)
			if dest == "bad.jpg" {
				return nil, errors.New("image bad.jpg: not an image")
			}
			return []byte(`<img src="/x/` + dest + `" alt="` + a.Alt + `" width="4" height="3">`), nil
		},
	}
	res, err := c.Convert([]byte("![A *b*](a.jpg \"Cap\")\n\nText ![c](c.jpg \"T\").\n\n![d](bad.jpg)\n"), pc)
	if err != nil {
		t.Fatal(err)
	}
	want := "<figure>\n<img src=\"/x/a.jpg\" alt=\"A b\" width=\"4\" height=\"3\">\n<figcaption>Cap</figcaption>\n</figure>\n<p>Text <img src=\"/x/c.jpg\" alt=\"c\" width=\"4\" height=\"3\">.</p>\n"
	if !strings.HasPrefix(string(res.HTML), want) {
		t.Errorf("got\n%s\nwant prefix\n%s", res.HTML, want)
	}
	if len(got) != 3 || !got[0].Eager || got[1].Eager || got[0].Title != "" || got[1].Title != "T" || dests[0] != "a.jpg" {
		t.Errorf("hook calls: %+v %q", got, dests)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 5 || res.Problems[0].Col != 1 || res.Problems[0].Msg != "image bad.jpg: not an image" {
		t.Errorf("problems: %+v", res.Problems)
	}
}
