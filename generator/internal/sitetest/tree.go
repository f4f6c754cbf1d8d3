package sitetest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
)

// Tree is the files of a folder by slash-separated path relative to it.
type Tree map[string][]byte

// ReadTree reads every file under dir (folders are not entries).
func ReadTree(tb testing.TB, dir string) Tree {
	tb.Helper()
	out := Tree{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		tb.Fatalf("sitetest: reading the tree %s: %v", dir, err)
	}
	return out
}

// Names returns the paths of the tree, sorted.
func (t Tree) Names() []string {
	names := make([]string, 0, len(t))
	for n := range t {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Without returns a copy of the tree without the files whose path starts
// with one of the prefixes (such as "assets/").
func (t Tree) Without(prefixes ...string) Tree {
	out := Tree{}
	for n, data := range t {
		if !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(n, p) }) {
			out[n] = data
		}
	}
	return out
}

// maxDiffs is how many files Diff describes before it only counts.
const maxDiffs = 10

// Diff describes how got differs from want, one file to a line, sorted by
// path: "missing p" (in want only), "extra p" (in got only) and "differs
// p" followed by the first differing line of text files, or their sizes and
// hashes for binary ones. It returns "" when the trees are equal.
func Diff(want, got Tree) string {
	names := want.Names()
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var lines []string
	differ := 0
	for _, n := range names {
		w, inWant := want[n]
		g, inGot := got[n]
		var line string
		switch {
		case !inGot:
			line = "missing " + n
		case !inWant:
			line = "extra " + n
		case !bytes.Equal(w, g):
			line = "differs " + n + "\n" + indent(FirstDiff(w, g))
		default:
			continue
		}
		differ++
		if differ <= maxDiffs {
			lines = append(lines, line)
		}
	}
	if differ > maxDiffs {
		lines = append(lines, fmt.Sprintf("... and %d more files", differ-maxDiffs))
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// FirstDiff describes where two files first differ: for text, the line
// number and both versions of the line; for binary data, sizes, hashes and
// the first differing byte. It returns "" when they are equal.
func FirstDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	if !isText(want) || !isText(got) {
		i := 0
		for i < len(want) && i < len(got) && want[i] == got[i] {
			i++
		}
		return fmt.Sprintf("binary files differ at byte %d: want %d bytes (sha256 %.12x), got %d bytes (sha256 %.12x)",
			i, len(want), sha256.Sum256(want), len(got), sha256.Sum256(got))
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; ; i++ {
		w, g := "(end of file)", "(end of file)"
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			w, g = around(w, g)
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, w, g)
		}
	}
}

// around shortens two differing long lines (minified HTML is one line) to
// the part around their first difference, marking what it left out.
func around(w, g string) (string, string) {
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	from := max(0, i-80)
	for from > 0 && !utf8.RuneStart(w[from]) {
		from--
	}
	cut := func(s string) string {
		to := min(len(s), i+160)
		for to < len(s) && !utf8.RuneStart(s[to]) {
			to++
		}
		out := s[from:to]
		if from > 0 {
			out = "…" + out
		}
		if to < len(s) {
			out += "…"
		}
		return out
	}
	return cut(w), cut(g)
}

func isText(b []byte) bool { return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 }

// Archive writes a tree as a txtar archive, names sorted: text files as
// they are (a final newline added when missing), binary files as a line
// giving their size and SHA-256. It is the form of golden files.
func Archive(t Tree) []byte {
	var b bytes.Buffer
	for _, n := range t.Names() {
		data := t[n]
		b.WriteString("-- " + n + " --\n")
		if !isText(data) {
			fmt.Fprintf(&b, "(binary, %d bytes, sha256 %x)\n", len(data), sha256.Sum256(data))
			continue
		}
		b.Write(data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// Golden compares got with the golden file at path, or, when update is
// set, rewrites the file with got. A difference fails the test with the
// first differing line and the command that rewrites the file.
func Golden(tb testing.TB, path string, got []byte, update bool) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		tb.Fatalf("%s does not exist: run go test -run '%s' -update in this package to create it", path, tb.Name())
	}
	if err != nil {
		tb.Fatal(err)
	}
	d := FirstDiff(want, got)
	if bytes.HasPrefix(want, []byte("-- ")) && bytes.HasPrefix(got, []byte("-- ")) {
		d = Diff(archiveTree(want), archiveTree(got)) // by file, not by line of the archive
	}
	if d != "" {
		tb.Errorf("the output differs from %s:\n%s\n(if the change is intended, run go test -run '%s' -update in this package and review the diff)",
			path, d, strings.SplitN(tb.Name(), "/", 2)[0])
	}
}

// archiveTree reads back an archive written by [Archive].
func archiveTree(data []byte) Tree {
	_, files := txtar.Parse(data)
	t := Tree{}
	for _, f := range files {
		t[f.Name] = f.Data
	}
	return t
}
