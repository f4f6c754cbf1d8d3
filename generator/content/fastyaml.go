package content

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastYAML parses the simple YAML that almost every front matter block is
// written in, and returns the same document tree that
// yaml.Unmarshal(src, &doc) builds into a yaml.Node: the same kinds,
// styles, tags, values, lines and columns, and no anchors, aliases or
// comments. ok is false when src uses anything it does not fully
// understand; the caller then parses src with yaml.v3, which also reports
// the errors. yaml.v3 stays the reference: fastYAML only exists because
// yaml.v3's general parser costs a noticeable share of a large build, and
// FuzzFastYAML checks that the two agree on everything fastYAML accepts.
//
// Accepted:
//
//   - text made only of spaces and line breaks (a zero Node, as yaml.v3
//     gives);
//   - a block mapping at column 1 whose keys are plain words (a letter, digit
//     or _, then letters, digits, _, - or .) followed by ": " or ":" at the
//     end of the line, each key at most once;
//   - as values: a scalar on the key's line, nothing (null), a nested block
//     mapping or block sequence on the following more indented lines, or a
//     block sequence at the key's own indentation;
//   - block sequence items ("- ") holding a scalar, a flow sequence, or a
//     block mapping whose first key is on the item's line;
//   - scalars that fit on their line: plain ones (tags resolved as yaml.v3
//     resolves them, see resolveTag), single-quoted ones, and double-quoted
//     ones with yaml.v3's escapes; and flow sequences of such scalars
//     ([a, "b"]) closed on the same line.
//
// Rejected, among others: tabs, carriage returns, control characters,
// invalid UTF-8, the byte order mark and Unicode line breaks; comments
// (# outside quotes); anchors, aliases and tags; block scalars (| and >);
// flow mappings and nested flow sequences; scalars spanning lines; quoted
// or complex (?) keys; merge keys (<<); directives and document markers;
// a root that is not a mapping; nested block sequences (- - x), empty
// sequence items and trailing commas; plain scalars holding ": ", ending in
// ":" or starting with an indicator.
func fastYAML(src []byte) (*yaml.Node, bool) {
	if !fyCheckText(src) {
		return nil, false
	}
	p := fyParser{src: string(src)}
	p.splitLines()
	if len(p.lines) == 0 {
		return &yaml.Node{}, true
	}
	if p.lines[0].ind != 0 {
		return nil, false
	}
	root, ok := p.mapping(0)
	if !ok || p.i != len(p.lines) {
		return nil, false
	}
	doc := p.node()
	doc.Kind = yaml.DocumentNode
	doc.Line, doc.Column = root.Line, root.Column
	doc.Content = []*yaml.Node{root}
	return doc, true
}

// fyCheckText reports whether src holds only characters that yaml.v3 reads
// as ordinary printable text: line feeds, printable ASCII, and valid UTF-8
// in the ranges yaml.v3 allows, except NEL, the line and paragraph
// separators (which YAML counts as line breaks) and the byte order mark
// (which yaml.v3 skips at the start of a line).
func fyCheckText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += size
	}
	return true
}

// fyLine is one line of the input that is not blank.
type fyLine struct {
	num  int    // 1-based line number
	ind  int    // offset of the first character to read: the indentation, or later in the line for an item's mapping
	text string // the line without its line break
}

type fyParser struct {
	src   string
	lines []fyLine
	i     int // the next line to read
	depth int
	buf   []yaml.Node // nodes are carved out of this
}

// fyMaxDepth bounds the nesting fastYAML accepts; deeper text goes to yaml.v3.
const fyMaxDepth = 32

func (p *fyParser) splitLines() {
	n := strings.Count(p.src, "\n") + 1
	p.lines = make([]fyLine, 0, n)
	num := 0
	for rest := p.src; ; {
		num++
		line := rest
		nl := strings.IndexByte(rest, '\n')
		if nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		}
		ind := 0
		for ind < len(line) && line[ind] == ' ' {
			ind++
		}
		if ind < len(line) {
			p.lines = append(p.lines, fyLine{num: num, ind: ind, text: line})
		}
		if nl < 0 {
			break
		}
	}
	p.buf = make([]yaml.Node, 0, 3*len(p.lines)+2)
}

// node returns a new zero node. Nodes are allocated in blocks.
func (p *fyParser) node() *yaml.Node {
	if len(p.buf) == cap(p.buf) {
		p.buf = make([]yaml.Node, 0, 16)
	}
	p.buf = p.buf[:len(p.buf)+1]
	return &p.buf[len(p.buf)-1]
}

