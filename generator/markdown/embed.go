package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// embed is a fenced code block of language "embed", checked:
//
//	```embed
//	url: https://www.youtube.com/watch?v=…
//	title: What the video shows
//	aspect: 16:9
//	caption: Optional text before the link
//	```
type embed struct {
	provider string // youtube, documentcloud, datawrapper or other
	src      string // the iframe's address
	link     string // the address as written, for the fallback link
	host     string // shown after the link
	title    string
	caption  string
	w, h     int // aspect ratio
}

// embedAttr is a private FencedCodeBlock attribute holding its *embed.
const embedAttr = "kp-embed"

var embedFields = []string{"url", "title", "aspect", "caption"}

// embedSandbox lets the embedded page run its player or viewer and open
// links in a new tab, and nothing else: no forms, no navigating this page,
// no dialogs, no downloads.
const embedSandbox = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation"

// embed checks an embed block and attaches what it embeds.
func (p *page) embed(n *ast.FencedCodeBlock) {
	e := &embed{}
	fields := map[string]string{}
	at := map[string]int{}
	lines := n.Lines()
	bad := false
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := bytes.TrimSpace(seg.Value(p.src))
		if len(line) == 0 {
			continue
		}
		off := seg.Start + bytes.Index(seg.Value(p.src), line[:1])
		k, v, ok := strings.Cut(string(line), ":")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok {
			p.problem(off, fmt.Sprintf("embed: write each line as name: value, such as url: https://…; %q has no colon", line))
			bad = true
			continue
		}
		if !contains(embedFields, k) {
			hint := ""
			if best := closest(k, embedFields); best != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", best)
			}
			p.problem(off, fmt.Sprintf("embed: unknown field %q%s; the fields are url, title, aspect and caption", k, hint))
			bad = true
			continue
		}
		fields[k] = strings.TrimSpace(v)
		at[k] = off
	}
	start := n.Pos() // the opening fence
	if start < 0 && lines.Len() > 0 {
		start = lineStart(p.src, lines.At(0).Start)
	}
	start = max(start, 0)
	if fields["url"] == "" {
		p.problem(start, "embed: add a url: line with the address of the video, document or chart")
		return
	}
	if fields["title"] == "" {
		p.problem(start, "embed: add a title: line saying what the embedded video, document or chart shows (screen readers announce it)")
		return
	}
	e.title, e.caption, e.link = fields["title"], fields["caption"], fields["url"]
	if err := e.resolve(fields["url"], p.embedHosts); err != "" {
		p.problem(at["url"], err)
		return
	}
	if a, ok := fields["aspect"]; ok {
		w, h, ok := parseAspect(a)
		if !ok {
			p.problem(at["aspect"], fmt.Sprintf("embed: aspect %q must be width:height, such as 16:9 or 4:3", a))
			return
		}
		e.w, e.h = w, h
	}
	if bad {
		return
	}
	n.SetAttributeString(embedAttr, e)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lineStart returns the offset of the start of the line before the one
// holding off: a fenced block's content starts a line after its fence.
func lineStart(src []byte, off int) int {
	i := bytes.LastIndexByte(src[:min(off, len(src))], '\n')
	if i < 0 {
		return 0
	}
	j := bytes.LastIndexByte(src[:i], '\n')
	return j + 1
}

