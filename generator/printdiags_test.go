package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// TestDiagnosticsPrintUserTextEscaped: a message holding a newline and a
// fake "path:line:col: error" line, or an escape sequence that erases the
// terminal line, prints as one escaped line.
func TestDiagnosticsPrintUserTextEscaped(t *testing.T) {
	var out bytes.Buffer
	e := &env{stdout: &out, stderr: &out, getenv: func(string) string { return "" }}
	e.printDiags(diag.List{
		{Path: "content/a\x1b[2K.md", Line: 3, Col: 1, Msg: "no page \"x\nlayouts/base.html:1:1: error: fake\""},
		{Path: "content/b.md", Line: 1, Col: 1, Msg: "link \"\x1b[1A\x1b[2Kgone\"" + strings.Repeat("y", 5000)},
	}, true, false)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || strings.ContainsAny(out.String(), "\x1b\r") {
		t.Fatalf("printed %d lines:\n%q", len(lines), out.String())
	}
	if !strings.Contains(lines[0], `content/a\x1b[2K.md:3:1: error: no page "x\nlayouts/base.html`) {
		t.Errorf("line 1: %q", lines[0])
	}
	if len(lines[1]) > 1000 {
		t.Errorf("a 5,000-character message was printed whole (%d bytes)", len(lines[1]))
	}
}

// TestNewNeverWritesThroughALinkOutOfTheSite: content/ext is a symbolic
// link to a folder outside the site; `new content/ext/x.md` must fail
// and write nothing there.
func TestNewNeverWritesThroughALinkOutOfTheSite(t *testing.T) {
	dir := sitetest.FromArchive(t, cliBaseSite)
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "content", "ext")); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{"content/ext/x.md", "content/ext/deeper/x.md"} {
		r := runCLI("new", p, "--source", dir)
		if r.code == 0 {
			t.Errorf("new %s: exit 0\n%s", p, r.stdout)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("new wrote outside the site: %v", entries)
	}
}
