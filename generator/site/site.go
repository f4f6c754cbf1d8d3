// Package site builds a site: it runs the stages that turn content/ and
// layouts/ into the files of public/.
//
// The stages, in order, named as Result.Stages and build --verbose name
// them:
//
//  1. content: settings, data, the citation registry and every page
//     (package content), in parallel; the layouts' strings and templates
//     are parsed beside it, as soon as the settings name the languages;
//  2. layouts: hashed assets, the parsed layouts (package layout) put in
//     place and each page's layout found;
//  3. markdown: every page's body to HTML (package markdown) on all cores,
//     resolving links and citations as it goes; what it makes of a page is
//     a record owned by this package, not a change to the page;
//  4. check: anchors of links between pages, pages that must cite sources;
//  5. render: each page through its layout, which sees it as a Page (the
//     source page joined with its record, recording what it reads of
//     other pages), links made relative;
//  6. extras: aliases, sitemap.xml, atom.xml feeds, robots.txt, assets and
//     copied content files;
//  7. write: the output into place: a one-off build swaps its staging
//     folder in (package publish); a Builder's rebuild writes the files
//     that changed.
//
// Every stage reports all the problems it finds as diag.Diagnostics; a
// build with any error writes nothing. Build writes into a staging folder
// and swaps it into place only on success (package publish). A Builder
// keeps state between builds so that the preview server re-renders only
// what an edit touched, with output identical to a clean Build.
package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/safefs"
	"github.com/nuhw-explainer/kpstrikes/generator/publish"
)

// Options configure a build.
type Options struct {
	Source   string // site root on disk (holds content/ and layouts/)
	FS       fs.FS  // site root; defaults to os.DirFS(Source)
	Dest     string // output folder; defaults to Source/public
	BaseURL  string // overrides site.yaml's base_url
	Drafts   bool   // include draft pages
	CacheDir string // highlight cache folder; "" = the user cache folder
	NoCache  bool   // do not read or write the highlight cache
	// NoHighlight renders code blocks as plain escaped text, without
	// syntax highlighting.
	NoHighlight bool
	// AsOf is "now" for publish_at and expires (--as-of); zero means the
	// clock at the start of each build.
	AsOf time.Time
	// AsOfLocal says AsOf was written without a time zone: its wall clock
	// is read in the site's timezone setting.
	AsOfLocal bool
	// Schedule, when not nil, is called once the pages are loaded with
	// the pages publish_at leaves out (soonest first), those expires
	// leaves out, and when the set of published pages next changes (zero:
	// nothing is scheduled).
	Schedule func(waiting, expired []*content.Withheld, next time.Time)
	// External makes Check also check every external web address of the
	// sources and pages (check --external); HTTPClient is the client it
	// uses (nil: its own). Nothing else opens a network connection.
	External   bool
	HTTPClient *http.Client
	// Untranslated, when not nil, is called by Check once the pages are
	// loaded with, for each language but the default, the pages of the
	// default language that have no translation into it.
	Untranslated func([]Untranslated)
	// LinksWarn reports broken links as warnings instead of errors, for
	// a first build of a site moved from another generator.
	LinksWarn bool
	// Force lets Build and NewBuilder replace an output folder that holds
	// files the generator did not write (never the source, the home
	// folder or the root; see publish.CheckDest).
	Force bool
	// Context, when not nil, stops Build when it is done (Ctrl-C): the
	// staging folder is removed, Dest is left as it was, and Build
	// returns ErrInterrupted at once, even while a page still renders.
	Context context.Context
	// Progress, when not nil, is called as the pages' files are read
	// and the pages converted and rendered, from several goroutines,
	// with the stage name ("content", "markdown" or "render"), how many
	// are done and how many there are. The "content" stage reports done
	// 0 as soon as the number of Markdown files is known.
	Progress func(stage string, done, total int)
}

func (o *Options) fill() {
	if o.Source == "" {
		o.Source = "."
	}
	if o.FS == nil {
		o.FS = safefs.Dir(o.Source, maxInputFile)
	}
	if o.Dest == "" {
		o.Dest = filepath.Join(o.Source, "public")
	}
}

// maxInputFile is the largest file of the site that is read whole (a
// copied PDF or video, a data file); Markdown pages have their own,
// smaller limit.
const maxInputFile = 256 << 20

// Result describes a finished build.
type Result struct {
	Pages    int // HTML pages rendered (aliases not counted)
	Files    int // files in the output
	Rendered int // pages whose layout actually ran (rebuilds skip unchanged ones)
	// RenderedFromCache counts the pages whose output came from the render
	// cache (a one-off build's layouts did not run for them).
	RenderedFromCache int
	Converted         int           // pages whose Markdown was converted
	FromCache         int           // pages whose converted Markdown came from the Markdown cache
	Changed           []string      // output paths written or removed (Builder only)
	Diags             diag.List     // warnings (and errors, when the build failed)
	BaseURL           string        // the base URL the site was built for, or ""
	Elapsed           time.Duration // wall time
	Stages            []Stage       // wall time of each stage, in order
	Quick             bool
	// Images counts the image files published; ImagesEncoded the resized
	// or re-encoded files made for them (the others came from the cache).
	Images, ImagesEncoded int      // a Builder rebuild that re-read and rendered only the edited pages
	Notes                 []string // things the user should know about how the output was written
	// Waiting lists the pages left out until their publish_at, soonest
	// first; NextChange is when the set of published pages next changes.
	Waiting    []*content.Withheld
	NextChange time.Time
}

// Stage is the wall time one stage of a build took.
type Stage struct {
	Name string // content, layouts, markdown, check, render, extras, write
	Took time.Duration
	CPU  time.Duration // CPU time of the whole process meanwhile; 0 where unknown
}

