package layout

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// Assets are the files under layouts/assets/, each published as
// assets/<dir>/<name>.<hash>.<ext> with a hash of its content, so hosts may
// cache them forever. url(…) references between CSS files and other assets
// are rewritten to the hashed names.
type Assets struct {
	URL   map[string]string // layouts/assets-relative name → root-relative hashed URL
	Files map[string][]byte // dest-relative output path → content
}

var cssURLRE = regexp.MustCompile(`url\(\s*(['"]?)([^'")\s]+)(['"]?)\s*\)`)

// LoadAssets reads layouts/assets/. extra adds generated assets (for
// example the syntax highlighting stylesheet) by name; a file of the same
// name under layouts/assets/ replaces one, with a warning.
func LoadAssets(fsys fs.FS, extra map[string][]byte) (*Assets, diag.List) {
	var ds diag.List
	a := &Assets{URL: map[string]string{}, Files: map[string][]byte{}}
	src := map[string][]byte{}
	for n, b := range extra {
		src[n] = b
	}
	dir := root + "/assets"
	if _, err := fs.Stat(fsys, dir); err == nil {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				ds.Add(p, 0, 0, "cannot read: %v", err)
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				ds.Add(p, 0, 0, "symbolic links are not followed in layouts/assets/")
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				ds.Add(p, 0, 0, "cannot read: %v", err)
				return nil
			}
			name := strings.TrimPrefix(p, dir+"/")
			if _, ok := extra[name]; ok {
				ds.Warn(p, 0, 0, "this file replaces the stylesheet the generator writes for highlighted code, "+
					"so code blocks get only the colours it sets for chroma's classes (.chroma .k, .chroma .s, …): "+
					"if that is not what you meant, rename it (for example to css/code.css)")
			}
			src[name] = b
			return nil
		})
		if err != nil {
			ds.Add(dir, 0, 0, "%v", err)
		}
	}
	names := make([]string, 0, len(src))
	for n := range src {
		names = append(names, n)
	}
	// Other files first, so CSS can refer to their hashed names.
	sort.Slice(names, func(i, j int) bool {
		ci, cj := path.Ext(names[i]) == ".css", path.Ext(names[j]) == ".css"
		if ci != cj {
			return cj
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		b := src[n]
		if path.Ext(n) == ".css" {
			b = a.rewriteCSS(n, b, &ds)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(n)
		out := "assets/" + strings.TrimSuffix(n, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.URL[n] = "/" + out
		a.Files[out] = b
	}
	return a, ds
}

func (a *Assets) rewriteCSS(name string, b []byte, ds *diag.List) []byte {
	return cssURLRE.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := cssURLRE.FindSubmatch(m)
		ref := string(sub[2])
		if strings.Contains(ref, ":") || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "/") {
			return m
		}
		target := path.Join(path.Dir(name), ref)
		u, ok := a.URL[target]
		if !ok {
			line, col := diag.Position(b, strings.Index(string(b), string(m)))
			ds.Add(root+"/assets/"+name, line, col, "url(%s) points to layouts/assets/%s, which does not exist", ref, target)
			return m
		}
		rel := RelPath(path.Dir("/assets/"+name), u)
		return []byte(fmt.Sprintf("url(%s%s%s)", sub[1], rel, sub[3]))
	})
}

// Get returns the hashed URL of an asset.
func (a *Assets) Get(name string) (string, error) {
	if u, ok := a.URL[strings.TrimPrefix(name, "/")]; ok {
		return u, nil
	}
	return "", fmt.Errorf("asset %q does not exist under layouts/assets/", name)
}

// RelPath returns target, a root-relative path whose segments may be
// percent-escaped, relative to the folder fromDir (unescaped; leading and
// trailing slashes ignored; "" for the root). The result never reads as a
// URL scheme or a root-relative path.
func RelPath(fromDir, target string) string {
	var from []string
	if d := strings.Trim(fromDir, "/"); d != "" {
		from = strings.Split(d, "/")
	}
	to := strings.Split(strings.TrimPrefix(target, "/"), "/")
	i := 0
	for i < len(from) && i < len(to)-1 {
		seg, err := url.PathUnescape(to[i])
		if err != nil || seg != from[i] {
			break
		}
		i++
	}
	up := len(from) - i
	rest := strings.Join(to[i:], "/")
	if first, _, _ := strings.Cut(rest, "/"); up == 0 && (strings.HasPrefix(rest, "/") || strings.Contains(first, ":")) {
		// "a:b/index.html" would read as the URL scheme "a:", and
		// "/x" as root-relative: anchor both to this folder.
		return "./" + rest
	}
	return strings.Repeat("../", up) + rest
}
