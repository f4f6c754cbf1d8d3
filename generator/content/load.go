// Package content loads a site's source tree from an fs.FS: the settings
// (content/site.yaml), the data files (content/data/*.yaml, with the
// citation registry sources.yaml), and every Markdown page with its front
// matter, URL, section and neighbours.
//
// URL mapping: content/_index.md is the home page (/); content/a/_index.md is
// the page of section a (/a/); content/a/b.md is /a/b/; a page bundle
// content/x/index.md is /x/ and the files beside it are copied next to it.
// A slug replaces the last URL segment, a url field replaces the whole path.
// Top-level folders without an _index.md still get a section page. Every
// other file under content/ is copied to the same path in the output.
//
// Loading reports every problem it finds as a diag.Diagnostic at
// path:line:col and never stops at the first.
package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/editortemp"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/pool"
)

// MaxFileSize is the largest Markdown file the generator reads.
const MaxFileSize = 8 << 20

// Options control loading.
type Options struct {
	Drafts  bool   // include pages marked draft: true
	BaseURL string // overrides site.yaml's base_url when not empty
	// Cache, when not nil, keeps parsed pages between loads so that a
	// rebuild re-reads only files whose size or modification time changed,
	// or that are named in Dirty.
	Cache *Cache
	Dirty map[string]bool // site-root-relative paths known to have changed
	// Now decides which pages publish_at and expires leave out; zero
	// means the clock.
	Now time.Time
	// NowLocal says Now was written without a zone: read its wall clock
	// in the site's timezone.
	NowLocal bool
	// LastCommits, when the site sets updated_from_git, returns the time
	// of the last commit of each file by site-relative path.
	LastCommits func() (map[string]time.Time, error)
	// DropBodies keeps no page's body, so that a large site's Markdown is
	// not all in memory at once; ReadBody reads one again.
	// Not with Cache.
	DropBodies bool
	// Settings, when not nil, is called once with the site settings as
	// soon as they are read (defaults when site.yaml is missing or bad),
	// before the pages and data files, so that work that needs only them
	// (the layouts) can start beside the load.
	Settings func(Settings)
	// YAML, when not nil, keeps the parsed data files between builds,
	// by their text: a data file found there is not parsed again.
	YAML YAMLStore
	// Progress, when not nil, is called as the Markdown files are read,
	// from several goroutines: once with done 0 as soon as their number
	// (total) is known, then about every 1% of them.
	Progress func(done, total int)
}

// Cache holds parsed pages between loads. It is not safe for concurrent
// loads.
type Cache struct {
	entries map[string]cacheEntry
	data    map[string]*dataEntry // data files by path
}

// dataEntry is a parsed data file, kept while its bytes are unchanged.
type dataEntry struct {
	raw     string
	value   any
	cites   []KeyRef
	sources []*Source
	authors []*Author
	diags   diag.List
}

type cacheEntry struct {
	size    int64
	modTime time.Time
	page    *Page
	diags   diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]cacheEntry{}, data: map[string]*dataEntry{}}
}

// File is a non-Markdown file copied into the output unchanged.
type File struct {
	Src     string // fs path, e.g. content/x/photo.jpg
	OutPath string // dest-relative, e.g. x/photo.jpg
}

// Site is everything loaded from a source tree.
type Site struct {
	Settings
	Data        map[string]any      // data files by base name
	DataCites   map[string][]KeyRef // citation keys in each data file
	Sources     []*Source           // citation registry, in file order
	SourceByKey map[string]*Source
	All         []*Page // every page, generated ones included, by URL
	Pages       []*Page // regular pages, in site order
	Sections    []*Page // section pages, by URL
	Home        *Page
	NotFound    *Page
	Tags        []*Page // term pages of the tags taxonomy, by name
	// Taxonomies holds the term pages of each taxonomy, by name;
	// TaxonomyPages the list page of each taxonomy that has terms, in the
	// order of the taxonomies setting.
	Taxonomies    map[string][]*Page
	TaxonomyPages []*Page
	ByPath        map[string]*Page // content-relative source path → page
	ByURL         map[string]*Page
	Files         []File
	dataRaw       []string
	LastUpdated   time.Time
	// Corrections lists every page's corrections, newest first.
	Corrections []*Correction
	// Authors is the author registry, content/data/authors.yaml, in file
	// order; AuthorByKey indexes it.
	Authors     []*Author
	AuthorByKey map[string]*Author
	// Byline is the byline of pages that name no authors: the authors of
	// the site's authors setting, else one named by its author setting.
	Byline []*Author
	// Waiting lists the pages left out because their publish_at is still
	// to come, soonest first; Expired those past their expires time.
	Waiting, Expired []*Withheld
	// NextChange is when the set of published pages next changes: the
	// soonest publish_at of a waiting page or expires of a published one;
	// zero when none is scheduled.
	NextChange time.Time
	withheld   map[string]*Withheld // by content-relative path
	dropped    map[string]string    // pages left out for an error: path → address (dropped.go)
	// bodies holds the bodies Reload read since Load, by page; the other
	// pages have the body Load read. dropBodies: Load kept none.
	bodies     map[*Page]Body
	dropBodies bool
	// CorrectionsPage lists the corrections at CorrectionsURL: the page
	// of that URL, or one the build generates; nil when there are none.
	CorrectionsPage *Page
	// Digest is a hash of the settings and every data file: what all pages
	// may show.
	Digest string
	// The language of this view of the site, and its own pages.
	lang    *Language
	langAll []*Page
	// Data files of the other languages (content/data/<name>.<code>.yaml),
	// by language code and name.
	drafts        map[string]bool // content-relative paths of the drafts left out
	langData      map[string]map[string]any
	langDataCites map[string]map[string][]KeyRef
}

