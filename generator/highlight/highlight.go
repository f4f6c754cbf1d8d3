// Package highlight turns fenced code blocks into HTML with chroma v2.
//
// A [Highlighter] is built once per build and shared by every page; it is safe
// for concurrent use. [Highlighter.Block] emits markup that carries only CSS
// classes (no inline styles), so the colours live in one stylesheet produced by
// [Stylesheet]: a light theme plus a dark theme inside
// @media (prefers-color-scheme: dark).
//
// Every block, highlighted or not, has the same wrapper:
//
//	<pre class="chroma" tabindex="0"><code class="language-go">…</code></pre>
//
// tabindex="0" makes the horizontally scrollable block reachable from the
// keyboard (axe rule scrollable-region-focusable). The language class is the
// fence's info word, lower-cased and reduced to [a-z0-9_+#.-]; it is omitted
// when nothing is left. A language chroma does not know (looked up with
// lexers.Get only, never guessed from the content) gives the same wrapper
// around HTML-escaped text.
//
// Chroma's regex lexers are run by fastLexer, which produces chroma's tokens
// 2.5-3 times faster by skipping rules that cannot match at the current
// character. Highlighting still costs about 0.6 ms per 20-line block, so
// results can be kept in a content-addressed [Cache] stored in one pack file
// between builds. The output is byte-identical with and without the cache.
package highlight

import (
	"bytes"
	"runtime/debug"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// markupVersion names the wrapper markup written around chroma's tokens. It is
// part of every cache key: change it whenever Block's output shape changes.
const markupVersion = "pre-tabindex-code-language/1"

// formatterOptions describes the chroma formatter configuration for cache keys.
const formatterOptions = "html;classes=true;prevent-surrounding-pre=true;coalesce=true"

// chromaModule is the module path whose version goes into cache keys.
const chromaModule = "github.com/alecthomas/chroma/v2"

// fallbackChromaVersion is used when the build carries no module information
// (for example a binary built outside module mode).
const fallbackChromaVersion = "v2-unknown"

// Highlighter renders code blocks. The zero value is not usable; call [New].
// A nil *Highlighter is valid: its Block renders every block as escaped plain
// text.
type Highlighter struct {
	cache     *Cache
	keyPrefix []byte // version and options, hashed into every cache key

	lexers  sync.Map  // language name -> lexerEntry
	buffers sync.Pool // *[]byte scratch space for formatting
	// matchTimeout bounds one regular expression match of a lexer, as
	// chroma does (250 ms): a pattern that backtracks without end on some
	// code gives a plain block instead of a build that never finishes.
	matchTimeout time.Duration
}

type lexerEntry struct {
	lexer chroma.Lexer // nil: unknown language
	fast  bool         // a fastLexer
}

// New returns a Highlighter that stores results in c. c may be nil for no
// caching.
func New(c *Cache) *Highlighter {
	return &Highlighter{
		cache:        c,
		keyPrefix:    keyPrefix(chromaVersion()),
		buffers:      sync.Pool{New: func() any { return new([]byte) }},
		matchTimeout: 250 * time.Millisecond,
	}
}

// chromaVersion reports the chroma module version (and checksum, so that a
// replaced module also changes keys) linked into this binary.
func chromaVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fallbackChromaVersion
	}
	for _, m := range info.Deps {
		if m.Path != chromaModule {
			continue
		}
		if m.Replace != nil {
			m = m.Replace
		}
		if m.Version == "" || m.Version == "(devel)" {
			break
		}
		return m.Version + " " + m.Sum
	}
	return fallbackChromaVersion
}

// Block returns the HTML for one fenced code block in language lang. It never
// fails: an unknown or empty language, or a lexer error, gives an escaped plain
// block with the same wrapper. The returned slice may be shared with the
// cache and must not be modified.
//
// A language name longer than MaxLanguage bytes names no lexer (chroma's
// lookup by file-name pattern takes seconds on a 40 KB name) and is left
// out of the wrapper.
func (h *Highlighter) Block(lang string, code []byte) []byte {
	if len(lang) > MaxLanguage {
		lang = ""
	}
	if h == nil {
		return plainBlock(lang, code)
	}
	lexer := h.lexer(lang)
	if lexer == nil {
		return plainBlock(lang, code)
	}
	var key Key
	if h.cache != nil {
		key = newKey(h.keyPrefix, lang, code)
		if out, ok := h.cache.Get(key); ok && validBlock(out, lang) {
			return out
		}
	}
	out, ok := h.highlight(lexer, lang, code)
	if !ok {
		return plainBlock(lang, code)
	}
	if h.cache != nil {
		h.cache.Put(key, out)
	}
	return out
}

// MaxLanguage is the longest language name of a fenced code block that
// is looked up.
const MaxLanguage = 64

// lexer returns the coalescing lexer for lang, or nil when chroma has none.
// Lookups are memoised: lexers.Get falls back to matching file-name patterns,
// which walks every registered lexer.
func (h *Highlighter) lexer(lang string) chroma.Lexer {
	if lang == "" || len(lang) > MaxLanguage {
		return nil
	}
	if e, ok := h.lexers.Load(lang); ok {
		return e.(lexerEntry).lexer
	}
	var e lexerEntry
	if l := lexers.Get(lang); l != nil {
		if rl, ok := l.(*chroma.RegexLexer); ok {
			if f := newFastLexer(rl, h.matchTimeout); f != nil {
				l, e.fast = f, true
			}
		}
		e.lexer = chroma.Coalesce(l)
	}
	h.lexers.Store(lang, e)
	return e.lexer
}

func (h *Highlighter) highlight(lexer chroma.Lexer, lang string, code []byte) ([]byte, bool) {
	it, err := lexer.Tokenise(nil, string(code))
	if err != nil {
		return nil, false
	}
	bp := h.buffers.Get().(*[]byte)
	dst := openTag((*bp)[:0], lang)
	dst = appendTokens(dst, it)
	dst = append(dst, closeTag...)
	// An exact-size copy: the result is kept by the cache and copied into
	// the page, so a grown buffer's spare capacity would be kept too.
	out := bytes.Clone(dst)
	if cap(dst) <= maxPooledBuffer {
		*bp = dst
		h.buffers.Put(bp)
	}
	return out, true
}

// maxPooledBuffer is the largest scratch buffer kept for reuse; a huge
// block's buffer is left to the garbage collector.
const maxPooledBuffer = 256 << 10

const closeTag = "</code></pre>\n"

// openTag appends the block's opening markup to dst.
func openTag(dst []byte, lang string) []byte {
	dst = append(dst, `<pre class="chroma" tabindex="0"><code`...)
	start := len(dst)
	dst = append(dst, ` class="language-`...)
	n := len(dst)
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		switch {
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '+', c == '#', c == '.', c == '-':
			dst = append(dst, c)
		}
	}
	if len(dst) == n {
		dst = dst[:start]
	} else {
		dst = append(dst, '"')
	}
	return append(dst, '>')
}

// plainBlock renders code HTML-escaped inside the standard wrapper.
func plainBlock(lang string, code []byte) []byte {
	dst := make([]byte, 0, len(code)+len(code)/8+96)
	dst = openTag(dst, lang)
	dst = appendEscaped(dst, code)
	return append(dst, closeTag...)
}

// appendEscaped appends s to dst with &, <, >, " and ' escaped, as
// html.EscapeString (and so chroma) does.
func appendEscaped[S ~string | ~[]byte](dst []byte, s S) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}
