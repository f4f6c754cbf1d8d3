package site

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/images"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// imageUse is one image placed by a page's Markdown.
type imageUse struct {
	dest      string // as written
	rel       string // content-relative path
	sig       string // what the markup depended on (see imageSig)
	line, col int
}

// newImageSet returns the build's image set, with the cache folder of
// opts.
func newImageSet(opts Options, s *content.Site) *images.Set {
	return images.New(opts.FS, images.Options{Widths: s.ImageWidths, CacheDir: cacheDir(opts)})
}

// imageSig sums up what an image's markup shows of it.
func imageSig(img *images.Image, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%s %dx%d %d", img.Out, img.Width, img.Height, len(img.Versions))
}

// contentImage returns the content-relative path of an image destination
// written in page p, or "" when it is not an image file of the site.
func (b *build) contentImage(p *content.Page, dest string) string {
	t := resolve(b.site, b.files, p, dest, true)
	if t.err != "" || t.page != nil || !strings.HasPrefix(t.href, "/") || strings.HasPrefix(t.href, "//") {
		return ""
	}
	rel, err := url.PathUnescape(strings.TrimPrefix(t.href, "/"))
	if err != nil || !b.files[rel] || !images.IsImage(rel) {
		return ""
	}
	return rel
}

// imageHook is the markdown Image hook of page p: the <img> or <picture>
// of an image file of the site, recorded in c.
func (b *build) imageHook(p *content.Page, c *converted) func(string, markdown.ImageAttrs) ([]byte, error) {
	return func(dest string, a markdown.ImageAttrs) ([]byte, error) {
		rel := b.contentImage(p, dest)
		if rel == "" {
			return nil, nil
		}
		img, err := b.imgs.Get("content/"+rel, rel)
		c.images = append(c.images, imageUse{dest: dest, rel: rel, sig: imageSig(img, err)})
		if err != nil {
			return nil, fmt.Errorf("image %s: %v", dest, err)
		}
		return images.AppendHTML(nil, img, images.Attrs{Alt: a.Alt, Title: a.Title, Eager: a.Eager}), nil
	}
}

// positionImages copies the positions of the images a page placed from
// the converter's list of its links, which holds them in the same order.
func positionImages(uses []imageUse, links []markdown.Link) {
	j := 0
	for i := range uses {
		for ; j < len(links); j++ {
			if l := links[j]; l.Image && l.Dest == uses[i].dest {
				uses[i].line, uses[i].col = l.Line, l.Col
				j++
				break
			}
		}
	}
}

// layoutImage is the layouts' image function: the markup placing the image
// file content/<p>, the same as Markdown's. opts are "eager" (for the
// first image of a page, loaded at once), "class=NAME" and "sizes=VALUE".
func (b *build) layoutImage(p, alt string, opts []string) (template.HTML, error) {
	rel := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(p, "content/")), "/")
	if !b.files[rel] || !images.IsImage(rel) {
		return "", fmt.Errorf("image %q: no image file content/%s (the path is relative to content/)", p, rel)
	}
	a := images.Attrs{Alt: alt}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "eager":
			a.Eager = true
		case "class":
			a.Class = v
		case "sizes":
			a.Sizes = v
		default:
			return "", fmt.Errorf("image %q: unknown option %q; the options are \"eager\", \"class=NAME\" and \"sizes=VALUE\"", p, o)
		}
	}
	b.layoutImgs.Store(rel, true)
	img, err := b.imgs.Get("content/"+rel, rel)
	if err != nil {
		return "", fmt.Errorf("image %q: %v", p, err)
	}
	return template.HTML(images.AppendHTML(nil, img, a)), nil
}

// imagesUnchanged reports whether the images a cached conversion placed
// would be placed the same way now.
func (b *build) imagesUnchanged(c *converted) bool {
	for _, u := range c.images {
		if imageSig(b.imgs.Get("content/"+u.rel, u.rel)) != u.sig {
			return false
		}
	}
	return true
}

