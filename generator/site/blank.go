package site

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// blankPages records which pages a layout rendered to nothing but white
// space, to report a layout that does so for every page using it (the
// layout loader catches the plain cases: an empty base layout, blocks
// without one).
type blankPages struct {
	mu  sync.Mutex
	now map[string]bool // output path → rendered blank, for pages rendered by this build
	// all holds every blank page of the build, those whose output a
	// Builder reused included: kept for the next build when this one is
	// good.
	all map[string]bool
}

// noteBlank records whether page p's layout wrote only white space.
func (b *build) noteBlank(p *content.Page, blank bool) {
	b.blank.mu.Lock()
	defer b.blank.mu.Unlock()
	if b.blank.now == nil {
		b.blank.now = map[string]bool{}
	}
	b.blank.now[p.OutPath] = blank
}

// checkBlankLayouts reports each layout that rendered every page using it
// blank. prev holds the blank pages of the last good build, for the pages
// this build did not render again.
func (b *build) checkBlankLayouts(prev map[string]bool) {
	all := map[string]bool{}
	byTmpl := map[string][]*content.Page{}
	for p, n := range b.tmplOf {
		byTmpl[n] = append(byTmpl[n], p)
		blank, ok := b.blank.now[p.OutPath]
		if !ok {
			blank = prev[p.OutPath]
		}
		if blank {
			all[p.OutPath] = true
		}
	}
	b.blank.all = all
	for _, n := range slices.Sorted(maps.Keys(byTmpl)) {
		pages := byTmpl[n]
		blank := true
		for _, p := range pages {
			blank = blank && all[p.OutPath]
		}
		if !blank {
			continue
		}
		sort.Slice(pages, func(i, j int) bool {
			if (pages[i].Path == "") != (pages[j].Path == "") {
				return pages[i].Path != ""
			}
			return pages[i].URL < pages[j].URL
		})
		which := pages[0].Path
		if which == "" {
			which = "the generated page " + pages[0].URL
		}
		they := "so it would be blank"
		if len(pages) == 1 {
			which += ", the only page that uses it"
		} else {
			which = fmt.Sprintf("any of the %d pages that use it (such as %s)", len(pages), which)
			they = "so they would be blank"
		}
		d := diag.Diagnostic{Path: "layouts/" + n, Line: 1, Col: 1, Msg: fmt.Sprintf(
			"the layout wrote nothing for %s, %s: check its {{ if }} and {{ with }} conditions (if the file was being saved, save it again)", which, they)}
		if b.layouts.FillsBase(n) {
			d.Path = "layouts/base.html"
			d.Msg = fmt.Sprintf("with the blocks of layouts/%s, the base layout wrote nothing for %s, %s: check its {{ if }} and {{ with }} conditions and that its {{ block }} names match the {{ define }} names of layouts/%s", n, which, they, n)
		}
		b.diags = append(b.diags, d)
	}
}
