package site

import (
	"path"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// sourceOutput is an output file of a content source: a page, an alias or
// a copied file, with where to report a clash.
type sourceOutput struct {
	out       string // dest-relative output path
	path      string // the source file
	line, col int
}

// checkAssetClashes reports content outputs that the hashed assets of
// layouts/assets/ also write (content/assets/css/site.<hash>.css), or that
// need a folder where an asset is a file, or the other way round. The
// content loader checks every other pair of outputs.
func (b *build) checkAssetClashes() {
	if b.assets == nil || len(b.assets.Files) == 0 {
		return
	}
	assetOf := make(map[string]string, len(b.assets.URL)) // output path → layouts/assets/ name
	for name, u := range b.assets.URL {
		assetOf[strings.TrimPrefix(u, "/")] = "layouts/assets/" + name
	}
	var outs []sourceOutput
	for _, p := range b.site.All {
		if p.Path == "" {
			continue
		}
		pos := content.Pos{Line: 1, Col: 1}
		if fp, ok := p.FieldPos["url"]; ok {
			pos = fp
		} else if fp, ok := p.FieldPos["slug"]; ok {
			pos = fp
		}
		outs = append(outs, sourceOutput{p.OutPath, p.Path, pos.Line, pos.Col})
		for _, a := range p.Aliases {
			pos := p.FieldPos["aliases"]
			outs = append(outs, sourceOutput{content.AliasOutPath(a), p.Path, pos.Line, pos.Col})
		}
	}
	for _, f := range b.site.Files {
		outs = append(outs, sourceOutput{f.OutPath, f.Src, 1, 1})
	}
	sort.Slice(outs, func(i, j int) bool { return outs[i].out < outs[j].out })
	// Folders the assets need: every parent of an asset file.
	assetDirs := map[string]string{}
	for out, name := range assetOf {
		for d := path.Dir(out); d != "."; d = path.Dir(d) {
			assetDirs[d] = name
		}
	}
	for _, o := range outs {
		d := diag.Diagnostic{Path: o.path, Line: o.line, Col: o.col}
		if name, ok := assetOf[o.out]; ok {
			d.Msg = "writes " + o.out + ", which the hashed asset " + name + " also writes: rename or move one of them"
		} else if name, ok := assetDirs[o.out]; ok {
			d.Msg = "writes the file " + o.out + ", but the asset " + name + " is published inside a folder of that name: rename or move one of them"
		} else {
			for dir := path.Dir(o.out); dir != "."; dir = path.Dir(dir) {
				if name, ok := assetOf[dir]; ok {
					d.Msg = "writes " + o.out + ", which needs a folder " + dir + ", but the hashed asset " + name + " writes a file of that name: give one of them another url or name"
					break
				}
			}
		}
		if d.Msg != "" {
			b.diags = append(b.diags, d)
		}
	}
}
