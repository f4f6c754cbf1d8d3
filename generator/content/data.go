package content

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/i18n"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/langtag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// Settings are the site settings read from content/site.yaml.
type Settings struct {
	Title       string
	Description string
	Language    string
	BaseURL     string // absolute, ending in "/", or ""
	Author      string
	UnsafeHTML  bool
	PageFields  []string // extra front matter fields the layouts read; `check` does not warn about them
	Menu        []*MenuItem
	Params      map[string]any
	Callouts    []CalloutKind // GitHub's kinds and the site's own, in order
	EmbedHosts  []string      // hosts whose pages may be embedded
	ImageWidths []int         // widths of responsive versions of photos
	// CorrectionsTitle is the title of the generated corrections page
	// (setting corrections_title, default "Corrections").
	CorrectionsTitle string
	// Taxonomies names the front matter fields that group pages, each
	// with a list page (/tags/) and a page per term (/tags/strike/).
	Taxonomies []string
	// ExternalPrefixes are URL paths (/doc/) served by another site on
	// the same domain: links under them are not checked.
	ExternalPrefixes []string
	defaultAuthors   []KeyRef // setting authors: the byline of pages that name none
	// Image and ImageAlt are the settings image and image_alt: the share
	// image of pages without their own (a file under content/ or
	// layouts/assets/, as written) and its text alternative.
	Image, ImageAlt string
	settingPos      map[string]Pos // where each setting's value is written
	// Timezone is the setting timezone (an IANA name such as
	// America/Los_Angeles, default UTC): the zone of publish_at and expires
	// times written without one.
	Timezone *time.Location
	// UpdatedFromGit (setting updated_from_git) fills the updated field
	// of pages without one from the last commit that changed them.
	UpdatedFromGit bool
	// Languages are the site's languages, the default first: the
	// setting languages, else one made of the setting language.
	Languages []*Language
}

// SettingsFields lists the keys content/site.yaml may hold.
var SettingsFields = []string{"title", "description", "language", "base_url", "author", "unsafe_html", "page_fields", "menu", "params", "callouts", "image_widths", "embed_hosts", "corrections_title", "taxonomies", "external_prefixes", "authors", "image", "image_alt", "timezone", "updated_from_git", "languages"}

// MenuItem is one entry of the site's main navigation.
type MenuItem struct {
	Title string
	Page  *Page  // the page it points to
	URL   string // root-relative URL of Page
	path  string // content-relative path as written
	pos   Pos
	// translate is set on the default language's entries copied into a
	// language without a menu of its own.
	translate bool
}

// Source is one entry of the citation registry, content/data/sources.yaml.
type Source struct {
	Key      string
	Outlet   string
	Title    string
	Author   string
	Date     time.Time
	DateText string // AP style: "Oct. 12, 2023", "Oct. 2023" or "2023"; "" when no date
	URL      string
	Party    string // union, kaiser, regulator, government, press, or ""
	// Language is the language the source is written in (field language),
	// "" for the site's default language. TitleLang is that language when
	// it is not the language of the pages showing the source, for a lang
	// attribute on its title; "" when it is the same.
	Language, TitleLang string
	// Note is the source's note (field note); in the view of a language
	// other than the default, its translation from notes when it has one.
	Note string
	// Notes are the note's translations (field notes), by language code.
	Notes    map[string]string
	notesPos map[string]Pos
	// ArchiveURL is a lasting copy of the original (Internet Archive,
	// archive.today, perma.cc), shown beside it; Accessed is the day the
	// source was read.
	ArchiveURL string
	Accessed   time.Time
	urlPos     Pos // where url and archive_url are written
	archivePos Pos
	CitedBy    []*Page // pages citing it, in URL order (filled by the build)
	Pos        Pos
}

// KeyRef is a citation key written in a data file, with its position.
type KeyRef struct {
	Key string
	Pos Pos
}

const (
	settingsPath = "content/site.yaml"
	sourcesPath  = "content/data/sources.yaml"
)

