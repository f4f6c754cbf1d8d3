package sitecheck

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
)

// These tests read the built site's HTML, without a browser: what the
// citations, the source lists and the strikes chart must look like.

// parsePage parses one built page.
func parsePage(t *testing.T, dir, rel string) *html.Node {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return doc
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

// all returns the elements under n (n included) for which keep is true.
func all(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(sb.String()), " ")
}

func links(n *html.Node) []*html.Node {
	return all(n, func(n *html.Node) bool { return n.Data == "a" })
}

// TestCitationsLinkBothWays checks every page of the built site: the numbers
// in each citation bracket go up, each source once; each citation links to an
// entry of the page's source list; and each back-link of a source list entry
// leads to a place on the page that cites that source.
func TestCitationsLinkBothWays(t *testing.T) {
	_, dir := BuildRealSite(t)
	pages, err := HTMLPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	cites, backs := 0, 0
	for _, rel := range pages {
		doc := parsePage(t, dir, rel)
		byID := map[string]*html.Node{}
		for _, n := range all(doc, func(n *html.Node) bool { return attr(n, "id") != "" }) {
			byID[attr(n, "id")] = n
		}
		for _, sup := range all(doc, func(n *html.Node) bool { return n.Data == "sup" && hasClass(n, "cite") }) {
			last := 0
			for _, a := range links(sup) {
				cites++
				num, err := strconv.Atoi(textOf(a))
				if err != nil || num <= last {
					t.Errorf("%s: citation %q: numbers must go up, each once", rel, textOf(sup))
					break
				}
				last = num
				href := attr(a, "href")
				if target := byID[strings.TrimPrefix(href, "#")]; target == nil || !strings.HasPrefix(href, "#source-") {
					t.Errorf("%s: citation %s links to %q, which is not on the page", rel, textOf(a), href)
				}
			}
		}
		for _, span := range all(doc, func(n *html.Node) bool { return hasClass(n, "backrefs") }) {
			entry := span.Parent
			source := "#" + attr(entry, "id")
			for _, a := range links(span) {
				backs++
				place := byID[strings.TrimPrefix(attr(a, "href"), "#")]
				if place == nil {
					t.Errorf("%s: %s: back-link %q leads nowhere", rel, source, attr(a, "href"))
					continue
				}
				// The place is the citation link itself, or a data entry
				// (a timeline event, a chart row) holding one.
				ok := attr(place, "href") == source
				for _, l := range links(place) {
					ok = ok || attr(l, "href") == source
				}
				if !ok {
					t.Errorf("%s: %s: back-link %q leads to a place that does not cite it", rel, source, attr(a, "href"))
				}
			}
		}
	}
	if cites == 0 || backs == 0 {
		t.Fatalf("found %d citation links and %d back-links in the built site; want some of each", cites, backs)
	}
}

// TestStrikeChartIsAccessibleAndMatchesItsData checks the chart of each
// language's home page: an SVG image named by its title and description, one
// bar per strike in content/data/strikes.yaml (the Spanish home:
// strikes.es.yaml when there is one), and the same strikes in the table
// under it.
func TestStrikeChartIsAccessibleAndMatchesItsData(t *testing.T) {
	root, dir := BuildRealSite(t)
	for _, home := range []struct{ page, data string }{{"index.html", "strikes.yaml"}, {"es/index.html", "strikes.es.yaml"}} {
		if !FileExists(filepath.Join(dir, filepath.FromSlash(home.page))) {
			continue
		}
		if !FileExists(filepath.Join(root, "content", "data", home.data)) {
			home.data = "strikes.yaml"
		}
		t.Run(home.page, func(t *testing.T) { checkStrikeChart(t, root, dir, home.page, home.data) })
	}
}

func checkStrikeChart(t *testing.T, root, dir, page, dataFile string) {
	var data struct {
		Entries []struct {
			Name string `yaml:"name"`
		} `yaml:"entries"`
	}
	b, err := os.ReadFile(filepath.Join(root, "content", "data", dataFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &data); err != nil || len(data.Entries) == 0 {
		t.Fatalf("content/data/%s: %v, %d entries", dataFile, err, len(data.Entries))
	}
	doc := parsePage(t, dir, filepath.FromSlash(page))
	svgs := all(doc, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "chart") })
	if len(svgs) != 1 {
		t.Fatalf("home page has %d chart SVGs, want 1", len(svgs))
	}
	svg := svgs[0]
	if attr(svg, "role") != "img" {
		t.Errorf(`chart role = %q, want "img"`, attr(svg, "role"))
	}
	for i, id := range strings.Fields(attr(svg, "aria-labelledby")) {
		want := []string{"title", "desc"}[min(i, 1)]
		n := all(svg, func(n *html.Node) bool { return attr(n, "id") == id })
		if len(n) != 1 || n[0].Data != want || textOf(n[0]) == "" {
			t.Errorf("aria-labelledby names %q: want a non-empty <%s> inside the SVG", id, want)
		}
	}
	if len(strings.Fields(attr(svg, "aria-labelledby"))) != 2 {
		t.Errorf("aria-labelledby = %q, want the title and the description", attr(svg, "aria-labelledby"))
	}
	desc := textOf(all(svg, func(n *html.Node) bool { return n.Data == "desc" })[0])
	bars := all(svg, func(n *html.Node) bool { return n.Data == "rect" && hasClass(n, "chart-bar") })
	rows := all(doc, func(n *html.Node) bool {
		return n.Data == "tr" && strings.HasPrefix(attr(n, "id"), "strikes-")
	})
	if len(bars) != len(data.Entries) || len(rows) != len(data.Entries) {
		t.Errorf("%d bars and %d table rows for %d strikes", len(bars), len(rows), len(data.Entries))
	}
	vb := strings.Fields(attr(svg, "viewBox"))
	width, _ := strconv.Atoi(vb[len(vb)-2])
	for i, r := range bars {
		x, _ := strconv.Atoi(attr(r, "x"))
		w, _ := strconv.Atoi(attr(r, "width"))
		if w < 3 || x < 0 || x+w > width {
			t.Errorf("bar %d: x %d, width %d: must be visible and inside the %d-wide chart", i+1, x, w, width)
		}
	}
	for _, e := range data.Entries {
		if !strings.Contains(desc, e.Name) {
			t.Errorf("the chart's description lacks %q: %q", e.Name, desc)
		}
	}
}
