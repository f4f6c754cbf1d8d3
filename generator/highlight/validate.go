package highlight

import "bytes"

// validBlock reports whether html has exactly the shape the highlighter
// writes for a block in language lang: the wrapper of openTag and
// closeTag around text in which every tag is <span class="..."> (class
// names of letters, digits, spaces and dashes) or </span>, and every &
// starts one of the entities html.EscapeString writes. The cache is data
// from outside the build: an entry of any other shape (a <script>, an
// attribute, an unbalanced span) is not used.
func validBlock(html []byte, lang string) bool {
	open := openTag(nil, lang)
	if !bytes.HasPrefix(html, open) || !bytes.HasSuffix(html, []byte(closeTag)) || len(html) < len(open)+len(closeTag) {
		return false
	}
	body := html[len(open) : len(html)-len(closeTag)]
	depth := 0
	for i := 0; i < len(body); {
		switch body[i] {
		case '<':
			rest := body[i:]
			if bytes.HasPrefix(rest, []byte("</span>")) {
				if depth == 0 {
					return false
				}
				depth--
				i += len("</span>")
				continue
			}
			const pre = `<span class="`
			if !bytes.HasPrefix(rest, []byte(pre)) {
				return false
			}
			j := len(pre)
			for j < len(rest) && isClassByte(rest[j]) {
				j++
			}
			if j == len(pre) || !bytes.HasPrefix(rest[j:], []byte(`">`)) {
				return false
			}
			depth++
			i += j + 2
		case '>', '"':
			return false
		case '&':
			ok := false
			for _, e := range entities {
				if bytes.HasPrefix(body[i+1:], []byte(e)) {
					i += 1 + len(e)
					ok = true
					break
				}
			}
			if !ok {
				return false
			}
		default:
			i++
		}
	}
	return depth == 0
}

var entities = []string{"amp;", "lt;", "gt;", "quot;", "#34;", "#39;"}

func isClassByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == ' ' || c == '-' || c == '_'
}