func parseYAMLFile(p string, raw []byte, store YAMLStore) (*yaml.Node, diag.List) {
	var ds diag.List
	if off, msg := checkText(raw); off >= 0 {
		line, col := diag.Position(raw, off)
		ds.Add(p, line, col, "%s", strings.Replace(msg, "Markdown", "YAML", 1))
		return nil, ds
	}
	doc, err := yamlnode.Unmarshal(normalize(raw), store)
	if err != nil {
		ds = append(ds, yamlError(p, err, normalize(raw), 0))
		return nil, ds
	}
	if a := selfAlias(doc); a != nil {
		ds = append(ds, fieldError(p, a, 0, "invalid YAML: alias *%s is inside the value it names", a.Value))
		return nil, ds
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		if n := doc.Content[0]; n.Kind != yaml.ScalarNode || n.Tag != "!!null" || n.Value != "" {
			return n, nil
		}
	}
	return &yaml.Node{Kind: yaml.MappingNode}, nil // an empty document
}

// parseSettings reads site.yaml, taking its parsed YAML from store (nil:
// none).
func parseSettings(raw []byte, baseURL string, store YAMLStore) (Settings, diag.List) {
	s, ds := parseSettings1(raw, baseURL, store)
	s.finishLanguages()
	return s, ds
}

func parseSettings1(raw []byte, baseURL string, store YAMLStore) (Settings, diag.List) {
	s := Settings{Language: "en", Params: map[string]any{}, Callouts: DefaultCallouts, EmbedHosts: DefaultEmbedHosts, ImageWidths: DefaultImageWidths, Timezone: time.UTC}
	root, ds := parseYAMLFile(settingsPath, raw, store)
	if root == nil {
		return s, ds
	}
	ds = append(ds, lintYAML(settingsPath, root, 0)...)
	if root.Kind != yaml.MappingNode {
		ds = append(ds, fieldError(settingsPath, root, 0, "site settings must be a list of fields (key: value)"))
		return s, ds
	}
	s.settingPos = map[string]Pos{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		s.settingPos[k.Value] = Pos{v.Line, v.Column}
		str := func() string {
			if v.Kind != yaml.ScalarNode {
				ds = append(ds, fieldError(settingsPath, v, 0, "field %q must be text", k.Value))
			}
			return v.Value
		}
		switch k.Value {
		case "title":
			s.Title = str()
		case "description":
			s.Description = str()
		case "language":
			s.Language = str()
		case "author":
			s.Author = str()
		case "base_url":
			s.BaseURL = str()
		case "authors":
			s.defaultAuthors = authorKeys(settingsPath, v, 0, &ds)
		case "updated_from_git":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				ds = append(ds, fieldError(settingsPath, v, 0, "field \"updated_from_git\" must be true or false"))
				continue
			}
			s.UpdatedFromGit = strings.EqualFold(v.Value, "true")
		case "timezone":
			name := strings.TrimSpace(str())
			loc, err := time.LoadLocation(name)
			if err != nil || name == "" || strings.EqualFold(name, "local") {
				ds = append(ds, fieldError(settingsPath, v, 0, "timezone %q is not a time zone: write a name such as America/Los_Angeles, Europe/London or UTC", name))
				continue
			}
			s.Timezone = loc
		case "image":
			s.Image = strings.TrimSpace(str())
		case "image_alt":
			s.ImageAlt = strings.TrimSpace(str())
		case "corrections_title":
			s.CorrectionsTitle = str()
		case "unsafe_html":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				// "yes" or "true" in quotes would silently read as false.
				ds = append(ds, fieldError(settingsPath, v, 0, "field \"unsafe_html\" must be true or false, without quotes"))
				continue
			}
			s.UnsafeHTML = strings.EqualFold(v.Value, "true")
		case "page_fields":
			for _, c := range v.Content {
				s.PageFields = append(s.PageFields, c.Value)
			}
			if v.Kind != yaml.SequenceNode {
				ds = append(ds, fieldError(settingsPath, v, 0, "field \"page_fields\" must be a list of field names"))
			}
		case "params":
			if m, ok := decodeNode(v).(map[string]any); ok {
				s.Params = m
			} else if v.Tag != "!!null" {
				ds = append(ds, fieldError(settingsPath, v, 0, "field \"params\" must be a map of fields"))
			}
		case "callouts":
			s.Callouts = parseCallouts(v, &ds)
		case "taxonomies":
			s.Taxonomies = settingNames(v, &ds)
			if s.Taxonomies == nil {
				s.Taxonomies = []string{}
			}
		case "external_prefixes":
			for _, n := range settingNames(v, &ds) {
				if !strings.HasPrefix(n, "/") {
					ds = append(ds, fieldError(settingsPath, v, 0, "external prefix %q must be a URL path starting with /, such as /doc/", n))
					continue
				}
				s.ExternalPrefixes = append(s.ExternalPrefixes, n)
			}
		case "embed_hosts":
			s.EmbedHosts = parseEmbedHosts(v, &ds)
		case "image_widths":
			s.ImageWidths = parseImageWidths(v, &ds)
		case "menu":
			s.Menu = parseMenu(v, &ds)
		case "languages":
			s.Languages = parseLanguages(v, &ds)
		default:
			ds.Warn(settingsPath, k.Line, k.Column, "unknown site setting %q%s", k.Value, didYouMean(k.Value, SettingsFields))
		}
	}
	if s.Taxonomies == nil {
		s.Taxonomies = DefaultTaxonomies
	}
	for _, t := range s.Taxonomies {
		if t != "tags" && t != "categories" {
			s.PageFields = append(s.PageFields, t) // read by the build: no unknown-field warning
		}
	}
	if baseURL != "" {
		s.BaseURL = baseURL
	}
	if s.BaseURL != "" {
		u, msg := cleanBaseURL(s.BaseURL)
		if msg != "" {
			ds.Add(settingsPath, 1, 1, "base URL %q: %s", s.BaseURL, msg)
		}
		s.BaseURL = u
	}
	return s, ds
}