// publishImages writes the site's image files and their responsive
// versions. It reports a broken image where a page places it, else at the
// file.
func (b *build) publishImages(imgFiles []content.File, write func(string, []byte)) {
	where := map[string][3]any{} // rel → page path, line, col of the first use
	for _, p := range b.withBody {
		for _, u := range b.imageUses.get(p) {
			if _, ok := where[u.rel]; !ok {
				where[u.rel] = [3]any{p.Path, u.line, u.col}
			}
		}
	}
	report := func(rel string, err error) {
		if w, ok := where[rel]; ok {
			b.diags.Add(w[0].(string), w[1].(int), w[2].(int), "image %s: %v", rel, err)
		} else {
			b.diags.Add("content/"+rel, 0, 0, "%v", err)
		}
	}
	var list []*images.Image
	outs := map[string]string{}
	// A file of a bundle whose page moved (url:, slug:) is listed twice:
	// it is published once, and its published bytes are also written
	// beside the page.
	first := map[string]string{}    // source path → output path of its first listing
	copies := map[string][]string{} // published original → its copies
	for _, f := range imgFiles {
		if out, ok := first[f.Src]; ok {
			copies[out] = append(copies[out], f.OutPath)
			continue
		}
		first[f.Src] = f.OutPath
		img, err := b.imgs.Get(f.Src, f.OutPath)
		if err != nil {
			if _, ok := where[f.OutPath]; !ok {
				report(f.OutPath, err)
			}
			continue
		}
		clash := false
		for _, o := range img.Outputs() {
			if b.files[o] {
				report(f.OutPath, fmt.Errorf("its responsive version %s would replace the file content/%s: rename one of them", o, o))
				clash = true
			} else if other, ok := outs[o]; ok {
				report(f.OutPath, fmt.Errorf("its responsive version %s would replace one of content/%s: rename one of them", o, other))
				clash = true
			}
			outs[o] = f.OutPath
			b.extraOut[o] = true
		}
		if !clash {
			list = append(list, img)
		}
	}
	if b.check {
		return // check writes nothing: no need to encode
	}
	var mu = &b.mu
	var keep images.Keeper
	if k, ok := b.out.(images.Keeper); ok {
		keep = keptCounter{k, b, copies}
	}
	failures := b.imgs.Publish(list, func(out string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		write(out, data)
		for _, c := range copies[out] {
			write(c, data)
		}
		return nil
	}, keep)
	sort.Slice(failures, func(i, j int) bool { return failures[i].Image.Out < failures[j].Image.Out })
	for _, f := range failures {
		report(f.Image.Out, f.Err)
	}
}

// keptCounter counts the files an output folder keeps as written files.
// Keeping a published original keeps its copies (see publishImages).
type keptCounter struct {
	images.Keeper
	b      *build
	copies map[string][]string
}

func (k keptCounter) Keep(out string) error {
	if err := k.Keeper.Keep(out); err != nil {
		return err
	}
	for _, c := range k.copies[out] {
		if err := k.Keeper.Keep(c); err != nil {
			return err
		}
	}
	k.b.mu.Lock()
	k.b.nfiles += 1 + len(k.copies[out])
	k.b.mu.Unlock()
	return nil
}

// imageDiags are the check warnings about the images pages place.
func (b *build) imageWarnings(p *content.Page) {
	maxDisplay := content.DefaultImageWidths[len(content.DefaultImageWidths)-1]
	if ws := b.site.ImageWidths; len(ws) > 0 {
		maxDisplay = max(maxDisplay, ws[len(ws)-1])
	}
	for _, u := range b.imageUses.get(p) {
		img, err := b.imgs.Get("content/"+u.rel, u.rel)
		if err != nil || img.Responsive() {
			continue
		}
		if img.Size > 500<<10 {
			b.diags.Warn(p.Path, u.line, u.col, "image %s is %d KB and is published as it is: readers on phones download all of it; export it smaller (under 500 KB) or as a JPEG photo the generator can resize", u.rel, img.Size>>10)
		}
		if img.Width > 2*maxDisplay {
			b.diags.Warn(p.Path, u.line, u.col, "image %s is %d pixels wide, more than twice the %d it is shown at, and has no smaller versions; export it at %d pixels or less", u.rel, img.Width, maxDisplay, 2*maxDisplay)
		}
	}
}