func (p *fyParser) scalar(tag, value string, style yaml.Style, line, col int) *yaml.Node {
	n := p.node()
	n.Kind, n.Tag, n.Value, n.Style, n.Line, n.Column = yaml.ScalarNode, tag, value, style, line, col
	return n
}

// column is the 1-based column of byte offset off of text, counted in
// characters as yaml.v3 counts them.
func column(text string, off int) int {
	for i := 0; i < off; i++ {
		if text[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(text[:off]) + 1
		}
	}
	return off + 1
}

// nextIndent is the indentation of the next line, or -1 at the end.
func (p *fyParser) nextIndent() int {
	if p.i < len(p.lines) {
		return p.lines[p.i].ind
	}
	return -1
}

// isEntry reports whether text holds a block sequence entry ("-" followed
// by a space or the end of the line) at offset ind.
func isEntry(text string, ind int) bool {
	return ind < len(text) && text[ind] == '-' && (ind+1 == len(text) || text[ind+1] == ' ')
}

func isKeyStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// keyEnd returns the end of a plain key starting at offset i of text, when
// a ":" follows it and then a space or the end of the line; else -1.
func keyEnd(text string, i int) int {
	if i >= len(text) || !isKeyStart(text[i]) {
		return -1
	}
	j := i + 1
	for j < len(text) && (isKeyStart(text[j]) || text[j] == '-' || text[j] == '.') {
		j++
	}
	if j-i > 128 || j >= len(text) || text[j] != ':' || (j+1 < len(text) && text[j+1] != ' ') {
		return -1
	}
	return j
}

// mapping reads a block mapping whose keys are at offset ind of the
// current line and of the lines after it that have indentation ind.
func (p *fyParser) mapping(ind int) (*yaml.Node, bool) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > fyMaxDepth {
		return nil, false
	}
	m := p.node()
	m.Kind, m.Tag = yaml.MappingNode, "!!map"
	first := p.lines[p.i]
	m.Line, m.Column = first.num, ind+1
	for {
		l := p.lines[p.i]
		end := keyEnd(l.text, ind)
		if end < 0 {
			return nil, false
		}
		key := l.text[ind:end]
		for j := 0; j < len(m.Content); j += 2 {
			if m.Content[j].Value == key {
				return nil, false // a duplicate: let yaml.v3 have its say
			}
		}
		tag, ok := resolveTag(key)
		if !ok {
			return nil, false
		}
		k := p.scalar(tag, key, 0, l.num, ind+1)
		pos := end + 1
		for pos < len(l.text) && l.text[pos] == ' ' {
			pos++
		}
		var v *yaml.Node
		if pos < len(l.text) {
			if v, ok = p.inline(l, pos); !ok {
				return nil, false
			}
			p.i++
		} else {
			p.i++
			switch next := p.nextIndent(); {
			case next > ind && isEntry(p.lines[p.i].text, next):
				v, ok = p.sequence(next, false)
			case next > ind:
				v, ok = p.mapping(next)
			case next == ind && isEntry(p.lines[p.i].text, next):
				v, ok = p.sequence(next, true)
			default:
				v = p.scalar("!!null", "", 0, l.num, end+2)
			}
			if !ok {
				return nil, false
			}
		}
		if m.Content == nil && ind == 0 {
			m.Content = make([]*yaml.Node, 0, 2*(len(p.lines)-p.i+1))
		}
		m.Content = append(m.Content, k, v)
		switch next := p.nextIndent(); {
		case next < ind:
			return m, true
		case next > ind:
			return nil, false // a continuation line or a misplaced block
		}
	}
}