// parseMenu reads a menu setting: a list of {title, page}.
func parseMenu(v *yaml.Node, ds *diag.List) []*MenuItem {
	if v.Kind != yaml.SequenceNode {
		*ds = append(*ds, fieldError(settingsPath, v, 0, "field \"menu\" must be a list of {title, page}"))
		return nil
	}
	var out []*MenuItem
	for _, item := range v.Content {
		m, _ := decodeNode(item).(map[string]any)
		t, _ := m["title"].(string)
		pg, _ := m["page"].(string)
		if t == "" || pg == "" {
			*ds = append(*ds, fieldError(settingsPath, item, 0, "a menu entry needs a title and a page (a content path such as settlement.md)"))
			continue
		}
		out = append(out, &MenuItem{Title: t, path: path.Clean(strings.TrimPrefix(pg, "content/")), pos: Pos{item.Line, item.Column}})
	}
	return out
}

func cleanBaseURL(s string) (string, string) {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return "", "must start with https:// or http://"
	}
	if strings.ContainsAny(s, " \"'<>\\?#") {
		return "", "must not contain spaces, quotes, ? or #"
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, ""
}

// parseSources reads the citation registry.
func parseSources(raw []byte) ([]*Source, diag.List) {
	return sourcesOf(parseYAMLFile(sourcesPath, raw, nil))
}

