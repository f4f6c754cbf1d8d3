package importer

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// config is what the importer keeps of a site's settings.
type config struct {
	file        string // the settings file read, for notes
	title       string
	description string
	language    string
	baseURL     string
	author      string
	params      map[string]any
	taxonomies  []string
	permalinks  map[string]string // Hugo: section → pattern such as /:year/:slug/
	menu        []any             // Hugo: menu.main entries
}

var configFiles = map[string][]string{
	"hugo": {"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"},
	"zola": {"config.toml"},
}

// readConfig reads the site's settings file (and, for Hugo, the files of
// config/_default/, each one the value of the key it is named after).
func (im *importer) readConfig() error {
	m := map[string]any{}
	for _, name := range configFiles[im.opts.Kind] {
		b, err := fs.ReadFile(im.opts.Src, name)
		if err != nil {
			continue
		}
		if m, err = decodeConfig(name, b); err != nil {
			return err
		}
		im.cfg.file = name
		break
	}
	if im.opts.Kind == "hugo" {
		entries, _ := fs.ReadDir(im.opts.Src, "config/_default")
		for _, e := range entries {
			name := "config/_default/" + e.Name()
			b, err := fs.ReadFile(im.opts.Src, name)
			if err != nil || e.IsDir() {
				continue
			}
			v, err := decodeConfig(name, b)
			if err != nil {
				return err
			}
			key := strings.TrimSuffix(e.Name(), path.Ext(e.Name()))
			if key == "hugo" || key == "config" {
				for k, x := range v {
					m[k] = x
				}
			} else {
				m[key] = map[string]any(v)
			}
			if im.cfg.file == "" {
				im.cfg.file = name
			}
		}
	}
	if im.cfg.file == "" {
		return fmt.Errorf("no %s found: this does not look like a %s site", strings.Join(configFiles[im.opts.Kind], " or "), title(im.opts.Kind))
	}
	m = lowerKeys(m)
	c := &im.cfg
	c.title, _ = m["title"].(string)
	c.params = map[string]any{}
	if im.opts.Kind == "hugo" {
		c.baseURL = str(m["baseurl"])
		c.language = str(m["languagecode"])
		if c.language == "" {
			c.language = str(m["defaultcontentlanguage"])
		}
		if p, ok := m["params"].(map[string]any); ok {
			c.params = p
			c.description = str(p["description"])
			if a, ok := p["author"].(string); ok {
				c.author = a
			}
		}
		if a, ok := m["author"].(map[string]any); ok {
			c.author = str(a["name"])
		} else if a, ok := m["author"].(string); ok {
			c.author = a
		}
		c.taxonomies = []string{"tags", "categories"}
		if t, ok := m["taxonomies"].(map[string]any); ok {
			c.taxonomies = nil
			for _, k := range sortedKeys(t) {
				c.taxonomies = append(c.taxonomies, str(t[k]))
			}
		}
		if p, ok := m["permalinks"].(map[string]any); ok {
			c.permalinks = map[string]string{}
			if page, ok := p["page"].(map[string]any); ok { // Hugo ≥ 0.120: permalinks.page.posts
				p = page
			}
			for k, v := range p {
				if s, ok := v.(string); ok {
					c.permalinks[k] = s
				}
			}
		}
		for _, key := range []string{"menu", "menus"} {
			if mm, ok := m[key].(map[string]any); ok {
				c.menu, _ = mm["main"].([]any)
			}
		}
		if t := str(m["theme"]); t != "" {
			im.note(im.cfg.file, 0, "theme %q not converted: the converted site starts from the plain layouts in layouts/", t)
		}
		if _, ok := m["module"]; ok {
			im.note(im.cfg.file, 0, "Hugo modules not converted")
		}
	} else {
		c.baseURL = str(m["base_url"])
		c.description = str(m["description"])
		c.language = str(m["default_language"])
		c.author = str(m["author"])
		if e, ok := m["extra"].(map[string]any); ok {
			c.params = e
		}
		c.taxonomies = []string{}
		if ts, ok := m["taxonomies"].([]any); ok {
			for _, t := range ts {
				if tm, ok := t.(map[string]any); ok && str(tm["name"]) != "" {
					c.taxonomies = append(c.taxonomies, str(tm["name"]))
				}
			}
		}
		if t := str(m["theme"]); t != "" {
			im.note(im.cfg.file, 0, "theme %q not converted: the converted site starts from the plain layouts in layouts/", t)
		}
	}
	c.params = plainValues(c.params).(map[string]any)
	return nil
}

