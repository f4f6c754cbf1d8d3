package blog

import "embed"

// Layouts are the generator's layouts for the blog (layouts/), and
// HugoSite the same site for Hugo (hugo-site/): a page with its byline,
// summary, content and tags; the home page with the 20 newest posts and
// their summaries; the archive; tag pages, feeds and the sitemap.
//
//go:embed layouts
var Layouts embed.FS

//go:embed all:hugo-site
var HugoSite embed.FS
