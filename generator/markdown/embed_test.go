package markdown

import (
	"strings"
	"testing"
)

var testEmbedHosts = []string{"www.youtube-nocookie.com", "www.documentcloud.org", "datawrapper.dwcdn.net", "example.org"}

func TestEmbedsFromAllowedHosts(t *testing.T) {
	c := New(Options{EmbedHosts: testEmbedHosts})
	for _, tc := range []struct{ name, src, want string }{
		{"youtube watch page", "```embed\nurl: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s\ntitle: Pickets in Los Angeles\n```\n",
			"<figure class=\"embed embed-youtube\">\n<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42\" title=\"Pickets in Los Angeles\" loading=\"lazy\" referrerpolicy=\"strict-origin\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation\" allow=\"fullscreen; picture-in-picture\" allowfullscreen style=\"aspect-ratio: 16 / 9; width: 100%; height: auto; border: 0\"></iframe>\n" +
				"<figcaption><a class=\"embed-link\" href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=42s\">Pickets in Los Angeles</a> (youtube.com)</figcaption>\n</figure>\n"},
		{"short youtube link", "```embed\nurl: https://youtu.be/dQw4w9WgXcQ\ntitle: T\n```\n", `src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`},
		{"documentcloud", "```embed\nurl: https://www.documentcloud.org/documents/23987654-dmhc-settlement\ntitle: The settlement\ncaption: The agreement, 2023.\n```\n",
			`<iframe src="https://embed.documentcloud.org/documents/23987654-dmhc-settlement/?embed=1" title="The settlement"`},
		{"documentcloud aspect and caption", "```embed\nurl: https://www.documentcloud.org/documents/1-x\ntitle: T\ncaption: The agreement.\n```\n",
			"aspect-ratio: 3 / 4; width: 100%; height: auto; border: 0\"></iframe>\n<figcaption>The agreement. <a class=\"embed-link\""},
		{"datawrapper with aspect", "```embed\nurl: https://datawrapper.dwcdn.net/AbC12/3/\ntitle: Wait times\naspect: 4:5\n```\n",
			`<iframe src="https://datawrapper.dwcdn.net/AbC12/3/" title="Wait times"`},
		{"other listed host", "```embed\nurl: https://example.org/map?a=1\ntitle: Map\n```\n", `<figure class="embed embed-other">` + "\n" + `<iframe src="https://example.org/map?a=1"`},
		{"title escaped", "```embed\nurl: https://youtu.be/dQw4w9WgXcQ\ntitle: \"A\" <b>\n```\n", `title="&quot;A&quot; &lt;b&gt;"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Convert([]byte(tc.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", res.Problems)
			}
			if !strings.Contains(string(res.HTML), tc.want) {
				t.Errorf("got\n%s\nwant it to contain\n%s", res.HTML, tc.want)
			}
		})
	}
}

func TestBadEmbedsAreProblemsAtTheirLine(t *testing.T) {
	c := New(Options{EmbedHosts: testEmbedHosts})
	for _, tc := range []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"other host", "Text.\n\n```embed\ntitle: T\nurl: https://evil.example.com/x\n```\n", 5, 1,
			"embed: evil.example.com is not an allowed host; pages may embed only from www.youtube-nocookie.com, www.documentcloud.org, datawrapper.dwcdn.net, example.org (the embed_hosts setting in content/site.yaml); link to it instead"},
		{"youtube not listed", "```embed\nurl: https://youtu.be/dQw4w9WgXcQ\ntitle: T\n```\n", 0, 0, ""},
		{"no title", "Text.\n\n```embed\nurl: https://youtu.be/dQw4w9WgXcQ\n```\n", 3, 1, "embed: add a title: line"},
		{"no url", "```embed\ntitle: T\n```\n", 1, 1, "embed: add a url: line"},
		{"unknown field", "```embed\nurl: https://youtu.be/dQw4w9WgXcQ\ntitel: T\ntitle: T\n```\n", 3, 1, `embed: unknown field "titel" (did you mean "title"?)`},
		{"not a video", "```embed\nurl: https://www.youtube.com/channel/x\ntitle: T\n```\n", 2, 1, "is not the address of a YouTube video"},
		{"bad aspect", "```embed\nurl: https://youtu.be/dQw4w9WgXcQ\ntitle: T\naspect: wide\n```\n", 4, 1, `embed: aspect "wide" must be width:height`},
		{"http other", "```embed\nurl: http://example.org/x\ntitle: T\n```\n", 2, 1, "must start with https://"},
		{"in a list", "- item\n\n  ```embed\n  url: https://evil.example.com/\n  title: T\n  ```\n", 4, 3, "evil.example.com is not an allowed host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hosts := testEmbedHosts
			if tc.name == "youtube not listed" {
				hosts = []string{"datawrapper.dwcdn.net"}
				tc.line, tc.col, tc.msg = 2, 1, "embed: www.youtube-nocookie.com is not an allowed host"
			}
			res, err := New(Options{EmbedHosts: hosts}).Convert([]byte(tc.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) != 1 {
				t.Fatalf("problems: %v\n%s", res.Problems, res.HTML)
			}
			p := res.Problems[0]
			if p.Line != tc.line || p.Col != tc.col || !strings.Contains(p.Msg, tc.msg) {
				t.Errorf("got %d:%d %s\nwant %d:%d %s", p.Line, p.Col, p.Msg, tc.line, tc.col, tc.msg)
			}
			if strings.Contains(string(res.HTML), "<iframe") {
				t.Errorf("a bad embed was written: %s", res.HTML)
			}
		})
	}
	_ = c
}
