package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"
)

// Front matter formats. YAML is this site's own; TOML (between +++ lines)
// and JSON (one object at the start of the file) are read too, so pages
// written for Hugo or Zola build unchanged. TOML and JSON are turned into
// the same yaml.Node tree YAML gives, with the lines and columns of the
// file, so every field is read and every message placed the same way.
const (
	formatYAML = "YAML"
	formatTOML = "TOML"
	formatJSON = "JSON"
)

// FrontMatterFormats says how each front matter format starts, for
// messages.
const FrontMatterFormats = "--- (YAML), +++ (TOML) or { (JSON)"

// splitAnyFrontMatter finds the front matter block at the start of src, in
// any format. It returns the block's text, the body (with the block's lines
// blanked, as splitFrontMatter does), the format ("" when src has no front
// matter) and the line of the file on which the text starts, minus one. A
// block that is opened but never closed is an error.
func splitAnyFrontMatter(src []byte) (fm, body []byte, format string, lineOffset int, err error) {
	switch {
	case isDelimLine(src, "+++"):
		fm, body, ok := splitDelimited(src, "+++")
		if !ok {
			return nil, nil, formatTOML, 0, fmt.Errorf("TOML front matter starts with +++ here but is never closed by a +++ line")
		}
		return fm, body, formatTOML, 1, nil
	case len(src) > 0 && src[0] == '{':
		n, err := jsonObjectEnd(src)
		if err != nil {
			return nil, nil, formatJSON, 0, err
		}
		fm = bytes.Clone(src[:n])
		return fm, blankLines(src, n), formatJSON, 0, nil
	}
	fm, body, ok, err := splitFrontMatter(src)
	if err != nil || !ok {
		return fm, body, "", 0, err
	}
	return fm, body, formatYAML, 1, nil
}

// isDelimLine reports whether src starts with the line delim (trailing
// blanks allowed).
func isDelimLine(src []byte, delim string) bool {
	if !bytes.HasPrefix(src, []byte(delim)) {
		return false
	}
	first := bytes.IndexByte(src, '\n')
	return first >= 0 && strings.TrimRight(string(src[:first]), " \t") == delim
}

// splitDelimited splits a block that starts and ends with a delim line.
func splitDelimited(src []byte, delim string) (fm, body []byte, ok bool) {
	first := bytes.IndexByte(src, '\n')
	rest := src[first+1:]
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if end >= 0 {
			line = rest[off : off+end]
		}
		if strings.TrimRight(string(line), " \t") == delim {
			fm = bytes.Clone(rest[:off])
			return fm, blankLines(src, first+1+off+len(line)), true
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, nil, false
}

// blankLines returns src from n on, with one newline for every line the
// first n bytes held, written over src's own bytes.
func blankLines(src []byte, n int) []byte {
	nl := bytes.Count(src[:n], []byte("\n"))
	body := src[n-nl:]
	for i := range nl {
		body[i] = '\n'
	}
	return body
}

// jsonObjectEnd returns the length of the JSON object that starts src,
// which must end its line.
func jsonObjectEnd(src []byte) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return 0, jsonError(src, err)
	}
	n := int(dec.InputOffset())
	rest := src[n:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		line, col := diag.Position(src, n)
		return 0, posError{line, col, "JSON front matter must end with } at the end of a line"}
	}
	return n, nil
}

// posError is an error at a line and column of the file.
type posError struct {
	line, col int
	msg       string
}

func (e posError) Error() string { return e.msg }

// jsonError turns an encoding/json error into a posError.
func jsonError(src []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := diag.Position(src, max(0, int(se.Offset)-1))
		return posError{line, col, "invalid JSON: " + strings.TrimPrefix(se.Error(), "json: ")}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		line, col := diag.Position(src, len(src))
		return posError{line, col, "JSON front matter starts with { but its closing } is missing"}
	}
	return posError{1, 1, "invalid JSON: " + err.Error()}
}