// sourcesOf reads the citation registry from its parsed YAML (nil when it
// could not be parsed) and the problems found parsing it.
func sourcesOf(root *yaml.Node, ds diag.List) ([]*Source, diag.List) {
	entries, ds := registryEntriesOf(sourcesPath, root, ds, "source", "key, outlet, title, date and url")
	var out []*Source
	keys := registryKeys{path: sourcesPath, what: "source"}
	for _, item := range entries {
		key, pos, fields := registryFields(sourcesPath, "source", item, &ds, "notes")
		s := &Source{Key: key, Pos: pos}
		for _, f := range fields {
			k, v, val := f.k, f.v, f.text
			switch k.Value {
			case "notes":
				s.Notes, s.notesPos = parseNotes(v, &ds)
			case "outlet":
				s.Outlet = val
			case "title":
				s.Title = val
			case "author":
				s.Author = val
			case "url":
				s.urlPos = Pos{v.Line, v.Column}
				s.URL = val
				if val != "" && !strings.HasPrefix(val, "https://") && !strings.HasPrefix(val, "http://") {
					ds = append(ds, fieldError(sourcesPath, v, 0, "source url must start with https:// or http://"))
				}
			case "party":
				s.Party = val
			case "language":
				if msg := langtag.Check(val); msg != "" {
					ds = append(ds, fieldError(sourcesPath, v, 0, "source language %q %s", val, msg))
				} else {
					s.Language = val
				}
			case "note":
				s.Note = val
			case "archive_url":
				s.archivePos = Pos{v.Line, v.Column}
				s.ArchiveURL = val
				if msg := checkWebURL(val); msg != "" {
					ds = append(ds, fieldError(sourcesPath, v, 0, "source archive_url %s", msg))
				}
			case "accessed":
				if val != "" {
					t, err := time.Parse("2006-01-02", val)
					if err != nil {
						ds = append(ds, fieldError(sourcesPath, v, 0, "source accessed: %q is not a date (write the day you read the source, as 2024-10-21)", val))
					}
					s.Accessed = t
				}
			case "date":
				t, text, err := parseSourceDate(val)
				if err != nil {
					ds = append(ds, fieldError(sourcesPath, v, 0, "source date: %v", err))
				}
				s.Date, s.DateText = t, text
			default:
				ds.Warn(sourcesPath, k.Line, k.Column, "unknown source field %q%s", k.Value, didYouMean(k.Value, []string{"key", "outlet", "title", "author", "url", "party", "language", "note", "notes", "date", "archive_url", "accessed"}))
			}
		}
		if s.Key != "" && (s.Title == "" || s.Outlet == "") {
			ds.Add(sourcesPath, s.Pos.Line, s.Pos.Col, "source %q needs an outlet and a title", s.Key)
		}
		if keys.keep(&ds, item, s.Key, s.Pos) {
			out = append(out, s)
		}
	}
	return out, ds
}

// checkWebURL validates an absolute web address: "" when it is one (or
// empty), else what is wrong.
func checkWebURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http"):
		return "must be a web address starting with https:// or http://"
	case u.Host == "":
		return "has no host name after https://"
	case strings.ContainsAny(s, " \t\n\"<>"):
		return "must not contain spaces, quotes or < >"
	}
	return ""
}

// parseSourceDate accepts 2006-01-02, 2006-01 or 2006.
func parseSourceDate(s string) (time.Time, string, error) {
	if s == "" {
		return time.Time{}, "", nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, APDate(t), nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t, APMonth(t), nil
	}
	if t, err := time.Parse("2006", s); err == nil {
		return t, s, nil
	}
	return time.Time{}, "", fmt.Errorf("%q is not a date (write 2023-10-12, or 2023-10 when only the month is known)", s)
}

// APMonth formats a month and year in Associated Press style, which spells
// the month out when no day is given: "August 2022".
func APMonth(t time.Time) string {
	return t.Format("January 2006")
}

// APDate formats t in Associated Press style: "Oct. 21, 2024", "May 8, 2025".
func APDate(t time.Time) string { return i18n.APDate(t) }

// dataCitations finds the citation keys in a data file or front matter:
// the items of every list named "sources" and every text field named
// "cite", with their positions.
func dataCitations(n *yaml.Node) []KeyRef {
	var out []KeyRef
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "cite" && v.Kind == yaml.ScalarNode {
					out = append(out, KeyRef{v.Value, Pos{v.Line, v.Column}})
					continue
				}
				if k.Value == "sources" && v.Kind == yaml.SequenceNode {
					for _, c := range v.Content {
						if c.Kind == yaml.ScalarNode {
							out = append(out, KeyRef{c.Value, Pos{c.Line, c.Column}})
						}
					}
					continue
				}
				walk(v)
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c)
			}
		}
	}
	walk(n)
	return out
}
