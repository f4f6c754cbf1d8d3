package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Pos is a 1-based line and column in a source file.
type Pos struct{ Line, Col int }

// KnownFields lists the front matter fields the generator reads. Any other
// field is kept in Page.Params for layouts, and `check` warns about it.
var KnownFields = []string{
	"title", "description", "date", "updated", "draft", "weight", "slug", "url",
	"layout", "aliases", "tags", "needs_citations", "review_by", "data_citations",
	"toc", "params", "cite", "sources",
	"corrections", "authors", "image", "image_alt", "publish_at", "expires",
	"translation_of", "translation_hash",
	// Read for pages written for Hugo or Zola.
	"summary", "lastmod", "extra", "path", "categories", "taxonomies",
}

// mappedFields are other generators' names for fields read here: Hugo's
// summary and lastmod, Zola's extra and path. (Hugo's author, a name, is
// not an authors key: check's hint says so, and generator import makes the
// registry entries.)
var mappedFields = map[string]string{
	"summary": "description",
	"lastmod": "updated",
	"extra":   "params",
	"path":    "url",
}

// normalize strips a UTF-8 byte order mark and turns CRLF (and lone CR)
// line endings into LF. Line numbers are unchanged.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

// splitFrontMatter finds a YAML front matter block delimited by "---" lines
// at the very start of src. It returns the YAML text (a copy), the body with
// the front matter lines replaced by empty lines (so that offsets into the
// body give real line numbers), and whether a block was present. An opening
// delimiter without a closing one is an error at 1:1. The body is made in
// place: it is the end of src, whose front matter bytes are overwritten.
func splitFrontMatter(src []byte) (fm, body []byte, ok bool, err error) {
	if !bytes.HasPrefix(src, []byte("---")) {
		return nil, src, false, nil
	}
	first := bytes.IndexByte(src, '\n')
	if first < 0 || strings.TrimRight(string(src[:first]), " \t") != "---" {
		return nil, src, false, nil
	}
	rest := src[first+1:]
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var line []byte
		if end < 0 {
			line = rest[off:]
		} else {
			line = rest[off : off+end]
		}
		if t := strings.TrimRight(string(line), " \t"); t == "---" || t == "..." {
			fm = bytes.Clone(rest[:off])
			closeEnd := first + 1 + off + len(line)
			// Every line before closeEnd ends in a newline, so there are
			// at least as many bytes as newlines to overwrite.
			nl := bytes.Count(src[:closeEnd], []byte("\n"))
			body = src[closeEnd-nl:]
			for i := range nl {
				body[i] = '\n'
			}
			return fm, body, true, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, nil, true, fmt.Errorf("front matter starts with --- here but is never closed by a --- line")
}

var (
	yamlLineRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })
	yamlAnchorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`) })
)

// yamlParserErrors start the messages of yaml.v3's parser (not its
// scanner). yaml.v3 numbers their lines from 0, and those of the scanner's
// from 1.
var yamlParserErrors = []string{
	"did not find expected <", "did not find expected node content", "did not find expected '-' indicator",
	"did not find expected key", "did not find expected ',' or ", "found undefined tag handle",
	"found duplicate %", "found incompatible YAML document",
}

// yamlError turns a yaml.v3 error in the YAML text src into a diagnostic;
// lineOffset is the file line on which the YAML text starts, minus one.
func yamlError(path string, err error, src []byte, lineOffset int) diag.Diagnostic {
	msg := err.Error()
	line, col := lineOffset+1, 1
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlAnchorRE().FindStringSubmatch(msg); m != nil {
		// No position in the message: find the alias in the text.
		if i := bytes.Index(src, []byte("*"+m[1])); i >= 0 {
			l, c := diag.Position(src, i)
			line, col = lineOffset+l, c
		}
		return diag.Diagnostic{Path: path, Line: line, Col: col, Msg: fmt.Sprintf("invalid YAML: alias *%s names no anchor &%s", m[1], m[1])}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLineRE().FindStringSubmatch("yaml: " + msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		msg = m[2]
		for _, p := range yamlParserErrors {
			if strings.HasPrefix(msg, p) {
				n++
				break
			}
		}
		// The end of the text counts as a line of its own: point at the
		// last line instead.
		last := bytes.Count(src, []byte("\n"))
		if len(src) > 0 && src[len(src)-1] != '\n' {
			last++
		}
		line = lineOffset + max(1, min(n, last))
	}
	return diag.Diagnostic{Path: path, Line: line, Col: col, Msg: "invalid YAML: " + msg}
}

// fieldError builds a diagnostic at a YAML node.
func fieldError(path string, n *yaml.Node, lineOffset int, format string, args ...any) diag.Diagnostic {
	return diag.Diagnostic{Path: path, Line: n.Line + lineOffset, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// decodeNode converts a YAML node to plain Go values: map[string]any,
// []any, string, int, float64, bool, time.Time or nil. An alias shares the
// value decoded for its anchor, so aliases that multiply one another
// ("billion laughs") decode in linear time, and an alias inside the value it
// names decodes as nil instead of recursing forever (selfAlias reports it).
func decodeNode(n *yaml.Node) any {
	d := nodeDecoder{anchored: map[*yaml.Node]any{}, open: map[*yaml.Node]bool{}}
	return d.decode(n)
}

type nodeDecoder struct {
	anchored map[*yaml.Node]any  // decoded values of anchored nodes
	open     map[*yaml.Node]bool // nodes being decoded
}

func (d *nodeDecoder) decode(n *yaml.Node) any {
	if n == nil {
		return nil
	}
	if v, ok := d.anchored[n]; ok {
		return v
	}
	if d.open[n] {
		return nil // an alias to an enclosing node
	}
	d.open[n] = true
	v := d.decodeValue(n)
	delete(d.open, n)
	if n.Anchor != "" {
		d.anchored[n] = v
	}
	return v
}

func (d *nodeDecoder) decodeValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return d.decode(n.Content[0])
	case yaml.AliasNode:
		return d.decode(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = d.decode(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			s = append(s, d.decode(c))
		}
		return s
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return b
	case "!!int":
		if i, err := strconv.Atoi(n.Value); err == nil {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	case "!!timestamp":
		if t, err := ParseDate(n.Value); err == nil {
			return t
		}
	}
	return n.Value
}

// selfAlias returns the first alias in the tree of n that names a node
// containing it (`a: &x [*x]`), which yaml.v3 parses into a cyclic tree,
// or nil.
func selfAlias(n *yaml.Node) *yaml.Node {
	open := map[*yaml.Node]bool{}
	var walk func(*yaml.Node) *yaml.Node
	walk = func(n *yaml.Node) *yaml.Node {
		if n.Kind == yaml.AliasNode {
			if open[n.Alias] {
				return n
			}
			return nil
		}
		open[n] = true
		defer delete(open, n)
		for _, c := range n.Content {
			if a := walk(c); a != nil {
				return a
			}
		}
		return nil
	}
	return walk(n)
}

// ParseDate accepts the date forms front matter and data files use:
// 2006-01-02, RFC 3339 with or without a time zone, and "2006-01-02 15:04".
// Times without a zone are UTC, so output never depends on the machine.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			// Feeds and sitemaps write dates in UTC with four-digit years;
			// a day's margin covers any time zone shift.
			if t.AddDate(0, 0, 1).UTC().Year() > 9999 || t.AddDate(0, 0, -1).UTC().Year() < 1 {
				return time.Time{}, fmt.Errorf("%q is out of range: dates must fall within the years 0001 to 9999 in every time zone", s)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (write it as 2024-10-21)", s)
}

// checkText reports whether src is text: valid UTF-8 without NUL bytes.
// It returns the byte offset of the first offending byte, or -1.
func checkText(src []byte) (int, string) {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return i, "this is a binary file, not Markdown text"
	}
	if utf8.Valid(src) {
		return -1, ""
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i, "invalid UTF-8 text (save the file as UTF-8)"
		}
		i += size
	}
	return -1, ""
}