// ErrInterrupted is returned by Build when Options.Context ended first.
var ErrInterrupted = errors.New("the build was interrupted; the output folder was not changed")

// Build builds the site into opts.Dest. On any error it returns a
// diag.List (or another error) and leaves Dest untouched.
func Build(opts Options) (*Result, error) {
	if opts.Context == nil {
		return build1(opts, &stopper{})
	}
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	st := &stopper{}
	go func() {
		res, err := build1(opts, st)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-opts.Context.Done():
		st.stop()
		// A build that finished meanwhile has its result.
		select {
		case o := <-done:
			if o.err == nil {
				return o.res, nil
			}
		default:
		}
		return nil, ErrInterrupted
	}
}

// stopper aborts a build's staging folder when the build is interrupted.
type stopper struct {
	mu      sync.Mutex
	stopped bool
	stage   *publish.Staging
}

// set records the staging folder; it is aborted at once when the build
// was interrupted before.
func (s *stopper) set(stage *publish.Staging) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stage = stage
	if s.stopped {
		stage.Abort()
	}
}

// stop removes the staging folder; later writes into it fail.
func (s *stopper) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.stage != nil {
		s.stage.Abort()
	}
}

func build1(opts Options, st *stopper) (*Result, error) {
	opts.fill()
	start := time.Now()
	if err := publish.CheckDest(opts.Source, opts.Dest, opts.Force); err != nil {
		return nil, err
	}
	if err := checkCacheDir(opts); err != nil {
		return nil, err
	}
	cache := openCache(opts)
	b := newBuild(opts, cache, newMemo(false))
	b.out = discard{}
	// A one-off build keeps neither the pages' Markdown nor their HTML in
	// memory between stages (its memo keeps nothing, and spill).
	b.spill = newSpill()
	defer b.closeSpill()
	b.md, b.yaml = openMDCache(opts), openYAMLCache(opts)
	defer b.closeMD(false)
	if b.md != nil { // render keys name conversions by their Markdown cache keys (conversionID)
		b.rcache = openRenderCache(opts)
		defer b.closeRender(false)
	}
	if b.load(); b.diags.HasErrors() {
		b.render() // find the problems of the later stages too
		return b.fail()
	}
	stage, err := publish.NewStaging(opts.Dest)
	if err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	st.set(stage)
	b.out = stage
	b.render()
	if err := b.closeSpill(); err != nil {
		stage.Abort()
		return nil, fmt.Errorf("cannot keep the pages' HTML in a temporary file: %w", err)
	}
	// Committed whether the later stages found errors or not: what the
	// build converted is right, and the next build, after a fix, needs it.
	if err := b.closeMD(true); err != nil {
		stage.Abort()
		return nil, fmt.Errorf("cannot read the pages' HTML back from the Markdown cache: %w", err)
	}
	if b.diags.HasErrors() {
		stage.Abort()
		return b.fail()
	}
	if err := stage.Commit(); err != nil {
		stage.Abort()
		return nil, fmt.Errorf("cannot replace %s: %w", opts.Dest, err)
	}
	b.lap("write")
	b.closeRender(b.renderDiags == 0)
	b.saveHighlights(cache)
	res := b.result(start)
	if why := stage.InPlace(); why != "" {
		res.Notes = append(res.Notes, fmt.Sprintf("%s %s, so its contents were replaced entry by entry instead of all at once", opts.Dest, why))
	}
	return res, nil
}

// Check runs every stage but writes nothing, and returns all diagnostics,
// warnings included, with the editorial checks of `generator check`.
func Check(opts Options, now time.Time) diag.List {
	opts.fill()
	if err := checkCacheDir(opts); err != nil {
		return diag.List{{Path: filepath.ToSlash(filepath.Clean(opts.CacheDir)), Msg: err.Error()}}
	}
	b := newBuild(opts, openCache(opts), newMemo(false))
	b.check = true
	if opts.AsOf.IsZero() {
		b.now = now
	}
	b.out = discard{}
	b.md, b.yaml = openMDCache(opts), openYAMLCache(opts)
	defer b.closeMD(false)
	b.load()
	if opts.Untranslated != nil && b.site != nil {
		opts.Untranslated(untranslated(b.site))
	}
	b.render()
	if opts.External && b.site != nil {
		b.checkExternal()
	}
	if err := b.closeMD(true); err != nil {
		b.addDiags(diag.Diagnostic{Path: filepath.ToSlash(cacheDir(opts)), Msg: "cannot read the pages' HTML back from the Markdown cache: " + err.Error()})
	}
	b.diags.Sort()
	return b.diags
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// checkCacheDir refuses a --cache-dir the build would read as sources or
// publish (see publish.CheckCacheDir).
func checkCacheDir(opts Options) error {
	if opts.CacheDir == "" {
		return nil
	}
	return publish.CheckCacheDir(opts.Source, opts.Dest, opts.CacheDir)
}

// cacheDir is the build's cache folder, which keeps highlighted code,
// converted Markdown, encoded images and external link results: --cache-dir, else
// kpstrikes-generator in the user's cache folder; "" with --no-cache or
// when the user has no cache folder.
func cacheDir(opts Options) string {
	if opts.NoCache {
		return ""
	}
	if opts.CacheDir != "" {
		return opts.CacheDir
	}
	ucd, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(ucd, "kpstrikes-generator")
}

func openCache(opts Options) *highlight.Cache {
	dir := cacheDir(opts)
	if dir == "" {
		return nil
	}
	c, err := highlight.OpenCache(dir)
	if err != nil {
		return nil
	}
	return c
}
