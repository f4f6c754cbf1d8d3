// Package txtar reads the txtar archive format used by the test fixtures:
// a comment, then files, each introduced by a line "-- name --".
//
// It is the same format as golang.org/x/tools/txtar, in a few lines, so the
// tests need no extra module.
package txtar

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// File is one file of an archive.
type File struct {
	Name string
	Data []byte
}

// Parse splits an archive into its comment and files.
func Parse(data []byte) (comment string, files []File) {
	text := string(data)
	var cur *File
	var b strings.Builder
	flush := func() {
		if cur == nil {
			comment = b.String()
		} else {
			cur.Data = []byte(b.String())
			files = append(files, *cur)
		}
		b.Reset()
	}
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") && len(line) > 6 {
			flush()
			cur = &File{Name: strings.TrimSpace(line[3 : len(line)-3])}
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	flush()
	return comment, files
}

// WriteDir writes every file of an archive under dir.
func WriteDir(dir string, files []File) error {
	for _, f := range files {
		if strings.Contains(f.Name, "..") || filepath.IsAbs(f.Name) {
			return fmt.Errorf("txtar: bad file name %q", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
