package content

import (
	"fmt"
	"hash/crc32"
	"io/fs"
)

// Body is a page's Markdown source as a build reads it.
type Body struct {
	// Text is the source with its front matter lines blanked out and LF
	// line endings; nil after a load with Options.DropBodies.
	Text []byte
	Hash string // hash of the raw source file
}

// BodyOf returns page p's body in version s of the site: as Load read it,
// or as the Reload that returned s read it again. s is the Site Load or
// Reload returned, not a language's view of it (SiteOf). (A function, not
// a method: layouts see the Site's methods.)
func BodyOf(s *Site, p *Page) Body {
	if b, ok := s.bodies[p]; ok {
		return b
	}
	return Body{Text: p.body, Hash: p.hash}
}

// ReadBody returns page p's body text in version s of the site (see
// BodyOf). After a load with Options.DropBodies it reads the file from
// fsys again, as Load read it, and fails when the file changed since.
func ReadBody(fsys fs.FS, s *Site, p *Page) ([]byte, error) {
	b := BodyOf(s, p)
	if !s.dropBodies || p.Path == "" {
		return b.Text, nil
	}
	raw, err := fs.ReadFile(fsys, p.Path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", pathErr(err))
	}
	if rawCheck(raw) != p.rawCheck {
		return nil, fmt.Errorf("the file changed during the build; build again")
	}
	_, body, _, _, err := splitAnyFrontMatter(normalize(raw))
	return body, err
}

// rawCheck is what ReadBody compares to find a page's file unchanged
// since it was loaded: its length and CRC-32C, a tenth of the cost of
// hashing it again with SHA-256.
func rawCheck(raw []byte) uint64 {
	return uint64(len(raw))<<32 | uint64(crc32.Checksum(raw, castagnoli))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)