var youtubeID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`) })

// resolve sets the provider, frame address and default aspect from the
// address as written, or returns a message.
func (e *embed) resolve(raw string, hosts []string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Sprintf("embed: url %q must be a full address starting with https://", raw)
	}
	host := strings.ToLower(u.Hostname())
	e.provider, e.w, e.h = "other", 16, 9
	switch {
	case host == "youtu.be" || host == "youtube.com" || strings.HasSuffix(host, ".youtube.com") || host == "youtube-nocookie.com" || strings.HasSuffix(host, ".youtube-nocookie.com"):
		var id string
		switch {
		case host == "youtu.be":
			id = strings.Trim(u.Path, "/")
		case u.Path == "/watch":
			id = u.Query().Get("v")
		default:
			for _, prefix := range []string{"/embed/", "/shorts/", "/live/"} {
				if strings.HasPrefix(u.Path, prefix) {
					id = strings.Trim(strings.TrimPrefix(u.Path, prefix), "/")
				}
			}
		}
		if !youtubeID().MatchString(id) {
			return fmt.Sprintf("embed: %q is not the address of a YouTube video; copy the address of the video's page (https://www.youtube.com/watch?v=…)", raw)
		}
		e.provider, host = "youtube", "www.youtube-nocookie.com"
		e.src = "https://www.youtube-nocookie.com/embed/" + id
		if t := strings.TrimSuffix(u.Query().Get("t"), "s"); t != "" {
			if secs, err := strconv.Atoi(t); err == nil && secs > 0 {
				e.src += "?start=" + strconv.Itoa(secs)
			}
		}
	case host == "documentcloud.org" || strings.HasSuffix(host, ".documentcloud.org"):
		id := strings.TrimPrefix(u.Path, "/documents/")
		id = strings.Trim(strings.TrimSuffix(id, ".html"), "/")
		if id == strings.Trim(u.Path, "/") || id == "" || strings.Contains(id, "/") {
			return fmt.Sprintf("embed: %q is not the address of a DocumentCloud document; copy the address of the document's page (https://www.documentcloud.org/documents/…)", raw)
		}
		e.provider, host = "documentcloud", "www.documentcloud.org"
		e.src = "https://embed.documentcloud.org/documents/" + url.PathEscape(id) + "/?embed=1"
		e.w, e.h = 3, 4
	case host == "datawrapper.dwcdn.net" || host == "www.datawrapper.de" || host == "datawrapper.de":
		path := strings.TrimPrefix(u.Path, "/_")
		id := strings.Split(strings.Trim(path, "/"), "/")
		if len(id) == 0 || id[0] == "" {
			return fmt.Sprintf("embed: %q is not the address of a Datawrapper chart; use its published address (https://datawrapper.dwcdn.net/…/)", raw)
		}
		e.provider, host = "datawrapper", "datawrapper.dwcdn.net"
		e.src = "https://datawrapper.dwcdn.net/" + strings.Join(id, "/") + "/"
		e.w, e.h = 4, 3
	default:
		if u.Scheme != "https" {
			return fmt.Sprintf("embed: url %q must start with https://", raw)
		}
		e.src = u.String()
	}
	if !contains(hosts, host) {
		return fmt.Sprintf("embed: %s is not an allowed host; pages may embed only from %s (the embed_hosts setting in content/site.yaml); link to it instead", host, strings.Join(hosts, ", "))
	}
	e.host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	return ""
}

// parseAspect reads "16:9", "16/9" or "16x9".
func parseAspect(s string) (int, int, bool) {
	for _, sep := range []string{":", "/", "x"} {
		if a, b, ok := strings.Cut(s, sep); ok {
			w, err1 := strconv.Atoi(strings.TrimSpace(a))
			h, err2 := strconv.Atoi(strings.TrimSpace(b))
			if err1 == nil && err2 == nil && w > 0 && h > 0 && w <= 10000 && h <= 10000 {
				return w, h, true
			}
		}
	}
	return 0, 0, false
}

// renderEmbed writes an embed: a lazy, sandboxed frame of a fixed aspect
// ratio and, under it, a link to the page it shows, which is what print
// and readers without frames show.
func renderEmbed(w util.BufWriter, e *embed) {
	esc := func(s string) { _, _ = w.Write(util.EscapeHTML([]byte(s))) }
	_, _ = w.WriteString(`<figure class="embed embed-`)
	esc(e.provider)
	_, _ = w.WriteString("\">\n<iframe src=\"")
	esc(e.src)
	_, _ = w.WriteString(`" title="`)
	esc(e.title)
	_, _ = w.WriteString(`" loading="lazy" referrerpolicy="strict-origin" sandbox="` + embedSandbox + `" allow="fullscreen; picture-in-picture" allowfullscreen style="aspect-ratio: `)
	_, _ = w.WriteString(strconv.Itoa(e.w) + " / " + strconv.Itoa(e.h))
	_, _ = w.WriteString("; width: 100%; height: auto; border: 0\"></iframe>\n<figcaption>")
	if e.caption != "" {
		esc(e.caption)
		_ = w.WriteByte(' ')
	}
	_, _ = w.WriteString(`<a class="embed-link" href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(e.link), false)))
	_, _ = w.WriteString(`">`)
	esc(e.title)
	_, _ = w.WriteString(`</a> (`)
	esc(e.host)
	_, _ = w.WriteString(")</figcaption>\n</figure>\n")
}