// sequence reads a block sequence whose entries ("- ") are at offset ind of
// the current line and the lines after it. indentless is true for a
// sequence at the same indentation as the key whose value it is: it ends at
// the first line at that indentation that is not an entry.
func (p *fyParser) sequence(ind int, indentless bool) (*yaml.Node, bool) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > fyMaxDepth {
		return nil, false
	}
	s := p.node()
	s.Kind, s.Tag = yaml.SequenceNode, "!!seq"
	s.Line, s.Column = p.lines[p.i].num, ind+1
	for {
		l := p.lines[p.i]
		if !isEntry(l.text, ind) {
			return nil, false
		}
		pos := ind + 1
		for pos < len(l.text) && l.text[pos] == ' ' {
			pos++
		}
		if pos == len(l.text) {
			return nil, false // an empty entry, or one whose value starts on the next line
		}
		var item *yaml.Node
		var ok bool
		if keyEnd(l.text, pos) >= 0 {
			p.lines[p.i].ind = pos
			item, ok = p.mapping(pos)
		} else {
			item, ok = p.inline(l, pos)
			p.i++
		}
		if !ok {
			return nil, false
		}
		s.Content = append(s.Content, item)
		switch next := p.nextIndent(); {
		case next < ind:
			return s, true
		case next > ind:
			return nil, false
		case !isEntry(p.lines[p.i].text, ind):
			if indentless {
				return s, true
			}
			return nil, false
		}
	}
}

// inline reads the value that starts at offset pos of line l and must fill
// the rest of it: a scalar or a flow sequence of scalars.
func (p *fyParser) inline(l fyLine, pos int) (*yaml.Node, bool) {
	text := l.text
	switch text[pos] {
	case '[':
		return p.flowSequence(l, pos)
	case '"', '\'':
		n, end, ok := p.quoted(l, pos)
		if !ok || strings.TrimRight(text[end:], " ") != "" {
			return nil, false
		}
		return n, true
	}
	if !plainStart(text, pos, false) {
		return nil, false
	}
	v := strings.TrimRight(text[pos:], " ")
	if strings.IndexByte(v, '#') >= 0 || strings.Contains(v, ": ") || v[len(v)-1] == ':' || v == "<<" {
		return nil, false
	}
	tag, ok := resolveTag(v)
	if !ok {
		return nil, false
	}
	return p.scalar(tag, v, 0, l.num, column(text, pos)), true
}