func decodeConfig(name string, b []byte) (map[string]any, error) {
	m := map[string]any{}
	var err error
	switch path.Ext(name) {
	case ".toml":
		err = toml.Unmarshal(b, &m)
	case ".json":
		err = json.Unmarshal(b, &m)
	default:
		err = yaml.Unmarshal(b, &m)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return m, nil
}

// lowerKeys lower-cases the top-level keys, as Hugo reads them.
func lowerKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// plainValues turns decoded TOML values (local dates and times) into text,
// so that YAML writes them as written.
func plainValues(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = plainValues(x)
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = plainValues(x)
		}
		return v
	case toml.LocalDate, toml.LocalDateTime, toml.LocalTime:
		return fmt.Sprint(v)
	}
	return v
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// menuEntry is one entry of the converted site's menu.
type menuEntry struct {
	Title  string `yaml:"title"`
	Page   string `yaml:"page"`
	weight int
}

// siteSettings is content/site.yaml.
type siteSettings struct {
	Title       string         `yaml:"title"`
	Description string         `yaml:"description,omitempty"`
	Language    string         `yaml:"language,omitempty"`
	BaseURL     string         `yaml:"base_url,omitempty"`
	Author      string         `yaml:"author,omitempty"`
	Taxonomies  []string       `yaml:"taxonomies"`
	PageFields  []string       `yaml:"page_fields,omitempty"`
	Menu        []menuEntry    `yaml:"menu,omitempty"`
	Params      map[string]any `yaml:"params,omitempty"`
}

// writeSettings writes content/site.yaml.
func (im *importer) writeSettings() {
	c := im.cfg
	s := siteSettings{Title: c.title, Description: c.description, Language: c.language, Author: c.author, Taxonomies: c.taxonomies, Params: c.params}
	if strings.HasPrefix(c.baseURL, "http://") || strings.HasPrefix(c.baseURL, "https://") {
		s.BaseURL = c.baseURL
	}
	if s.Title == "" {
		s.Title = "My site"
		im.note(c.file, 0, "no title: the converted site is called %q; change it in content/site.yaml", s.Title)
	}
	for _, item := range c.menu {
		im.configMenuEntry(item)
	}
	sort.SliceStable(im.menu, func(i, j int) bool { return im.menu[i].weight < im.menu[j].weight })
	s.Menu = im.menu
	for _, f := range sortedKeys(im.fields) {
		if !slices.Contains(s.Taxonomies, f) {
			s.PageFields = append(s.PageFields, f)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Converted from a %s site by generator import. See generator/docs/reference.md.\n", title(im.opts.Kind))
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(s)
	im.out["content/site.yaml"] = []byte(b.String())
	if len(im.authors) > 0 {
		var list []map[string]string
		for _, k := range sortedKeys(im.authors) {
			list = append(list, map[string]string{"key": k, "name": im.authors[k]})
		}
		var a strings.Builder
		a.WriteString("# The authors named by the pages' author and authors fields. Add a role, url and bio.\n")
		enc := yaml.NewEncoder(&a)
		enc.SetIndent(2)
		_ = enc.Encode(list)
		im.out["content/data/authors.yaml"] = []byte(a.String())
	}
}

// configMenuEntry adds an entry of Hugo's menu.main setting.
func (im *importer) configMenuEntry(item any) {
	m, ok := item.(map[string]any)
	if !ok {
		return
	}
	name := str(m["name"])
	ref := str(m["pageRef"])
	if ref == "" {
		ref = str(m["pageref"])
	}
	var target *page
	if ref != "" {
		target = im.findRef(nil, ref)
	} else if u := str(m["url"]); u != "" {
		target = im.byURL(u)
	}
	if target == nil {
		im.note(im.cfg.file, 0, "menu entry %q not converted: it points to no page of the site (menus here hold pages only)", name)
		return
	}
	if name == "" {
		name = target.title
	}
	w, _ := m["weight"].(int64)
	im.addMenu(name, target, int(w))
}

func (im *importer) addMenu(name string, target *page, weight int) {
	if im.menuSeen[target.newPath] {
		return
	}
	im.menuSeen[target.newPath] = true
	im.menu = append(im.menu, menuEntry{Title: name, Page: target.newPath, weight: weight})
}
