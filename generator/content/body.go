package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
)

// ReadBody reads page p's Markdown body again from fsys, as Load read it,
// for a load with Options.DropBodies. It fails when the file changed
// since it was loaded.
func ReadBody(fsys fs.FS, p *Page) ([]byte, error) {
	raw, err := fs.ReadFile(fsys, p.Path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", pathErr(err))
	}
	sum := sha256.Sum256(raw)
	if hex.EncodeToString(sum[:12]) != p.Hash {
		return nil, fmt.Errorf("the file changed during the build; build again")
	}
	_, body, _, _, err := splitAnyFrontMatter(normalize(raw))
	return body, err
}
