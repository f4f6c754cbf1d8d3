package sitecheck

import (
	"fmt"
	"strings"
)

// Checks of how a page is laid out for a reader on a phone, beyond what
// axe-core looks at. They read the explainer's own markup: the site header's
// navigation (the first nav in the page's header), citation links
// (sup.cite a) and their back-links in source lists (.backrefs a), the
// language switcher (links with hreflang in the header), and the text (the home page's .story-points, else the first paragraph or list item
// of .prose).

// minTarget is the smallest width and height, in CSS px, of a citation
// link, a back-link or a language link (WCAG 2.2 target size, 2.5.8).
const minTarget = 24

// maxNavLines is how many lines the site navigation may take on a phone.
const maxNavLines = 2

// layoutReport is what layoutJS measures.
type layoutReport struct {
	NavLines      int      `json:"navLines"`      // lines the header's navigation links take; 0 without one
	SmallTargets  []string `json:"smallTargets"`  // citation links smaller than minTarget
	Targets       int      `json:"targets"`       // citation links measured
	SmallLangs    []string `json:"smallLangs"`    // language links (header a[hreflang]) smaller than minTarget
	LangLinks     int      `json:"langLinks"`     // language links measured
	FirstSentence string   `json:"firstSentence"` // the first sentence of the text
	SentenceEnd   float64  `json:"sentenceEnd"`   // its bottom edge, in CSS px from the top of the page
	WindowHeight  int      `json:"windowHeight"`
	Dark          bool     `json:"dark"` // the page sees prefers-color-scheme: dark
}

// layoutJS measures the page as loaded, before any scrolling.
var layoutJS = `(() => {
	const r = {navLines: 0, smallTargets: [], targets: 0, smallLangs: [], langLinks: 0, firstSentence: '', sentenceEnd: -1,
		windowHeight: window.innerHeight, dark: matchMedia('(prefers-color-scheme: dark)').matches};
	const nav = document.querySelector('header nav');
	if (nav) {
		const tops = new Set();
		for (const a of nav.querySelectorAll('a')) {
			const b = a.getBoundingClientRect();
			if (b.width > 0 && b.height > 0) tops.add(Math.round(b.top + window.scrollY));
		}
		// Links on one line may differ by a pixel or two (a bold current link).
		const sorted = [...tops].sort((a, b) => a - b);
		let lines = 0, last = -1e9;
		for (const t of sorted) { if (t - last > 4) { lines++; last = t; } }
		r.navLines = lines;
	}
	const measure = (selector, small, count) => {
		for (const a of document.querySelectorAll(selector)) {
			const b = a.getBoundingClientRect();
			if (b.width === 0 && b.height === 0) continue;
			r[count]++;
			if (b.width < ` + fmt.Sprint(minTarget) + ` - 0.01 || b.height < ` + fmt.Sprint(minTarget) + ` - 0.01) {
				if (r[small].length < 5) {
					r[small].push('"' + a.textContent + '" (' + b.width.toFixed(1) + '×' + b.height.toFixed(1) + 'px, href ' + a.getAttribute('href') + ')');
				}
			}
		}
	};
	measure('sup.cite a, .backrefs a', 'smallTargets', 'targets');
	measure('header a[hreflang]', 'smallLangs', 'langLinks');
	const first = document.querySelector('main .story-points li, main .prose > p, main .prose > ul > li, main .prose > ol > li');
	if (first) {
		// The first sentence ends at the first ".", "!" or "?" followed by a
		// space or the end of the text.
		const walker = document.createTreeWalker(first, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		range.setStart(first, 0);
		let text = '', node, found = false;
		while ((node = walker.nextNode())) {
			const s = node.nodeValue;
			for (let i = 0; i < s.length; i++) {
				text += s[i];
				if ('.!?'.includes(s[i]) && (i + 1 === s.length || /\s/.test(s[i + 1]))) {
					range.setEnd(node, i + 1);
					found = true;
					break;
				}
			}
			if (found) break;
		}
		if (!found) range.selectNodeContents(first);
		r.firstSentence = text.replace(/\s+/g, ' ').trim();
		r.sentenceEnd = range.getBoundingClientRect().bottom + window.scrollY;
	}
	return r;
})()`

// layoutProblems lists what is wrong with the page's layout at the width of
// vp.
func (r pageReport) layoutProblems(vp viewport) []string {
	var ps []string
	l := r.Layout
	if l.Dark != vp.dark {
		ps = append(ps, fmt.Sprintf("the page sees prefers-color-scheme dark = %v, want %v", l.Dark, vp.dark))
	}
	if len(l.SmallTargets) > 0 {
		ps = append(ps, fmt.Sprintf("citation links smaller than %d×%d px (WCAG 2.5.8): %s",
			minTarget, minTarget, strings.Join(l.SmallTargets, ", ")))
	}
	if len(l.SmallLangs) > 0 {
		ps = append(ps, fmt.Sprintf("language links smaller than %d×%d px (WCAG 2.5.8): %s",
			minTarget, minTarget, strings.Join(l.SmallLangs, ", ")))
	}
	if !vp.phone() {
		return ps
	}
	if l.NavLines > maxNavLines {
		ps = append(ps, fmt.Sprintf("the site navigation takes %d lines at %dpx; at most %d", l.NavLines, vp.width, maxNavLines))
	}
	if l.SentenceEnd > float64(l.WindowHeight) {
		ps = append(ps, fmt.Sprintf("the first sentence of the text ends %.0fpx down, below the fold at %dpx: %q",
			l.SentenceEnd, l.WindowHeight, oneLine(l.FirstSentence, 80)))
	}
	return ps
}
