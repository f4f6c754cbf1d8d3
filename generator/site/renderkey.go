package site

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
)

// Render keys: equal keys mean equal output, so that a page whose key is
// unchanged is not rendered again (Builder, renderCache).

// globalKey hashes everything every page's output may depend on besides
// its own body and what it read of other pages' bodies: settings, data,
// layouts, assets, the front matter, URL, place and citations of every
// page, and the images layouts placed.
func (b *build) globalKey() string {
	h := sha256.New()
	w := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	w(b.site.Digest, b.layouts.Digest, b.i18n.Digest())
	for _, rel := range sortedPaths(b.assets.Files) {
		w(rel)
	}
	for _, p := range b.site.All {
		w(p.URL, p.Kind, p.Path, p.MetaHash, p.Title, strconv.Itoa(len(p.Pages)), citeKeys(b.recs.get(p).cited()))
		// What the content stage made of the page besides its front
		// matter: dates (updated_from_git), the addresses under the base
		// URL, the site's share image for a page without one.
		w(stamps(p.Date, p.Updated, p.PublishAt, p.Expires, p.ReviewBy), p.Permalink, p.Image, p.ImageAlt)
		h.Write([]byte{1})
	}
	for _, s := range b.languageSites() {
		w(s.BaseURL, stamps(s.LastUpdated, s.NextChange))
		for _, wh := range slices.Concat(s.Waiting, s.Expired) {
			w(wh.Page.Path, wh.Page.MetaHash, stamps(wh.At))
		}
	}
	for _, f := range b.site.Files {
		w(f.OutPath)
	}
	for _, rel := range slices.Sorted(maps.Keys(b.memo.layoutImages)) {
		w(rel, imageSig(b.imgs.Get("content/"+rel, rel)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stamps writes times for a key.
func stamps(ts ...time.Time) string {
	var b []byte
	for _, t := range ts {
		if !t.IsZero() {
			b = strconv.AppendInt(b, t.Unix(), 36)
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(t.Nanosecond()), 36)
			b = append(b, t.Location().String()...)
		}
		b = append(b, ',')
	}
	return string(b)
}

// languageSites lists the site and its view in each language.
func (b *build) languageSites() []*content.Site {
	out := []*content.Site{b.site}
	for _, l := range b.site.Languages {
		if ls := siteOfLanguage(b.site, l); ls != b.site {
			out = append(out, ls)
		}
	}
	return out
}

// pageKey is the render key of page p, whose render read deps of other
// pages: equal keys mean equal output.
func (b *build) pageKey(p *content.Page, deps []dep) string {
	return b.keyUnder(b.global, p, deps)
}

// localKey is the render key of page p without the global key, which the
// render cache keeps once for all its pages.
func (b *build) localKey(p *content.Page, deps []dep) string {
	return b.keyUnder("", p, deps)
}

func (b *build) keyUnder(global string, p *content.Page, deps []dep) string {
	h := sha256.New()
	for _, s := range []string{global, p.OutPath, p.Path, content.BodyOf(b.site, p).Hash, b.recs.get(p).own()} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, d := range deps {
		for _, s := range []string{d.page, d.field, b.depValue(d)} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// depValue is the current value of what dep d read, for render keys:
// equal values mean equal reads.
func (b *build) depValue(d dep) string {
	p := b.pageByID(d.page)
	if d.field == "Body" || d.field == "Hash" {
		if p == nil {
			return "\x00none"
		}
		return content.BodyOf(b.site, p).Hash
	}
	return b.recs.get(p).value(d.field)
}

// pageByID finds the page a dep names, or nil.
func (b *build) pageByID(id string) *content.Page {
	if u, ok := strings.CutPrefix(id, "@"); ok {
		return b.site.ByURL[u]
	}
	return b.site.ByPath[strings.TrimPrefix(id, "content/")]
}
