package site

import (
	"bytes"
	"path"
	"strings"
)

// relativize rewrites every href, src, srcset, action and poster value
// that starts with a single "/" into a path relative to the folder of the
// output file outPath, ending in index.html for folders. With base set
// (an absolute base URL), values become absolute instead; the 404 page uses
// that, since hosts serve it at any depth.
//
// Values under one of the prefixes keep (the external_prefixes setting:
// paths another site serves on the same domain) are left as they are.
func relativize(html []byte, outPath, base string, keep ...string) []byte {
	return appendRelativized(make([]byte, 0, len(html)+len(html)/16), html, outPath, base, keep, nil)
}

// appendRelativized appends relativize(html, outPath, base) to out.
//
// It reads tags as a browser does: attributes after any white space (a
// space, tab or line break), values in double quotes, single quotes or
// none, names in any letter case. Text, comments and the contents of
// script and style elements are left alone: "<" starts a tag only there,
// since text writes it as &lt;.
//
// With scan not nil, it also notes where in html every URL attribute value
// (href, src, srcset, action, poster) and every id (id="x", <a name="x">)
// is, for the link check of rendered pages (see checkRendered).
func appendRelativized(out, html []byte, outPath, base string, keep []string, scan *htmlScan) []byte {
	fromDir := path.Dir(outPath)
	if fromDir == "." {
		fromDir = ""
	}
	copied := 0 // html[:copied] is in out
	k := 0
	n := len(html)
	for k < n { // a tag cut short at the end leaves k past n
		lt := bytes.IndexByte(html[k:], '<')
		if lt < 0 {
			break
		}
		k += lt + 1
		if k >= n {
			break
		}
		if bytes.HasPrefix(html[k:], []byte("!--")) {
			end := bytes.Index(html[k+3:], []byte("-->"))
			if end < 0 {
				break
			}
			k += 3 + end + 3
			continue
		}
		if !isLetter(html[k]) {
			continue
		}
		start := k
		for k < n && !isHTMLSpace(html[k]) && html[k] != '>' && html[k] != '/' {
			k++
		}
		tag := html[start:k]
		for k < n { // attributes
			for k < n && (isHTMLSpace(html[k]) || html[k] == '/') {
				k++
			}
			if k >= n || html[k] == '>' {
				k++
				break
			}
			as := k
			for k < n && !isHTMLSpace(html[k]) && html[k] != '=' && html[k] != '>' && html[k] != '/' {
				k++
			}
			name := html[as:k]
			for k < n && isHTMLSpace(html[k]) {
				k++
			}
			if k >= n || html[k] != '=' {
				continue
			}
			k++
			for k < n && isHTMLSpace(html[k]) {
				k++
			}
			if k >= n {
				break
			}
			var vs, ve int
			if q := html[k]; q == '"' || q == '\'' {
				vs = k + 1
				e := bytes.IndexByte(html[vs:], q)
				if e < 0 {
					k = n
					break
				}
				ve = vs + e
				k = ve + 1
			} else {
				vs = k
				for k < n && !isHTMLSpace(html[k]) && html[k] != '>' {
					k++
				}
				ve = k
			}
			if ve == vs || len(name) < 2 || len(name) > 6 {
				continue
			}
			srcset := len(name) == 6 && bytes.EqualFold(name, []byte("srcset"))
			if scan != nil {
				if len(name) == 2 && bytes.EqualFold(name, []byte("id")) || len(name) == 4 && bytes.EqualFold(name, []byte("name")) && bytes.EqualFold(tag, []byte("a")) {
					scan.ids = append(scan.ids, span{vs, ve})
					continue
				}
				if srcset || isURLAttr(name) {
					scan.refs = append(scan.refs, scanRef{span{vs, ve}, srcset, attrOf(name)})
				}
			}
			if len(name) < 3 {
				continue
			}
			if !srcset && (html[vs] != '/' || !isURLAttr(name)) {
				continue
			}
			val := string(html[vs:ve])
			out = append(out, html[copied:vs]...)
			out = append(out, rewriteAttr(val, srcset, fromDir, base, keep)...)
			copied = ve
		}
		if bytes.EqualFold(tag, []byte("script")) || bytes.EqualFold(tag, []byte("style")) {
			// Raw text up to the closing tag.
			end := indexFold(html[min(k, n):], "</"+string(tag))
			if end < 0 {
				break
			}
			k += end
		}
	}
	return append(out, html[copied:]...)
}

// rewriteAttr rewrites one attribute value: a URL, or a srcset list of
// URLs with sizes.
func rewriteAttr(val string, srcset bool, fromDir, base string, keep []string) string {
	if !srcset {
		return rewriteURL(val, fromDir, base, keep)
	}
	parts := strings.Split(val, ",")
	for i, part := range parts {
		f := strings.Fields(part)
		if len(f) > 0 {
			f[0] = rewriteURL(f[0], fromDir, base, keep)
			parts[i] = strings.Join(f, " ")
		}
	}
	return strings.Join(parts, ", ")
}

// isURLAttr reports whether an attribute (other than srcset) holds a URL
// the rewriter makes relative.
func isURLAttr(name []byte) bool {
	for _, a := range []string{"href", "src", "action", "poster"} {
		if bytes.EqualFold(name, []byte(a)) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// indexFold is bytes.Index ignoring ASCII letter case in s.
func indexFold(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return i
		}
	}
	return -1
}
