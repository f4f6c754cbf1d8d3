package layout

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/i18n"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// Env is what the template functions need from the build.
type Env struct {
	BaseURL     string                            // absolute, ending in "/", or ""
	Asset       func(name string) (string, error) // hashed root-relative URL of layouts/assets/<name>
	Markdownify func(src string) template.HTML
	Sources     map[string]*content.Source
	// Schema returns the JSON-LD objects of a page as layouts see it (see
	// Schema).
	Schema func(page any) ([]map[string]any, error)
	// Image returns the markup placing the image file content/<path>, as
	// Markdown places it (see the image function).
	Image func(path, alt string, opts []string) (template.HTML, error)
	// I18n is the site's interface strings and date and number formats
	// per language (T, apdate, date, number); nil: English only.
	I18n *i18n.Catalog
	// Partial returns the output of the template name (a partial) for
	// data in language code, made once per build (see partialCached).
	Partial func(code, name string, data any) (template.HTML, error)
}

// FuncNames lists every function Funcs offers, for the reference docs.
var FuncNames = []string{
	"T", "absURL", "add", "apdate", "asset", "citeref", "date", "days", "default", "dict", "div",
	"first", "image", "isodate", "jsonld", "lower", "markdownify", "merge", "mul", "number", "partialCached", "relURL", "safeHTML",
	"schema", "set", "slice", "source", "sub", "upper", "urlize", "where",
}

// Funcs builds the template functions. It is the only place template
// functions are defined. The functions read env when they are called, so a
// caller may update env between builds and keep the parsed templates.
func Funcs(env *Env) template.FuncMap {
	m := template.FuncMap{
		"asset": func(name string) (string, error) {
			if env.Asset == nil {
				return "", errors.New("no assets")
			}
			return env.Asset(name)
		},
		"absURL": func(u string) string { return AbsURL(env.BaseURL, u) },
		"image": func(path, alt string, opts ...string) (template.HTML, error) {
			if env.Image == nil {
				return "", errors.New("image: no images")
			}
			return env.Image(path, alt, opts)
		},
		"relURL": func(u string) string { return u },
		"isodate": func(v any) (string, error) {
			if m, ok := monthOnly(v); ok {
				return m.Format("2006-01"), nil
			}
			t, err := toTime(v)
			if err != nil || t.IsZero() {
				return "", err
			}
			return ISODate(t), nil
		},
		"markdownify": func(v any) template.HTML {
			if env.Markdownify == nil {
				return template.HTML(template.HTMLEscapeString(fmt.Sprint(v)))
			}
			return env.Markdownify(fmt.Sprint(v))
		},
		"source": func(key string) (*content.Source, error) {
			if s := env.Sources[key]; s != nil {
				return s, nil
			}
			return nil, fmt.Errorf("unknown source %q", key)
		},
		"jsonld": func(v any) (template.JS, error) {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(true)
			if err := enc.Encode(v); err != nil {
				return "", err
			}
			return template.JS(bytes.TrimSpace(b.Bytes())), nil
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict needs key and value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not text", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"slice": func(v ...any) []any { return v },
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"mul":   func(a, b int) int { return a * b },
		"div": func(a, b int) (int, error) {
			if b == 0 {
				return 0, errors.New("div: division by zero")
			}
			return a / b, nil
		},
		"days":     days,
		"lower":    strings.ToLower,
		"upper":    strings.ToUpper,
		"urlize":   content.Urlize,
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"default": func(def, v any) any {
			if v == nil || reflect.ValueOf(v).IsZero() {
				return def
			}
			return v
		},
		"first": func(n int, list any) (any, error) {
			rv := reflect.ValueOf(list)
			if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
				return nil, fmt.Errorf("first: %T is not a list", list)
			}
			return rv.Slice(0, min(max(n, 0), rv.Len())).Interface(), nil
		},
		"where": where,
		"schema": func(p any) ([]map[string]any, error) {
			if env.Schema == nil {
				return nil, errors.New("schema: no structured data in this build")
			}
			return env.Schema(p)
		},
		"merge": merge,
		"set":   set,
	}
	for k, f := range LangFuncs(env, "") {
		m[k] = f
	}
	return m
}

// LangFuncs builds the functions whose output depends on the language of
// the page being rendered: T, apdate, date and number, for language code
// ("" is the site's default language). Set.Execute runs a page's layout
// with its language's functions.
func LangFuncs(env *Env, code string) template.FuncMap {
	return template.FuncMap{
		"T": func(key string, args ...any) (string, error) {
			return env.I18n.Translate(code, key, args...)
		},
		"date": func(layout string, v any) (string, error) {
			t, err := toTime(v)
			if err != nil || t.IsZero() {
				return "", err
			}
			return env.I18n.Format(code, layout, t), nil
		},
		"apdate": func(v any) (string, error) {
			if s, ok := v.(*content.Source); ok {
				return SourceDate(env.I18n, code, s), nil
			}
			if m, ok := monthOnly(v); ok {
				return env.I18n.Month(code, m), nil
			}
			t, err := toTime(v)
			return env.I18n.Date(code, t), err
		},
		"number": func(v any) string { return env.I18n.Number(code, v) },
		"partialCached": func(name string, data any) (template.HTML, error) {
			if env.Partial == nil {
				return "", errors.New("partialCached: no layouts in this build")
			}
			return env.Partial(code, name, data)
		},
		"citeref": func(p Citer, keys any) (template.HTML, error) {
			if v := reflect.ValueOf(p); p == nil || v.Kind() == reflect.Pointer && v.IsNil() {
				return "", errors.New("citeref: no page")
			}
			list, err := citeKeys(keys)
			if err != nil {
				return "", err
			}
			refs := make([]markdown.CiteRef, 0, len(list))
			for _, key := range list {
				c := p.Citation(key)
				if c == nil {
					if env.Sources[key] == nil {
						return "", fmt.Errorf("citeref: unknown source %q", key)
					}
					return "", fmt.Errorf("citeref: %s does not cite %q", p.SourcePath(), key)
				}
				refs = append(refs, markdown.CiteRef{Key: c.Source.Key, Number: c.Number, Label: citeLabel(env.I18n, code, c.Number)})
			}
			if len(refs) == 0 {
				return "", nil
			}
			return template.HTML(markdown.AppendCiteHTML(nil, markdown.SortCiteRefs(refs))), nil
		},
	}
}