// decodeOtherFrontMatter parses TOML or JSON front matter text into a
// yaml.Node mapping whose lines are file lines minus one (as those of YAML
// front matter, which starts on line 2). lineOffset is the file line on
// which the text starts, minus one.
func decodeOtherFrontMatter(path, format string, fm []byte, lineOffset int) (*yaml.Node, diag.List) {
	var ds diag.List
	var root *yaml.Node
	var err error
	if format == formatTOML {
		root, err = tomlTree(fm)
	} else {
		root, err = jsonTree(fm)
	}
	if err != nil {
		var pe posError
		if !errors.As(err, &pe) {
			pe = posError{1, 1, err.Error()}
		}
		ds.Add(path, pe.line+lineOffset, pe.col, "%s", pe.msg)
		return nil, ds
	}
	// Nodes carry text lines; the page reader adds one (YAML's offset).
	shiftLines(root, lineOffset-1)
	return root, nil
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

// tomlTree parses TOML text into a yaml.Node mapping with TOML's lines and
// columns.
func tomlTree(src []byte) (*yaml.Node, error) {
	// go-toml's decoder checks what its parser does not: keys defined
	// twice, a table defined after its keys were set, and the like.
	var check map[string]any
	if err := toml.Unmarshal(src, &check); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, posError{line, col, "invalid TOML: " + strings.TrimPrefix(de.Error(), "toml: ")}
		}
		return nil, posError{1, 1, "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")}
	}
	t := tomlBuilder{root: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}}
	t.p.Reset(src)
	cur := t.root
	for t.p.NextExpression() {
		e := t.p.Expression()
		switch e.Kind {
		case unstable.Table:
			cur = t.table(t.root, e.Key(), false)
		case unstable.ArrayTable:
			cur = t.table(t.root, e.Key(), true)
		case unstable.KeyValue:
			keys := e.Key()
			m, last := t.walk(cur, &keys)
			t.set(m, last, t.value(e.Value(), t.pos(last.Raw)))
		}
	}
	if err := t.p.Error(); err != nil {
		return nil, posError{1, 1, "invalid TOML: " + err.Error()}
	}
	return t.root, nil
}

type tomlBuilder struct {
	p    unstable.Parser
	root *yaml.Node
}

func (t *tomlBuilder) pos(r unstable.Range) unstable.Position {
	return t.p.Shape(r).Start
}

// walk follows a dotted key from m, making the tables it names, and
// returns the table that holds the last part and that part.
func (t *tomlBuilder) walk(m *yaml.Node, keys *unstable.Iterator) (*yaml.Node, *unstable.Node) {
	keys.Next()
	k := keys.Node()
	for !keys.IsLast() {
		child := lookup(m, string(k.Data))
		if child == nil {
			child = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			p := t.pos(k.Raw)
			child.Line, child.Column = p.Line, p.Column
			t.set(m, k, child)
		}
		if child.Kind == yaml.SequenceNode && len(child.Content) > 0 { // [[a]] then a.b
			child = child.Content[len(child.Content)-1]
		}
		m = child
		keys.Next()
		k = keys.Node()
	}
	return m, k
}

// table returns the table a [header] or [[header]] names, made if needed.
func (t *tomlBuilder) table(root *yaml.Node, keys unstable.Iterator, array bool) *yaml.Node {
	m, last := t.walk(root, &keys)
	p := t.pos(last.Raw)
	existing := lookup(m, string(last.Data))
	if !array {
		if existing != nil {
			return existing
		}
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.Line, Column: p.Column}
		t.set(m, last, n)
		return n
	}
	if existing == nil {
		existing = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.Line, Column: p.Column}
		t.set(m, last, existing)
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.Line, Column: p.Column}
	existing.Content = append(existing.Content, n)
	return n
}

func (t *tomlBuilder) set(m *yaml.Node, k *unstable.Node, v *yaml.Node) {
	p := t.pos(k.Raw)
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(k.Data), Line: p.Line, Column: p.Column}
	m.Content = append(m.Content, key, v)
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// value converts a TOML value; at is the position of its key, used for
// arrays, which carry none of their own.
func (t *tomlBuilder) value(v *unstable.Node, at unstable.Position) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: at.Line, Column: at.Column}
	if v.Kind != unstable.Array {
		p := t.pos(v.Raw)
		n.Line, n.Column = p.Line, p.Column
	}
	switch v.Kind {
	case unstable.Array:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind != unstable.Comment {
				n.Content = append(n.Content, t.value(c, at))
			}
		}
	case unstable.InlineTable:
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		it := v.Children()
		for it.Next() {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			keys := kv.Key()
			m, last := t.walk(n, &keys)
			t.set(m, last, t.value(kv.Value(), t.pos(last.Raw)))
		}
	case unstable.String:
		n.Tag, n.Value = "!!str", string(v.Data)
	case unstable.Bool:
		n.Tag, n.Value = "!!bool", string(v.Data)
	case unstable.Integer:
		n.Tag, n.Value = "!!int", string(v.Data)
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			n.Value = strconv.FormatInt(i, 10)
		}
	case unstable.Float:
		n.Tag, n.Value = "!!float", strings.ReplaceAll(string(v.Data), "_", "")
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime:
		// TOML allows a space between date and time; RFC 3339 a T.
		s := string(v.Data)
		if len(s) > 10 && s[10] == ' ' {
			s = s[:10] + "T" + s[11:]
		}
		n.Tag, n.Value = "!!timestamp", s
	default: // LocalTime: kept as text
		n.Tag, n.Value = "!!str", string(v.Data)
	}
	return n
}

