package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// rawHTML reads raw HTML (a block's lines and closing line, or an inline
// tag's segments) as a browser would: the ids it defines, id="x" on any
// element and name="x" on an <a>, become the page's; its addresses
// (href, src, srcset, action, poster) go to Result.RawLinks, at the
// attribute's name.
func (p *page) rawHTML(segs *text.Segments, closure text.Segment) {
	var raw []byte
	starts := make([]int, 0, segs.Len()+1) // source offset of each piece
	ends := make([]int, 0, segs.Len()+1)   // its end in raw
	add := func(seg text.Segment) {
		raw = append(raw, seg.Value(p.src)...)
		starts = append(starts, seg.Start)
		ends = append(ends, len(raw))
	}
	for i := range segs.Len() {
		add(segs.At(i))
	}
	if closure.Stop > closure.Start {
		add(closure)
	}
	if !bytes.Contains(raw, []byte("id")) && !bytes.Contains(raw, []byte("name")) && !bytes.Contains(raw, []byte("=")) {
		return
	}
	srcOffset := func(off int) int {
		for i, e := range ends {
			if off < e {
				return starts[i] + off - startOf(ends, i)
			}
		}
		return starts[len(starts)-1]
	}
	z := html.NewTokenizer(bytes.NewReader(raw))
	pos := 0 // offset in raw of the token z.Next returns
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		tokStart := pos
		tok := z.Raw()
		pos += len(tok)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tag, more := z.TagName()
		cursor := 0 // in tok: attributes come in order
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			at := attrIndex(tok, cursor, k)
			if at >= 0 {
				cursor = at + len(k)
			}
			if len(v) > 0 && (string(k) == "id" || string(k) == "name" && string(tag) == "a") && !p.used[string(v)] {
				p.addID(string(v))
			}
			switch string(k) {
			case "href", "src", "srcset", "action", "poster":
				off := tokStart
				if at >= 0 {
					off += at
				}
				p.res.RawLinks = append(p.res.RawLinks, RawLink{Tag: string(tag), Attr: string(k), Dest: string(v)})
				p.rawOffs = append(p.rawOffs, srcOffset(off))
			}
		}
	}
}

// startOf returns where piece i starts in raw, given each piece's end.
func startOf(ends []int, i int) int {
	if i == 0 {
		return 0
	}
	return ends[i-1]
}

// attrIndex finds the attribute name (lower case, as the tokenizer gives
// it) in the raw tag tok from offset from, preceded by white space or a
// quote and followed by "=" or white space; -1 when it is not found.
func attrIndex(tok []byte, from int, name []byte) int {
	for i := from; i+len(name) <= len(tok); i++ {
		if i == 0 || !bytes.EqualFold(tok[i:i+len(name)], name) {
			continue
		}
		if c := tok[i-1]; c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '"' && c != '\'' && c != '/' {
			continue
		}
		if j := i + len(name); j == len(tok) || bytes.IndexByte([]byte("= \t\n\r\f/>"), tok[j]) >= 0 {
			return i
		}
	}
	return -1
}
