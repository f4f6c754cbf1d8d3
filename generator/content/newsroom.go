package content

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Correction is one entry of a page's corrections: front matter
// `corrections:`, a list of {date, text}.
type Correction struct {
	Date time.Time
	Text string // Markdown (inline)
	ID   string // element id on the page: correction-2024-10-21 (-2, -3 … for a second one that day)
	Page *Page  // the corrected page
	Pos  Pos
}

// decodeNewsField reads one newsroom front matter field of p and reports
// whether key is one; off is the line offset of the YAML text.
func (p *Page) decodeNewsField(key string, v *yaml.Node, off int, ds *diag.List) bool {
	bad := func(n *yaml.Node, format string, args ...any) {
		*ds = append(*ds, fieldError(p.Path, n, off, format, args...))
	}
	text := func() string {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
			bad(v, "field %q must be text", key)
			return ""
		}
		return strings.TrimSpace(v.Value)
	}
	when := func() time.Time {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			bad(v, "field %q must be a date or time such as 2024-10-21 or 2024-10-21T06:00:00-07:00", key)
			return time.Time{}
		}
		t, zoned, err := parseTime(v.Value)
		if err != nil {
			bad(v, "field %q: %q is not a time (write 2024-10-21, 2024-10-21 06:00 or 2024-10-21T06:00:00-07:00)", key, v.Value)
			return time.Time{}
		}
		if !zoned {
			p.localTimes = append(p.localTimes, key)
		}
		return t
	}
	switch key {
	case "publish_at":
		p.PublishAt = when()
	case "expires":
		p.Expires = when()
	case "image":
		p.imageRef = text()
		p.imagePos = Pos{v.Line + off, v.Column}
	case "image_alt":
		p.ImageAlt = text()
	case "authors":
		p.authorRefs = authorKeys(p.Path, v, off, ds)
	case "corrections":
		if v.Kind != yaml.SequenceNode {
			bad(v, "field \"corrections\" must be a list of entries, each with a date and a text")
			return true
		}
		for _, item := range v.Content {
			p.decodeCorrection(item, off, ds)
		}
	default:
		return false
	}
	return true
}

func (p *Page) decodeCorrection(item *yaml.Node, off int, ds *diag.List) {
	bad := func(n *yaml.Node, format string, args ...any) {
		*ds = append(*ds, fieldError(p.Path, n, off, format, args...))
	}
	if item.Kind != yaml.MappingNode {
		bad(item, "a correction must be written as - date: 2024-10-21 and text: what was wrong and what is right")
		return
	}
	c := &Correction{Pos: Pos{item.Line + off, item.Column}}
	hasDate := false
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		switch k.Value {
		case "date":
			hasDate = true
			if v.Kind != yaml.ScalarNode {
				bad(v, "correction date must be a date such as 2024-10-21")
				continue
			}
			t, err := ParseDate(v.Value)
			if err != nil {
				bad(v, "correction date: %v", err)
			}
			c.Date = t
		case "text":
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				bad(v, "correction text must be text")
				continue
			}
			c.Text = strings.TrimSpace(v.Value)
		default:
			bad(k, "unknown correction field %q%s: a correction has a date and a text", k.Value, DidYouMean(strings.ToLower(k.Value), []string{"date", "text"}, 2))
		}
	}
	if !hasDate {
		bad(item, "correction without a date: add date: 2024-10-21 (the day the correction was made)")
	}
	if c.Text == "" {
		bad(item, "correction without a text: add text: what was wrong and what is right")
	}
	p.Corrections = append(p.Corrections, c)
}

// parseTime reads a publish_at or expires value: a date, a date and time,
// or RFC 3339. zoned reports whether the value names its time zone; times
// without one are in the site's time zone (setting timezone).
func parseTime(s string) (t time.Time, zoned bool, err error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("%q is not a time", s)
}

// ParseTime reads a time as publish_at, expires and --as-of take it: RFC
// 3339, or a date or date and time without a zone, read in loc.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	t, zoned, err := parseTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a time (write 2024-10-21, 2024-10-21 06:00 or 2024-10-21T06:00:00-07:00)", s)
	}
	if !zoned {
		t = InZone(t, loc)
	}
	return t, nil
}