// jsonTree parses a JSON object into a yaml.Node mapping with the lines and
// columns of src.
func jsonTree(src []byte) (*yaml.Node, error) {
	j := jsonBuilder{src: src, dec: json.NewDecoder(bytes.NewReader(src))}
	j.dec.UseNumber()
	n, err := j.value()
	if err != nil {
		return nil, err
	}
	if n.Kind != yaml.MappingNode {
		return nil, posError{1, 1, "JSON front matter must be an object: { \"title\": \"…\" }"}
	}
	return n, nil
}

type jsonBuilder struct {
	src []byte
	dec *json.Decoder
}

// token reads the next token and the offset at which it starts.
func (j *jsonBuilder) token() (json.Token, int, error) {
	start := int(j.dec.InputOffset())
	for start < len(j.src) && strings.IndexByte(" \t\r\n,:", j.src[start]) >= 0 {
		start++
	}
	tok, err := j.dec.Token()
	if err != nil {
		return nil, start, jsonError(j.src, err)
	}
	return tok, start, nil
}

func (j *jsonBuilder) value() (*yaml.Node, error) {
	tok, start, err := j.token()
	if err != nil {
		return nil, err
	}
	return j.valueFrom(tok, start)
}

func (j *jsonBuilder) valueFrom(tok json.Token, start int) (*yaml.Node, error) {
	line, col := diag.Position(j.src, start)
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: col}
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		} else {
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
		}
		for j.dec.More() {
			if n.Kind == yaml.MappingNode {
				k, err := j.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, k)
			}
			v, err := j.value()
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, v)
		}
		if _, _, err := j.token(); err != nil { // the closing ] or }
			return nil, err
		}
	case string:
		n.Tag, n.Value = "!!str", tok
	case bool:
		n.Tag, n.Value = "!!bool", strconv.FormatBool(tok)
	case json.Number:
		n.Tag, n.Value = "!!float", tok.String()
		if _, err := strconv.Atoi(n.Value); err == nil {
			n.Tag = "!!int"
		}
	case nil:
		n.Tag, n.Value = "!!null", "null"
	}
	return n, nil
}

// missingFrontMatter explains a file without front matter, naming the
// format its first line looks like when it is one this generator does not
// read.
func missingFrontMatter(src []byte) string {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	line := strings.TrimSpace(string(first))
	switch {
	case line == ";;;" || line == "---yaml" || strings.HasPrefix(line, "#+"):
		return fmt.Sprintf("front matter in a format this generator does not read (%q): start the file with %s", line, FrontMatterFormats)
	case strings.Contains(line, ":") && !strings.HasPrefix(line, "#"):
		return "missing front matter: put a --- line before and after the fields (title: …), or use +++ (TOML) or { (JSON)"
	}
	return "missing front matter: start the file with a --- line, a title: line and another --- line"
}

// ReadFrontMatter splits the text of a page file (any format) into its
// front matter, as a YAML mapping whose node lines are file lines minus
// one, and the text after the block. format is "YAML", "TOML" or "JSON";
// a file without front matter gives a nil root, "" and no error. It is
// for tools that convert pages, such as the importer; it changes nothing
// in src.
func ReadFrontMatter(path string, src []byte) (root *yaml.Node, rest []byte, format string, ds diag.List) {
	src = normalize(bytes.Clone(src))
	orig := bytes.Clone(src)
	fm, body, format, lineOffset, err := splitAnyFrontMatter(src)
	if err != nil {
		line, col := 1, 1
		if pe, ok := err.(posError); ok {
			line, col = pe.line, pe.col
		}
		ds.Add(path, line, col, "%v", err)
		return nil, nil, format, ds
	}
	if format == "" {
		return nil, orig, "", nil
	}
	// The block's bytes less its newlines are what the body lost: the
	// block ends at the first offset where that count is reached (its
	// last byte, a delimiter, is no newline).
	lost, n := len(src)-len(body), 0
	for nl := 0; n-nl < lost; n++ {
		if orig[n] == '\n' {
			nl++
		}
	}
	rest = bytes.TrimPrefix(orig[n:], []byte("\n"))
	if format != formatYAML {
		root, d := decodeOtherFrontMatter(path, format, fm, lineOffset)
		return root, rest, format, d
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, nil, format, diag.List{yamlError(path, err, fm, 1)}
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		return doc.Content[0], rest, format, nil
	}
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}, rest, format, nil
}
