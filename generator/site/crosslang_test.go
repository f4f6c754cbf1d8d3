package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

const crossSite = `
-- content/site.yaml --
title: Cross
languages:
  - {code: en, name: English}
  - {code: es, name: Español}
-- content/settlement.md --
---
title: Settlement
description: The deal.
---
See [the timeline](timeline.md) and [el acuerdo](es/acuerdo.md).
Also [la cronología](es/cronologia.md).
-- content/es/cronologia.md --
---
title: Cronología
description: Cuándo.
translation_of: timeline.md
translation_hash: 000000000000
---
Fechas.
-- content/timeline.md --
---
title: Timeline
description: When.
---
Dates.
-- content/es/acuerdo.md --
---
title: Acuerdo
description: El trato.
translation_of: settlement.md
translation_hash: 000000000000
---
Vea [la cronología](../timeline.md), [el original](../settlement.md "lang:en"),
[otro](../timeline.md "lang:fr") y [este](acuerdo.md).
-- layouts/page.html --
{{ .Content }}
-- layouts/section.html --
{{ .Title }}
`

// TestCheckFlagsLinksBetweenLanguagesUnlessMarked: a link to a page of
// another language is a warning in check unless its title is
// "lang:CODE" with the target's language, which becomes hreflang.
func TestCheckFlagsLinksBetweenLanguagesUnlessMarked(t *testing.T) {
	dir := sitetest.FromArchive(t, crossSite)
	var got []string
	for _, l := range strings.Split(diagLines(Check(Options{Source: dir, NoCache: true}, testNow)), "\n") {
		if strings.Contains(l, "link to") {
			got = append(got, l)
		}
	}
	want := []string{
		`content/es/acuerdo.md:7:5: warning: link to content/timeline.md, a page in English, from a page in Español: link to its Español version content/es/cronologia.md instead, or if readers should go to the English page, mark the link with the title "lang:en": [text](../timeline.md "lang:en")`,
		`content/es/acuerdo.md:8:1: warning: link to content/timeline.md is marked "lang:fr", but that page is in English (en): write "lang:en"`,
		`content/settlement.md:5:37: warning: link to content/es/acuerdo.md, a page in Español, from a page in English: if readers should go to the Español page, mark the link with the title "lang:es": [text](es/acuerdo.md "lang:es")`,
		`content/settlement.md:6:6: warning: link to content/es/cronologia.md, a page in Español, from a page in English: link to its English version content/timeline.md instead, or if readers should go to the Español page, mark the link with the title "lang:es": [text](es/cronologia.md "lang:es")`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := Build(Options{Source: dir, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "public/es/acuerdo/index.html"))
	if !strings.Contains(string(b), `<a href="../../settlement/index.html" hreflang="en">el original</a>`) {
		t.Errorf("the marked link should carry hreflang:\n%s", b)
	}
}
