package server

import (
	"crypto/sha256"
	"os"
	"sync"
)

// maxRemembered bounds the page cache; past it, new pages are not
// remembered and their changes always count as content changes.
const maxRemembered = 50000

// pageCache remembers, for every HTML file served, a fingerprint of its
// content without its stylesheet <link> tags. When a rebuild rewrites a page
// and the fingerprint stays the same, only stylesheet URLs changed (a hashed
// CSS file got a new name), and open copies of the page can swap their
// stylesheets instead of reloading.
type pageCache struct {
	mu sync.Mutex
	m  map[string][32]byte
}

func (c *pageCache) remember(name string, page []byte) {
	fp := styleFingerprint(page)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[name]; ok || len(c.m) < maxRemembered {
		c.m[name] = fp
	}
}

func (c *pageCache) has(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[name]
	return ok
}

// styleOnly reads the new version of name and reports whether it differs
// from the remembered one in stylesheet links only. It remembers the new
// version either way.
func (c *pageCache) styleOnly(root *os.Root, name string) bool {
	page, err := root.ReadFile(name)
	if err != nil || len(page) > maxInjected {
		return false
	}
	fp := styleFingerprint(page)
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.m[name]
	c.m[name] = fp
	return ok && old == fp
}

// styleFingerprint hashes page with every <link> tag that mentions
// "stylesheet" or ".css" left out.
func styleFingerprint(page []byte) [32]byte {
	h := sha256.New()
	for {
		i := indexFold(page, "<link")
		if i < 0 {
			break
		}
		end := indexByteFrom(page, '>', i)
		if end < 0 {
			break
		}
		tag := page[i : end+1]
		h.Write(page[:i])
		if indexFold(tag, "stylesheet") < 0 && indexFold(tag, ".css") < 0 {
			h.Write(tag)
		}
		page = page[end+1:]
	}
	h.Write(page)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

func indexByteFrom(b []byte, c byte, from int) int {
	for i := from; i < len(b); i++ {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// indexFold is the index of the first ASCII-case-insensitive match of the
// lower-case string sub in b, or -1.
func indexFold(b []byte, sub string) int {
	for i := 0; i+len(sub) <= len(b); i++ {
		if matchFold(b[i:], sub) {
			return i
		}
	}
	return -1
}

// lastIndexFold is like indexFold but finds the last match.
func lastIndexFold(b []byte, sub string) int {
	for i := len(b) - len(sub); i >= 0; i-- {
		if matchFold(b[i:], sub) {
			return i
		}
	}
	return -1
}

func matchFold(b []byte, sub string) bool {
	for j := 0; j < len(sub); j++ {
		c := b[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != sub[j] {
			return false
		}
	}
	return true
}