// InZone reads the wall clock of t, parsed without a zone (as UTC), in
// loc.
func InZone(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() || loc == nil || loc == time.UTC {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// Withheld is a page left out of the build because of its publish_at or
// expires time.
type Withheld struct {
	Page    *Page
	Expired bool      // past its expires time; else waiting for publish_at
	At      time.Time // its publish_at, or its expires time
}

// schedule leaves out of the site the pages whose publish_at is after now
// or whose expires time is not after it, and notes when the set of
// published pages next changes.
func (s *Site) schedule(pages []*Page, now time.Time) []*Page {
	kept := pages[:0:0]
	for _, p := range pages {
		for _, f := range p.localTimes {
			switch f {
			case "publish_at":
				p.PublishAt = InZone(p.PublishAt, s.Timezone)
			case "expires":
				p.Expires = InZone(p.Expires, s.Timezone)
			}
		}
		switch {
		case !p.PublishAt.IsZero() && now.Before(p.PublishAt):
			s.Waiting = append(s.Waiting, &Withheld{Page: p, At: p.PublishAt})
			s.noteChange(p.PublishAt)
		case !p.Expires.IsZero() && !now.Before(p.Expires):
			s.Expired = append(s.Expired, &Withheld{Page: p, Expired: true, At: p.Expires})
		default:
			if !p.Expires.IsZero() {
				s.noteChange(p.Expires)
			}
			kept = append(kept, p)
		}
	}
	sort.SliceStable(s.Waiting, func(i, j int) bool {
		a, b := s.Waiting[i], s.Waiting[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.Page.Path < b.Page.Path
	})
	s.withheld = map[string]*Withheld{}
	for _, w := range append(append([]*Withheld(nil), s.Waiting...), s.Expired...) {
		s.withheld[strings.TrimPrefix(w.Page.Path, "content/")] = w
	}
	return kept
}

func (s *Site) noteChange(t time.Time) {
	if s.NextChange.IsZero() || t.Before(s.NextChange) {
		s.NextChange = t
	}
}

// WithheldPage returns why the page at the content-relative path rel is
// left out of site s, or nil.
func WithheldPage(s *Site, rel string) *Withheld { return s.withheld[rel] }

// LinkProblem says why a published page cannot link to a withheld one.
func (w *Withheld) LinkProblem() string {
	at := w.At.Format("2006-01-02 15:04 MST")
	if w.Expired {
		return "expired on " + at + " (expires): remove the link, or move expires later"
	}
	return "is not published until " + at + " (publish_at): a published page cannot link to it yet"
}

// setCorrectionIDs gives each correction of p its element id.
func (p *Page) setCorrectionIDs() {
	seen := map[string]int{}
	for _, c := range p.Corrections {
		id := "correction-" + c.Date.Format("2006-01-02")
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s-%d", id, n)
		}
		c.ID = id
		c.Page = p
	}
}

// collectCorrections fills s.Corrections with every page's corrections,
// newest first, and adds the corrections page when a page has one and no
// page of the site has the URL CorrectionsURL.
func (s *Site) collectCorrections(l *Language) {
	for _, p := range s.All {
		if len(p.Corrections) == 0 {
			continue
		}
		// A cached page shares its corrections with the cache: copy them.
		cs := make([]*Correction, len(p.Corrections))
		for i, c := range p.Corrections {
			cc := *c
			cs[i] = &cc
		}
		p.Corrections = cs
		p.setCorrectionIDs()
		s.Corrections = append(s.Corrections, cs...)
	}
	sort.SliceStable(s.Corrections, func(i, j int) bool {
		a, b := s.Corrections[i], s.Corrections[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.Page.URL < b.Page.URL
	})
	if len(s.Corrections) == 0 {
		return
	}
	u := strings.TrimSuffix(l.URL, "/") + CorrectionsURL
	if slug := FoldSlug(l.CorrectionsTitle); !l.Default && slug != "" {
		u = l.URL + slug + "/" // /es/correcciones/
	}
	for _, p := range s.All {
		if p.URL == u {
			s.CorrectionsPage = p
			return
		}
	}
	title := s.CorrectionsTitle
	if title == "" {
		title = "Corrections"
	}
	p := &Page{Kind: KindPage, Title: title, URL: u, OutPath: strings.TrimPrefix(u, "/") + "index.html",
		Section: s.Home, Breadcrumbs: []*Page{s.Home}, Site: s, Language: l, Params: map[string]any{}, Date: s.Corrections[0].Date, Updated: s.Corrections[0].Date}
	s.CorrectionsPage = p
	s.All = append(s.All, p)
	sort.SliceStable(s.All, func(i, j int) bool { return s.All[i].URL < s.All[j].URL })
}

// ShareImageRef returns a page's front matter image as written, where its
// value is, and the file it names ("" for an https:// address).
func ShareImageRef(p *Page) (ref string, pos Pos, file string) {
	return p.imageRef, p.imagePos, p.imageFile
}

// resolveImages gives each page with a front matter image its URL: a
// file beside the page (relative like a link), a root-relative path under
// content/, or an absolute https:// address.
func (s *Site) resolveImages(ds *diag.List) {
	files := make(map[string]bool, len(s.Files))
	for _, f := range s.Files {
		files[f.OutPath] = true
	}
	for _, p := range s.All {
		ref := p.imageRef
		p.Image, p.imageFile = "", ""
		if ref == "" {
			continue
		}
		if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") {
			p.Image = ref
			continue
		}
		if strings.Contains(ref, ":") || strings.HasPrefix(ref, "//") {
			ds.Add(p.Path, p.imagePos.Line, p.imagePos.Col, "share image %s: write a file name, a path such as /img/card.png, or an https:// address", ref)
			continue
		}
		var rel string
		if strings.HasPrefix(ref, "/") {
			rel = strings.TrimPrefix(path.Clean(ref), "/")
		} else {
			rel = path.Join(p.Dir(), ref)
		}
		if !files[rel] {
			ds.Add(p.Path, p.imagePos.Line, p.imagePos.Col, "share image %s: content/%s does not exist", ref, rel)
			continue
		}
		p.Image, p.imageFile = escapePath("/"+rel), "content/"+rel
	}
}

// escapePath escapes each segment of a URL path.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	return strings.Join(segs, "/")
}

// SettingPos returns where the value of a site setting is written in
// content/site.yaml.
func SettingPos(s *Site, key string) Pos { return s.settingPos[key] }

// CorrectionsURL is the address of the page listing every correction of
// the default language; another language's is under its folder, named by
// its corrections_title (/es/correcciones/) or else /es/corrections/.
const CorrectionsURL = "/corrections/"

// updatedFromGit sets the updated time of pages without an updated field
// to the time of the last commit that changed them.
func (s *Site) updatedFromGit(pages []*Page, lastCommits func() (map[string]time.Time, error), ds *diag.List) {
	pos := s.settingPos["updated_from_git"]
	if lastCommits == nil {
		return
	}
	times, err := lastCommits()
	if err != nil {
		ds.Warn(settingsPath, pos.Line, pos.Col, "updated_from_git: %v; pages keep their own dates", err)
		return
	}
	for _, p := range pages {
		if _, set := p.FieldPos["updated"]; set {
			continue
		}
		if t, ok := times[p.Path]; ok && t.After(p.Date) {
			p.Updated = t
		}
	}
}

// SourceAddrPos returns where a source's url and archive_url are
// written in sources.yaml.
func SourceAddrPos(s *Source) (url, archive Pos) { return s.urlPos, s.archivePos }

// FrontMatterField reads one top-level front matter field of a Markdown
// file: its value as written, where the value is, and the file's body
// (front matter blanked). ok is false when the file has no readable front
// matter; pos is zero when the field is absent.
func FrontMatterField(raw []byte, key string) (value string, pos Pos, body []byte, ok bool) {
	fm, body, found, err := splitFrontMatter(normalize(bytes.Clone(raw)))
	if err != nil || !found {
		return "", Pos{}, nil, false
	}
	var doc yaml.Node
	if yaml.Unmarshal(fm, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return "", Pos{}, body, true
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k, v := m.Content[i], m.Content[i+1]; k.Value == key {
			return v.Value, Pos{v.Line + 1, v.Column}, body, true // the YAML starts on line 2
		}
	}
	return "", Pos{}, body, true
}
