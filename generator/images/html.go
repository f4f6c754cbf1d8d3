package images

import (
	"html"
	"net/url"
	"strconv"
	"strings"
)

// DefaultSizes is the sizes attribute of responsive images when
// [Attrs.Sizes] is empty: the width of the text column on wide screens,
// the width of the screen on phones.
const DefaultSizes = "(min-width: 45rem) 42rem, 100vw"

// Attrs describe how one image is placed on a page.
type Attrs struct {
	Alt   string // plain text; required by the callers
	Title string // title attribute, or ""
	Class string // class attribute of the <img>, or ""
	Sizes string // sizes attribute; "" for DefaultSizes
	Eager bool   // the first image of a page: no loading="lazy"
}

// URL returns the root-relative, escaped URL of an output path.
func URL(out string) string {
	segs := strings.Split(out, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/" + strings.Join(segs, "/")
}

// AppendHTML appends the markup placing img to dst: an <img> with its
// width, height, decoding="async" and, unless a.Eager, loading="lazy";
// for an image with responsive versions, a <picture> with a WebP <source>
// and the <img> in the original format, both with srcset and sizes.
func AppendHTML(dst []byte, img *Image, a Attrs) []byte {
	src := img.Out
	w, h := img.Width, img.Height
	if img.Responsive() {
		top := img.Versions[len(img.Versions)-1]
		src, w, h = top.Out, top.Width, top.Height
		sizes := a.Sizes
		if sizes == "" {
			sizes = DefaultSizes
		}
		dst = append(dst, `<picture><source type="image/webp" srcset="`...)
		dst = appendSrcset(dst, img.Versions, true)
		dst = append(dst, `" sizes="`...)
		dst = append(dst, html.EscapeString(sizes)...)
		dst = append(dst, `">`...)
		dst = append(dst, `<img src="`...)
		dst = append(dst, html.EscapeString(URL(src))...)
		dst = append(dst, `" srcset="`...)
		dst = appendSrcset(dst, img.Versions, false)
		dst = append(dst, `" sizes="`...)
		dst = append(dst, html.EscapeString(sizes)...)
		dst = append(dst, '"')
	} else {
		dst = append(dst, `<img src="`...)
		dst = append(dst, html.EscapeString(URL(src))...)
		dst = append(dst, '"')
	}
	dst = append(dst, ` alt="`...)
	dst = append(dst, html.EscapeString(a.Alt)...)
	dst = append(dst, '"')
	if a.Title != "" {
		dst = append(dst, ` title="`...)
		dst = append(dst, html.EscapeString(a.Title)...)
		dst = append(dst, '"')
	}
	if a.Class != "" {
		dst = append(dst, ` class="`...)
		dst = append(dst, html.EscapeString(a.Class)...)
		dst = append(dst, '"')
	}
	if w > 0 && h > 0 {
		dst = append(dst, ` width="`...)
		dst = strconv.AppendInt(dst, int64(w), 10)
		dst = append(dst, `" height="`...)
		dst = strconv.AppendInt(dst, int64(h), 10)
		dst = append(dst, '"')
	}
	if !a.Eager {
		dst = append(dst, ` loading="lazy"`...)
	}
	dst = append(dst, ` decoding="async">`...)
	if img.Responsive() {
		dst = append(dst, `</picture>`...)
	}
	return dst
}

func appendSrcset(dst []byte, vs []Version, webp bool) []byte {
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		out := v.Out
		if webp {
			out = v.WebP
		}
		dst = append(dst, html.EscapeString(URL(out))...)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(v.Width), 10)
		dst = append(dst, 'w')
	}
	return dst
}
