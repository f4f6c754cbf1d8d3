package history

import (
	"bytes"
	"io/fs"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// StaleUpdated warns about pages whose text changed since ref while their
// updated field did not: at the line of updated:, or at the top of a page
// without one. New pages are not reported. fsys is the site root.
func (r *Repo) StaleUpdated(ref string, fsys fs.FS) (diag.List, error) {
	if err := r.Verify(ref); err != nil {
		return nil, err
	}
	paths, err := r.Changed(ref)
	if err != nil {
		return nil, err
	}
	var ds diag.List
	for _, p := range paths {
		now, err := fs.ReadFile(fsys, p)
		if err != nil {
			continue // deleted since ref
		}
		old, existed := r.Show(ref, p)
		if !existed {
			continue
		}
		newUpdated, pos, newBody, ok := content.FrontMatterField(now, "updated")
		oldUpdated, _, oldBody, oldOK := content.FrontMatterField(old, "updated")
		if !ok || !oldOK || bytes.Equal(bytes.TrimSpace(newBody), bytes.TrimSpace(oldBody)) {
			continue // only front matter changed, or the file cannot be read (check reports that)
		}
		if newUpdated != oldUpdated && newUpdated != "" {
			continue
		}
		if pos.Line == 0 {
			ds.Warn(p, 1, 1, "the text changed since %s, but the page has no updated: line: if facts changed, add updated: with the day of the change", ref)
			continue
		}
		ds.Warn(p, pos.Line, pos.Col, "the text changed since %s, but updated: did not: if facts changed, set updated: to the day of the change", ref)
	}
	return ds, nil
}