type fileJob struct {
	rel   string // content-relative
	entry fs.DirEntry
}

// Load reads the site rooted at fsys (which holds content/ and layouts/).
func Load(fsys fs.FS, opts Options) (*Site, diag.List) {
	var ds diag.List
	s := &Site{Data: map[string]any{}, DataCites: map[string][]KeyRef{}, SourceByKey: map[string]*Source{}, AuthorByKey: map[string]*Author{}, ByPath: map[string]*Page{}, ByURL: map[string]*Page{}, dropBodies: opts.DropBodies}

	digest := sha256.New()
	raw, err := fs.ReadFile(fsys, settingsPath)
	digest.Write(raw)
	if err != nil {
		ds.Add(settingsPath, 0, 0, "cannot read the site settings: %v", pathErr(err))
	}
	settings, sds := parseSettings(raw, opts.BaseURL, opts.YAML)
	s.Settings = settings
	ds = append(ds, sds...)
	if opts.Settings != nil {
		opts.Settings(settings)
	}

	var mdFiles, dataFiles []fileJob
	err = fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ds.Add(p, 0, 0, "cannot read: %v", pathErr(err))
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, "content"), "/")
		if d.Type()&fs.ModeSymlink != 0 {
			ds.Add(p, 0, 0, "symbolic links are not followed in content/; copy the file or folder instead")
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if rel != "" && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) && name != "_index" {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || editortemp.Is(name) {
			return nil
		}
		switch {
		case rel == "site.yaml":
		case strings.HasPrefix(rel, "data/"):
			dataFiles = append(dataFiles, fileJob{rel, d})
		case strings.HasSuffix(name, ".md"):
			mdFiles = append(mdFiles, fileJob{rel, d}) // stat on the workers, in parallel
		default:
			s.Files = append(s.Files, File{Src: p, OutPath: rel})
		}
		return nil
	})
	if err != nil {
		ds.Add("content", 0, 0, "cannot read the content folder: %v", pathErr(err))
	}

	// The pages are read and parsed on every core while this goroutine
	// reads the data files, also on every core (the registry of sources,
	// 45 KB of YAML, was a third of the explainer's content stage), and
	// applies them in file order.
	type loaded struct {
		pages   []*Page
		ds      diag.List
		dropped []string
	}
	pagesDone := make(chan loaded, 1)
	go func() {
		pages, pds, dropped := loadPages(fsys, mdFiles, opts)
		pagesDone <- loaded{pages, pds, dropped}
	}()
	reads := make([]dataRead, len(dataFiles))
	pool.Run(len(dataFiles), runtime.GOMAXPROCS(0), func(i int) {
		reads[i] = readData(fsys, "content/"+dataFiles[i].rel, opts.Cache, opts.YAML)
	})
	for i, f := range dataFiles {
		s.loadData("content/"+f.rel, f.rel, reads[i], opts.Cache, &ds)
	}
	ds = append(ds, dataNameClashes(s.dataRaw)...)
	for _, d := range s.dataRaw {
		digest.Write([]byte(d))
	}
	fmt.Fprintf(digest, "%v|%s", opts.Drafts, s.BaseURL)
	s.Digest = hex.EncodeToString(digest.Sum(nil))
	s.dataRaw = nil
	l := <-pagesDone
	pages := l.pages
	ds = append(ds, l.ds...)
	s.noteDropped(fsys, l.dropped)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	} else if opts.NowLocal {
		now = InZone(now, s.Timezone)
	}
	if !opts.Drafts {
		pages = slices.DeleteFunc(pages, func(p *Page) bool {
			if p.Draft {
				if s.drafts == nil {
					s.drafts = map[string]bool{}
				}
				s.drafts[strings.TrimPrefix(p.Path, "content/")] = true
			}
			return p.Draft
		})
	}
	pages = s.schedule(pages, now)
	if s.UpdatedFromGit {
		s.updatedFromGit(pages, opts.LastCommits, &ds)
	}
	if len(s.withheld) > 0 {
		// Which pages are left out shows on every page (lists, links).
		sum := sha256.New()
		sum.Write([]byte(s.Digest))
		for _, rel := range sortedKeys(s.withheld) {
			sum.Write([]byte(rel + "\x00"))
		}
		s.Digest = hex.EncodeToString(sum.Sum(nil))
	}
	for _, p := range pages {
		if p.Draft && !opts.Drafts {
			continue
		}
		s.ByPath[strings.TrimPrefix(p.Path, "content/")] = p
	}
	s.assemble(&ds)
	return s, ds
}

func pathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// loadPages parses Markdown files on all cores, reusing cached results.
// It also returns the paths of the files that gave no page for an error.
func loadPages(fsys fs.FS, files []fileJob, opts Options) ([]*Page, diag.List, []string) {
	type result struct {
		page  *Page
		diags diag.List
		entry *cacheEntry
	}
	results := make([]result, len(files))
	tick := func() {}
	if report := opts.Progress; report != nil && len(files) > 0 {
		report(0, len(files))
		tick = pool.Ticker(len(files), func(done int) { report(done, len(files)) })
	}
	// More workers than cores: opening and reading files blocks.
	pool.Run(len(files), 4*runtime.GOMAXPROCS(0), func(i int) {
		defer tick()
		f := files[i]
		full := "content/" + f.rel
		info, err := f.entry.Info()
		if err != nil {
			results[i].diags.Add(full, 0, 0, "cannot read: %v", pathErr(err))
			return
		}
		if c := opts.Cache; c != nil && !isDirty(opts.Dirty, full) {
			if e, ok := c.entries[full]; ok && e.size == info.Size() && e.modTime.Equal(info.ModTime()) {
				results[i] = result{page: copyPage(e.page), diags: e.diags}
				return
			}
		}
		var r result
		r.page, r.diags = readPage(fsys, f.rel, info.Size(), opts.YAML)
		if opts.DropBodies && r.page != nil {
			r.page.body = nil
		}
		if opts.Cache != nil {
			// The cache keeps the page as read; the site gets a copy,
			// which assembling it changes.
			r.entry = &cacheEntry{size: info.Size(), modTime: info.ModTime(), page: r.page, diags: r.diags}
			r.page = copyPage(r.page)
		}
		results[i] = r
	})

	var pages []*Page
	var ds diag.List
	if c := opts.Cache; c != nil {
		fresh := make(map[string]cacheEntry, len(files))
		for i, f := range files {
			full := "content/" + f.rel
			if results[i].entry != nil {
				fresh[full] = *results[i].entry
			} else {
				fresh[full] = c.entries[full]
			}
		}
		c.entries = fresh
	}
	var dropped []string
	for i, r := range results {
		ds = append(ds, r.diags...)
		if r.page != nil {
			pages = append(pages, r.page)
		} else if r.diags.HasErrors() {
			dropped = append(dropped, files[i].rel)
		}
	}
	return pages, ds, dropped
}

// readPage reads and parses content/rel, a Markdown file of the given size.
func readPage(fsys fs.FS, rel string, size int64, store YAMLStore) (*Page, diag.List) {
	full := "content/" + rel
	var ds diag.List
	if size > MaxFileSize {
		ds.Add(full, 0, 0, "file is too large (%.1f MB; the limit is %d MB): split it into several pages", float64(size)/(1<<20), MaxFileSize>>20)
		return nil, ds
	}
	raw, err := fs.ReadFile(fsys, full)
	if err != nil {
		ds.Add(full, 0, 0, "cannot read: %v", pathErr(err))
		return nil, ds
	}
	sum := sha256.Sum256(raw)
	check := rawCheck(raw) // before parsePage, which may overwrite raw
	p, ds := parsePage(rel, raw, hex.EncodeToString(sum[:12]), store)
	if p != nil {
		p.rawCheck = check
	}
	return p, ds
}

// isDirty reports whether p or a folder holding it is named in dirty.
func isDirty(dirty map[string]bool, p string) bool {
	if len(dirty) == 0 {
		return false
	}
	for {
		if dirty[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

func copyPage(p *Page) *Page {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// SortPages orders pages by weight (pages without one last), then date
// (newest first), then title, then path.
func SortPages(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Weight != b.Weight {
			if a.Weight == 0 || b.Weight == 0 {
				return b.Weight == 0
			}
			return a.Weight < b.Weight
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.URL < b.URL
	})
}
