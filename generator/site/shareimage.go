package site

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	_ "image/gif"  // share image sizes
	_ "image/jpeg" // share image sizes
	_ "image/png"  // share image sizes
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/history"
	"github.com/nuhw-explainer/kpstrikes/generator/layout"
)

// Share images: front matter image (a file beside the page, a root-relative
// path under content/, or an absolute https:// URL), else the site's image
// setting (a file under content/ or layouts/assets/).

// MinShareWidth and MinShareHeight are the smallest share image size that
// link previews show large (Open Graph's and X's recommendation).
const MinShareWidth, MinShareHeight = 1200, 630

// loadSiteImage resolves the site's image setting: a file under content/
// or, failing that, under layouts/assets/.
func (b *build) loadSiteImage() {
	s := b.site
	b.siteImage, b.siteImageFile = "", ""
	if s.Image == "" {
		return
	}
	pos := content.SettingPos(s, "image")
	ref := s.Image
	if hasScheme(ref) {
		if !strings.HasPrefix(ref, "https://") && !strings.HasPrefix(ref, "http://") {
			b.diags.Add("content/site.yaml", pos.Line, pos.Col, "share image %s: write a file name such as img/card.png or an https:// address", ref)
			return
		}
		b.siteImage = ref
		return
	}
	rel := strings.TrimPrefix(path.Clean("/"+ref), "/")
	if b.files[rel] {
		b.siteImage, b.siteImageFile = escapePath("/"+rel), "content/"+rel
		return
	}
	if b.assets != nil {
		if a, err := b.assets.Get(rel); err == nil {
			b.siteImage, b.siteImageFile = a, "layouts/assets/"+rel
			return
		}
	}
	b.diags.Add("content/site.yaml", pos.Line, pos.Col, "share image %s: there is no content/%s or layouts/assets/%s", ref, rel, rel)
}

// Image is the URL of the page's share image: its front matter image,
// else the site's image setting; root-relative unless written as an
// https:// address, "" when neither is set.
func (v *Page) Image() string {
	if v.src.Image != "" {
		return v.src.Image
	}
	return v.rc.b.siteImage
}

// ImageAlt is the share image's text alternative: front matter image_alt
// with the page's own image, else the site's image_alt.
func (v *Page) ImageAlt() string {
	if v.src.Image != "" {
		return v.src.ImageAlt
	}
	return v.src.Site.ImageAlt
}

// schema returns the structured data of a page as layouts see it.
func (b *build) schema(page any) ([]map[string]any, error) {
	v, ok := page.(*Page)
	if !ok || v == nil {
		return nil, fmt.Errorf("schema: %T is not a page", page)
	}
	return layout.Schema(layout.SchemaPage{Page: v.src, Summary: v.Summary(), Image: v.Image(), Citations: v.Citations()}, b.site.BaseURL), nil
}

// checkShareImages warns about share images without alt text or too small
// for a large link preview.
func (b *build) checkShareImages(pages []*content.Page) {
	if b.siteImage != "" {
		pos := content.SettingPos(b.site, "image")
		b.checkShareImage("content/site.yaml", pos, b.siteImageFile, b.site.ImageAlt, "site.yaml")
	}
	for _, p := range pages {
		ref, pos, file := content.ShareImageRef(p)
		if ref != "" && p.Image != "" {
			b.checkShareImage(p.Path, pos, file, p.ImageAlt, "the front matter")
		}
	}
}

func (b *build) checkShareImage(src string, pos content.Pos, file, alt, where string) {
	if alt == "" {
		b.diags.Warn(src, pos.Line, pos.Col, "share image without alt text: add image_alt: to %s, a sentence saying what the image shows", where)
	}
	if file == "" {
		return // an absolute URL: check and build open no network connection
	}
	f, err := b.opts.FS.Open(file)
	if err != nil {
		return
	}
	defer f.Close()
	w, h, ok := imageSize(f)
	switch {
	case !ok:
		b.diags.Warn(src, pos.Line, pos.Col, "share image %s: cannot read its size (use a PNG, JPEG, GIF or WebP file)", file)
	case w < MinShareWidth || h < MinShareHeight:
		b.diags.Warn(src, pos.Line, pos.Col, "share image %s is %d×%d pixels: link previews show it small; use at least %d×%d", file, w, h, MinShareWidth, MinShareHeight)
	}
}

// imageSize reads the width and height of a PNG, JPEG, GIF or WebP image.
func imageSize(f fs.File) (w, h int, ok bool) {
	head := make([]byte, 32<<10)
	n, _ := f.Read(head)
	head = head[:n]
	if len(head) >= 30 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP" {
		return webpSize(head)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(head))
	if err != nil {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// webpSize reads the size from a WebP file's first chunk (VP8, VP8L or
// VP8X), as the WebP container specification lays them out.
func webpSize(b []byte) (int, int, bool) {
	switch string(b[12:16]) {
	case "VP8 ":
		if b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a {
			return 0, 0, false
		}
		return int(binary.LittleEndian.Uint16(b[26:]) & 0x3fff), int(binary.LittleEndian.Uint16(b[28:]) & 0x3fff), true
	case "VP8L":
		if b[20] != 0x2f {
			return 0, 0, false
		}
		v := binary.LittleEndian.Uint32(b[21:])
		return int(v&0x3fff) + 1, int(v>>14&0x3fff) + 1, true
	case "VP8X":
		w := int(b[24]) | int(b[25])<<8 | int(b[26])<<16
		h := int(b[27]) | int(b[28])<<8 | int(b[29])<<16
		return w + 1, h + 1, true
	}
	return 0, 0, false
}

// lastCommits returns when each file of the site was last committed, for
// the updated_from_git setting.
func (b *build) lastCommits() (map[string]time.Time, error) {
	repo, err := history.Open(b.opts.Source)
	if err != nil {
		return nil, err
	}
	return repo.LastCommits()
}
