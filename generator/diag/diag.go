// Package diag describes problems found in a site's source files.
//
// A Diagnostic names a file, a 1-based line and column (columns count runes)
// and a message; it prints as "path:line:col: message", the form editors and
// tools such as editors' quickfix lists understand. A List gathers every
// problem a build finds so that all of them can be reported at once.
package diag

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Severity says whether a problem fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported but fails only `check --strict`.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at one place in one file.
type Diagnostic struct {
	Path     string // slash-separated, relative to the site root, e.g. content/a.md
	Line     int    // 1-based; 0 (printed as 1) when it concerns the whole file
	Col      int    // 1-based, in runes; 0 when unknown
	Severity Severity
	Msg      string
}

// Error formats the diagnostic as "path:line:col: message".
func (d Diagnostic) Error() string {
	var b strings.Builder
	line, col := d.Line, d.Col
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	fmt.Fprintf(&b, "%s:%d:%d", d.Path, line, col)
	b.WriteString(": ")
	b.WriteString(d.Msg)
	return b.String()
}

// String formats the diagnostic with its severity:
// "path:line:col: error: message".
func (d Diagnostic) String() string {
	e := d.Error()
	prefix := strings.TrimSuffix(e, d.Msg)
	return prefix + d.Severity.String() + ": " + d.Msg
}

// List is a set of diagnostics. As an error it reports every error-severity
// diagnostic, one per line.
type List []Diagnostic

// Add appends an error diagnostic.
func (l *List) Add(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Warn appends a warning diagnostic.
func (l *List) Warn(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the error-severity diagnostics.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders the list by path, line, column, then message, and removes
// exact duplicates.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	out := s[:0]
	for i, d := range s {
		if i > 0 && d == s[i-1] {
			continue
		}
		out = append(out, d)
	}
	*l = out
}

// Error implements error: every error-severity diagnostic, one per line.
func (l List) Error() string {
	var b strings.Builder
	for _, d := range l {
		if d.Severity != Error {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Err returns the list as an error if it holds any error, else nil.
func (l List) Err() error {
	if l.HasErrors() {
		return l
	}
	return nil
}

// Position converts a byte offset in src to a 1-based line and a 1-based
// column counted in runes. Offsets past the end clamp to the end. It is the
// module's one conversion from offsets to positions; Lines does the same
// for many offsets into one text.
func Position(src []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	line = 1 + bytes.Count(src[:offset], []byte("\n"))
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	return line, utf8.RuneCount(src[start:offset]) + 1
}

// Lines converts many byte offsets of one text to positions, as Position
// does, in logarithmic time each.
type Lines struct {
	src    []byte
	starts []int // offset of each line's first byte
}

// NewLines indexes the lines of src.
func NewLines(src []byte) *Lines {
	starts := make([]int, 1, 1+bytes.Count(src, []byte("\n")))
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		starts = append(starts, off)
	}
	return &Lines{src, starts}
}

// Position returns the 1-based line and rune column of offset off, like
// the package's Position.
func (l *Lines) Position(off int) (line, col int) {
	off = min(max(off, 0), len(l.src))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return i + 1, utf8.RuneCount(l.src[l.starts[i]:off]) + 1
}

// Offset is the inverse of Position: the byte offset of the 1-based line
// and rune column. A column past the end of its line gives the line's end
// (its newline); a line past the last gives the end of the text.
func (l *Lines) Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.src)
	}
	off, end := l.starts[line-1], l.LineEnd(line)
	for n := 1; n < col && off < end; n++ {
		_, size := utf8.DecodeRune(l.src[off:end])
		off += size
	}
	return off
}

// LineEnd is the offset of the end of the 1-based line: its newline, or
// the end of the text.
func (l *Lines) LineEnd(line int) int {
	if line < len(l.starts) {
		return l.starts[line] - 1
	}
	return len(l.src)
}