// plainStart reports whether a plain scalar may start at offset i of text:
// not with an indicator, except "-" followed by a character that keeps it
// plain. ? and : starts, which yaml.v3 also reads as plain in some places,
// are left to it.
func plainStart(text string, i int, flow bool) bool {
	switch text[i] {
	case '-':
		if i+1 >= len(text) {
			return false
		}
		switch text[i+1] {
		case ' ', '#':
			return false
		case ',', '[', ']', '{', '}', '?', ':':
			return !flow
		}
		return true
	case ' ', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// flowSequence reads a flow sequence of scalars opened at offset pos of
// line l and closed on the same line, with nothing but spaces after it.
func (p *fyParser) flowSequence(l fyLine, pos int) (*yaml.Node, bool) {
	text := l.text
	s := p.node()
	s.Kind, s.Tag, s.Style, s.Line, s.Column = yaml.SequenceNode, "!!seq", yaml.FlowStyle, l.num, column(text, pos)
	i := pos + 1
	skip := func() {
		for i < len(text) && text[i] == ' ' {
			i++
		}
	}
	skip()
	if i < len(text) && text[i] == ']' {
		i++
	} else {
		for {
			skip()
			if i >= len(text) {
				return nil, false
			}
			var item *yaml.Node
			switch text[i] {
			case '"', '\'':
				n, end, ok := p.quoted(l, i)
				if !ok {
					return nil, false
				}
				item, i = n, end
			default:
				if !plainStart(text, i, true) {
					return nil, false
				}
				j := i
				for j < len(text) && strings.IndexByte(",[]{}#:?", text[j]) < 0 {
					j++
				}
				v := strings.TrimRight(text[i:j], " ")
				tag, ok := resolveTag(v)
				if !ok || v == "<<" {
					return nil, false
				}
				item, i = p.scalar(tag, v, 0, l.num, column(text, i)), j
			}
			s.Content = append(s.Content, item)
			skip()
			if i >= len(text) {
				return nil, false
			}
			if text[i] == ']' {
				i++
				break
			}
			if text[i] != ',' {
				return nil, false
			}
			i++
			skip()
			if i < len(text) && text[i] == ']' {
				return nil, false // a trailing comma
			}
		}
	}
	if strings.TrimRight(text[i:], " ") != "" {
		return nil, false
	}
	return s, true
}

// quoted reads a single- or double-quoted scalar that starts at offset pos
// of line l and ends on the same line, and returns the offset after its
// closing quote. Double-quoted scalars take the escapes of yaml.v3's
// scanner; an unknown or invalid escape is left to yaml.v3 to report.
func (p *fyParser) quoted(l fyLine, pos int) (*yaml.Node, int, bool) {
	text := l.text
	q := text[pos]
	var b []byte // the value, when it differs from the text
	start := pos + 1
	i := start
	for {
		if i >= len(text) {
			return nil, 0, false
		}
		c := text[i]
		if c == q {
			if q == '\'' && i+1 < len(text) && text[i+1] == '\'' {
				b = append(append(b, text[start:i]...), '\'')
				i += 2
				start = i
				continue
			}
			break
		}
		if c != '\\' || q == '\'' {
			i++
			continue
		}
		if i+1 >= len(text) {
			return nil, 0, false // an escaped line break
		}
		b = append(b, text[start:i]...)
		e := text[i+1]
		i += 2
		n := 0
		switch e {
		case '0':
			b = append(b, 0)
		case 'a':
			b = append(b, '\a')
		case 'b':
			b = append(b, '\b')
		case 't':
			b = append(b, '\t')
		case 'n':
			b = append(b, '\n')
		case 'v':
			b = append(b, '\v')
		case 'f':
			b = append(b, '\f')
		case 'r':
			b = append(b, '\r')
		case 'e':
			b = append(b, 0x1B)
		case ' ', '"', '\'', '\\':
			b = append(b, e)
		case 'N':
			b = append(b, "\u0085"...)
		case '_':
			b = append(b, "\u00a0"...)
		case 'L':
			b = append(b, "\u2028"...)
		case 'P':
			b = append(b, "\u2029"...)
		case 'x':
			n = 2
		case 'u':
			n = 4
		case 'U':
			n = 8
		default:
			return nil, 0, false
		}
		if n > 0 {
			if i+n > len(text) {
				return nil, 0, false
			}
			v, err := strconv.ParseUint(text[i:i+n], 16, 32)
			if err != nil || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF {
				return nil, 0, false
			}
			b = utf8.AppendRune(b, rune(v))
			i += n
		}
		start = i
	}
	value := text[start:i]
	if b != nil {
		value = string(append(b, value...))
	}
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	return p.scalar("!!str", value, style, l.num, column(text, pos)), i + 1, true
}

// resolveTag returns the tag yaml.v3 gives the plain scalar in: a copy of
// the decisions of its resolve function (resolve.go, yaml.v3 v3.0.1) for
// an untagged scalar. ok is false for the merge key <<, which yaml.v3
// tags as !!merge.
func resolveTag(in string) (tag string, ok bool) {
	if in == "" {
		return "!!null", true
	}
	c := in[0]
	switch {
	case c == '+' || c == '-' || '0' <= c && c <= '9':
		switch in {
		case "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
			return "!!float", true
		}
		return resolveNumber(in), true
	case c == '.':
		switch in {
		case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF":
			return "!!float", true
		}
		if _, err := strconv.ParseFloat(in, 64); err == nil {
			return "!!float", true
		}
		return "!!str", true
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		switch in {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool", true
		case "~", "null", "Null", "NULL":
			return "!!null", true
		}
		return "!!str", true
	case in == "<<":
		return "", false
	}
	return "!!str", true
}

var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// resolveNumber is resolveTag for a scalar starting with a digit or a sign:
// a timestamp, an int, a float, or else a string.
func resolveNumber(in string) string {
	if isTimestamp(in) {
		return "!!timestamp"
	}
	plain := strings.ReplaceAll(in, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "!!int"
	}
	if yamlStyleFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "!!float"
		}
	}
	for _, base := range []struct {
		prefix string
		base   int
	}{{"0b", 2}, {"0o", 8}} {
		if rest, ok := strings.CutPrefix(plain, base.prefix); ok {
			if _, err := strconv.ParseInt(rest, base.base, 64); err == nil {
				return "!!int"
			}
			if _, err := strconv.ParseUint(rest, base.base, 64); err == nil {
				return "!!int"
			}
		} else if rest, ok := strings.CutPrefix(plain, "-"+base.prefix); ok {
			if _, err := strconv.ParseInt("-"+rest, base.base, 64); err == nil {
				return "!!int"
			}
		}
	}
	return "!!str"
}

// timestampFormats are the layouts yaml.v3 tries for a plain scalar that
// starts with four digits and a dash.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// isTimestamp reports whether yaml.v3 resolves s as a timestamp.
func isTimestamp(s string) bool {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, format := range timestampFormats {
		if _, err := time.Parse(format, s); err == nil {
			return true
		}
	}
	return false
}