// citeLabel is the aria-label of a citation link to source number n, as
// the Markdown of a page in language code writes it.
func citeLabel(c *i18n.Catalog, code string, n int) string {
	return strings.ReplaceAll(c.Text(code, "cite.source", markdown.Texts["cite.source"]), "{number}", fmt.Sprint(n))
}

// SourceDate writes a source's date in language code as precisely as
// sources.yaml gives it: a day ("Oct. 12, 2023", "12 de octubre de
// 2023"), a month ("October 2023", "octubre de 2023") or a year.
func SourceDate(c *i18n.Catalog, code string, s *content.Source) string {
	switch {
	case s == nil || s.Date.IsZero():
		return ""
	case s.DateText == s.Date.Format("2006"):
		return s.DateText
	case s.DateText == content.APMonth(s.Date):
		return c.Month(code, s.Date)
	}
	return c.Date(code, s.Date)
}

// citeKeys reads citeref's second argument: one key, or a list of keys
// (from a data file or front matter).
func citeKeys(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case []string:
		return v, nil
	case nil:
		return nil, nil
	case []any:
		keys := make([]string, len(v))
		for i, k := range v {
			s, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("citeref: source key %v is not text", k)
			}
			keys[i] = s
		}
		return keys, nil
	}
	return nil, fmt.Errorf("citeref: %v (%T) is not a source key or a list of keys", v, v)
}

// Citer is a page as citeref needs it.
type Citer interface {
	Citation(key string) *content.Citation // the page's citation of key, or nil
	SourcePath() string                    // the page's source file, for messages
}

// CiteHTML is the superscript link a citation renders as, the same in
// Markdown and in layouts.
func CiteHTML(c *content.Citation) template.HTML {
	return template.HTML(markdown.AppendCiteHTML(nil, []markdown.CiteRef{{Key: c.Source.Key, Number: c.Number}}))
}

// AbsURL joins a root-relative URL to the base URL; without a base URL it
// returns u unchanged.
func AbsURL(base, u string) string {
	if base == "" || strings.Contains(u, "://") {
		return u
	}
	return base + strings.TrimPrefix(u, "/")
}

// ISODate formats a date as 2006-01-02, or as RFC 3339 when it has a time.
func ISODate(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// monthOnly recognises a date written with only a year and month, such as
// "2022-08" in a data file.
func monthOnly(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok || len(s) != 7 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01", s)
	return t, err == nil
}

func toTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t, nil
	case *time.Time:
		if t == nil {
			return time.Time{}, nil
		}
		return *t, nil
	case string:
		if t == "" {
			return time.Time{}, nil
		}
		return content.ParseDate(t)
	case nil:
		return time.Time{}, nil
	}
	return time.Time{}, fmt.Errorf("%v (%T) is not a date", v, v)
}

// days counts the calendar days from date a to date b (negative when b is
// earlier). It takes what apdate takes: dates, "2006-01-02" texts, and
// "2006-01" month texts (the first of the month).
func days(a, b any) (int, error) {
	var ts [2]time.Time
	for i, v := range []any{a, b} {
		if m, ok := monthOnly(v); ok {
			ts[i] = m
			continue
		}
		t, err := toTime(v)
		if err != nil {
			return 0, fmt.Errorf("days: %w", err)
		}
		if t.IsZero() {
			return 0, fmt.Errorf("days: %v is not a date", v)
		}
		ts[i] = t
	}
	// Count in UTC calendar days, so a time of day or a daylight saving
	// change does not shift the count.
	day := func(t time.Time) int64 {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	return int(day(ts[1]) - day(ts[0])), nil
}

// where filters a list of pages or maps to those whose field equals value.
// A field is read as a template reads it: a method without arguments
// first (a page's .HasCode), then a struct field, then a map key.
func where(list any, field string, value any) ([]any, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("where: %T is not a list", list)
	}
	var out []any
	for i := range rv.Len() {
		fv := fieldOf(rv.Index(i), field)
		if fv.IsValid() && fv.CanInterface() && reflect.DeepEqual(fv.Interface(), value) {
			out = append(out, rv.Index(i).Interface())
		}
	}
	return out, nil
}

// fieldOf reads field name of item as a template's .name would, or
// returns the zero Value.
func fieldOf(item reflect.Value, name string) reflect.Value {
	for {
		if item.Kind() == reflect.Interface {
			item = item.Elem()
			continue
		}
		if m := item.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
			return m.Call(nil)[0]
		}
		if item.Kind() != reflect.Pointer || item.IsNil() {
			break
		}
		item = item.Elem()
	}
	switch item.Kind() {
	case reflect.Struct:
		if f, ok := item.Type().FieldByName(name); ok && f.IsExported() {
			if fv, err := item.FieldByIndexErr(f.Index); err == nil {
				return fv
			}
		}
	case reflect.Map:
		if item.Type().Key().Kind() == reflect.String {
			return item.MapIndex(reflect.ValueOf(name).Convert(item.Type().Key()))
		}
	}
	return reflect.Value{}
}
