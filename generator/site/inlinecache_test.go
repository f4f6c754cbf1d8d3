package site

import (
	"crypto/sha256"
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pack"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// TestInlineConversionsComeFromTheCache converts inline texts through the
// Markdown cache: a text stored under the build's settings and data is
// read, not converted (the next build has no converter at all); other
// settings convert it again; no cache converts.
func TestInlineConversionsComeFromTheCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "markdown.cache")
	open := func() *mdCache {
		p, err := pack.Open(path, mdCacheMagic)
		if err != nil {
			t.Fatal(err)
		}
		return &mdCache{pack: p, prefix: sha256.Sum256([]byte("test"))}
	}
	b := &build{loaded: &loaded{site: &content.Site{Digest: "d1"}, conv: markdown.New(markdown.Options{})}}
	m := open()
	if got := m.inline(b, "a *b*"); got != "a <em>b</em>" {
		t.Fatalf("first conversion: %q", got)
	}
	m.pack.Put(m.inlineKey("d1", "x *y*"), []byte("STORED"))
	if got := m.inline(b, "x *y*"); got != "STORED" {
		t.Errorf("a stored conversion gave %q, want the stored STORED", got)
	}
	b2 := &build{loaded: &loaded{site: &content.Site{Digest: "d2"}, conv: b.conv}}
	if got := m.inline(b2, "x *y*"); got != "x <em>y</em>" {
		t.Errorf("under other settings: %q, want it converted again", got)
	}
	if err := m.pack.Commit(); err != nil {
		t.Fatal(err)
	}
	m.pack.Close()

	m = open()
	defer m.pack.Close()
	next := &build{loaded: &loaded{site: &content.Site{Digest: "d1"}}} // no converter: a conversion would panic
	if got := m.inline(next, "a *b*"); got != "a <em>b</em>" {
		t.Errorf("the next build read %q", got)
	}
	if got := (*mdCache)(nil).inline(b, "a *b*"); got != "a <em>b</em>" {
		t.Errorf("without a cache: %q", got)
	}
}
