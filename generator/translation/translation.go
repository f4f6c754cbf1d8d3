// Package translation keeps translated pages tied to the version of the
// original they translate.
//
// A translated page names its original with front matter translation_of
// (content-relative: settlement.md) and records the version it translates
// with translation_hash: the first 12 hex digits of the SHA-256 of the
// original's title, description and body, each with its runs of
// whitespace made one space. So reflowing a paragraph, re-indenting the
// front matter or changing another field (updated, tags) leaves the hash
// alone, while any change to the words readers see in the text changes
// it. check compares the recorded hash with the original's current one.
//
// Start makes the file of a new translation from the original's file;
// SetHash rewrites the translation_hash line of an existing one and
// nothing else.
package translation

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"go.yaml.in/yaml/v3"
)

// HashField and OfField are the front matter fields of a translation.
const (
	HashField = "translation_hash"
	OfField   = "translation_of"
)

// Hash is the translation hash of a page file's text (see the package
// doc). path is for messages.
func Hash(path string, src []byte) (string, error) {
	root, rest, _, ds := content.ReadFrontMatter(path, src)
	if ds.HasErrors() {
		return "", ds
	}
	var title, desc string
	if root != nil {
		title, desc = field(root, "title"), field(root, "description")
		if desc == "" {
			desc = field(root, "summary")
		}
	}
	return HashOf(title, desc, rest), nil
}

// HashOf is the translation hash of a page's title, description and body.
func HashOf(title, description string, body []byte) string {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(title), []byte(description), body} {
		for i, w := range bytes.Fields(part) {
			if i > 0 {
				h.Write([]byte{' '})
			}
			h.Write(w)
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// field is the text of a top-level scalar field of a front matter mapping.
func field(m *yaml.Node, key string) string {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.ScalarNode {
			return m.Content[i+1].Value
		}
	}
	return ""
}

// notCopied are the original's fields a new translation leaves out: its
// own address, and the original's own translation fields.
var notCopied = map[string]bool{
	"slug": true, "url": true, "path": true, "aliases": true,
	OfField: true, HashField: true, "draft": true,
}

// Start makes the text of a new translation of the page file orig (at
// content-relative origRel, such as settlement.md): the original's front
// matter less its address fields (slug, url, aliases), with
// translation_of and translation_hash after the description and
// draft: true at the end, then the original's text to translate. The
// front matter must be YAML (between --- lines); comments and the order
// of fields are kept.
func Start(path string, orig []byte, origRel string) ([]byte, error) {
	src := bytes.ReplaceAll(orig, []byte("\r\n"), []byte("\n"))
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	root, rest, format, ds := content.ReadFrontMatter(path, src)
	if ds.HasErrors() {
		return nil, ds
	}
	if format != "YAML" {
		what := "no front matter"
		if format != "" {
			what = format + " front matter"
		}
		return nil, diag.Diagnostic{Path: path, Line: 1, Col: 1, Msg: "the original has " + what + "; new --translate copies YAML front matter (between --- lines): convert it first"}
	}
	hash, err := Hash(path, src)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(src), "\n")
	// The YAML block is lines[1:end]; root's node lines are file lines
	// minus one, so YAML line n is lines[n].
	end := 1
	for end < len(lines) && strings.TrimRight(lines[end], " \t") != "---" && strings.TrimRight(lines[end], " \t") != "..." {
		end++
	}
	var spans []span
	for i := 0; i+1 < len(root.Content); i += 2 {
		spans = append(spans, span{key: root.Content[i].Value, start: root.Content[i].Line})
	}
	for i := range spans {
		spans[i].end = end
		if i+1 < len(spans) {
			spans[i].end = spans[i+1].start
		}
	}
	var b strings.Builder
	b.WriteString("---\n")
	if len(spans) > 0 {
		for _, l := range lines[1:spans[0].start] { // comments before the first field
			b.WriteString(l + "\n")
		}
	}
	ours := fmt.Sprintf("%s: %s\n%s: %s\n", OfField, yamlText(origRel), HashField, yamlText(hash))
	placed := false
	for i, sp := range spans {
		if !notCopied[sp.key] {
			for _, l := range lines[sp.start:sp.end] {
				b.WriteString(l + "\n")
			}
		}
		if !placed && (sp.key == "description" || (sp.key == "title" && !hasKey(spans[i+1:], "description"))) {
			b.WriteString(ours)
			placed = true
		}
	}
	if !placed {
		b.WriteString(ours)
	}
	b.WriteString("draft: true\n---\n")
	b.WriteString(string(rest))
	return []byte(b.String()), nil
}

// span is a top-level front matter field: its key and its lines.
type span struct {
	key        string
	start, end int // lines[start:end]
}

func hasKey(spans []span, key string) bool {
	for _, s := range spans {
		if s.key == key {
			return true
		}
	}
	return false
}

// yamlText writes s as a YAML scalar, quoted only when it must be.
func yamlText(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// SetHash returns the translation file src with its translation_hash set
// to hash: the value of an existing translation_hash line is replaced,
// else a line is added after translation_of. Nothing else changes, byte
// for byte. A file without a translation_of field is an error at 1:1.
func SetHash(path string, src []byte, hash string) ([]byte, error) {
	value, pos, _, ok := content.FrontMatterField(src, HashField)
	if !ok {
		return nil, diag.Diagnostic{Path: path, Line: 1, Col: 1, Msg: "no YAML front matter (between --- lines): this is not a translation made with new --translate"}
	}
	_, ofPos, _, _ := content.FrontMatterField(src, OfField)
	if ofPos.Line == 0 {
		return nil, diag.Diagnostic{Path: path, Line: 1, Col: 1, Msg: "no translation_of: field, so this page is not a translation: add translation_of: <the original's content path, such as settlement.md> first"}
	}
	lines := diag.NewLines(src)
	if pos.Line > 0 {
		// Replace the value as written on its line (plain or quoted).
		ls, le := lines.Offset(pos.Line, 1), lines.LineEnd(pos.Line)
		line := string(src[ls:le])
		col := lines.Offset(pos.Line, pos.Col) - ls
		rest := line[col:]
		written := rest
		if i := strings.Index(rest, " #"); i >= 0 {
			written = rest[:i]
		}
		written = strings.TrimRight(written, " \t\r")
		if !strings.Contains(written, value) {
			return nil, diag.Diagnostic{Path: path, Line: pos.Line, Col: pos.Col, Msg: "translation_hash must be written on one line, such as translation_hash: 0123456789ab"}
		}
		out := append([]byte(nil), src[:ls+col]...)
		out = append(out, yamlText(hash)...)
		out = append(out, src[ls+col+len(written):]...)
		return out, nil
	}
	// Add a line after the translation_of line.
	at := min(lines.LineEnd(ofPos.Line)+1, len(src))
	eol := "\n"
	if at > 1 && src[at-2] == '\r' {
		eol = "\r\n"
	}
	out := append([]byte(nil), src[:at]...)
	out = append(out, HashField+": "+yamlText(hash)+eol...)
	return append(out, src[at:]...), nil
}
