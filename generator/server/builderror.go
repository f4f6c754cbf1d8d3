package server

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// BuildError is what the error overlay shows: the problems that made the
// last build fail. It is sent to browsers as JSON (see the package doc).
type BuildError struct {
	Problems []Problem `json:"problems"`
}

// Problem is one diagnostic: where it is, what is wrong, and the source
// lines around it. Path is relative to the site root (content/a.md); Line
// and Col are 1-based (Col in runes) and 0 when unknown.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Msg     string `json:"msg"`
	Context []Line `json:"context,omitempty"`
}

// Line is one numbered source line shown around a problem.
type Line struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

// Error lists the problems, one "path:line:col: message" per line.
func (e *BuildError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// String formats the problem as "path:line:col: message", leaving out the
// parts that are unknown.
func (p Problem) String() string {
	loc := p.Path
	if p.Line > 0 {
		loc += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			loc += fmt.Sprintf(":%d", p.Col)
		}
	}
	if loc == "" {
		return p.Msg
	}
	return loc + ": " + p.Msg
}

// maxLineBytes is where SourceLines cuts long (say, minified) lines.
const maxLineBytes = 400

// SourceLines returns the lines of src from line-radius to line+radius
// (1-based, clipped to the file), for [Problem.Context]. Line endings
// ("\n" or "\r\n") are dropped, and lines longer than a few hundred bytes
// are cut with "…".
func SourceLines(src []byte, line, radius int) []Line {
	if line < 1 || radius < 0 {
		return nil
	}
	var out []Line
	for n := 1; len(src) > 0 && n <= line+radius; n++ {
		text := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			text, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		if n < line-radius {
			continue
		}
		s := strings.TrimSuffix(string(text), "\r")
		if len(s) > maxLineBytes {
			cut := maxLineBytes
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			s = s[:cut] + "…"
		}
		out = append(out, Line{N: n, Text: s})
	}
	return out
}
