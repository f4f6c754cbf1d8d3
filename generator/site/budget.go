package site

import (
	"bytes"
	"fmt"
)

// Limits of a page's Markdown that keep goldmark's conversion of any page
// to about a second: past them its time or memory grows faster than the
// input (50,000 unclosed "[a](" took 16 s, 100,000 link reference
// definitions 10 s, an 8 MB table 2 GB of memory). The check is a cheap
// count before the conversion, so a build stays deterministic.
const (
	maxLinkOpenings = 5000  // "](" sequences
	maxLinkRefDefs  = 5000  // lines that start like "[label]:"
	maxTableLines   = 20000 // lines holding a "|"
)

// markdownBudget returns an error for a page body past one of the limits.
func markdownBudget(body []byte) error {
	if n := bytes.Count(body, []byte("](")); n > maxLinkOpenings {
		return fmt.Errorf("page has %d links or link-like \"](\" sequences; the limit is %d per page: split it into several pages", n, maxLinkOpenings)
	}
	refs, bars := 0, 0
	for line := range bytes.Lines(body) {
		t := bytes.TrimLeft(line, " ")
		if len(line)-len(t) <= 3 && len(t) > 0 && t[0] == '[' {
			if i := bytes.Index(t, []byte("]:")); i > 0 {
				refs++
			}
		}
		if bytes.IndexByte(line, '|') >= 0 {
			bars++
		}
	}
	if refs > maxLinkRefDefs {
		return fmt.Errorf("page has %d link reference definitions ([label]: address); the limit is %d per page: split it into several pages", refs, maxLinkRefDefs)
	}
	if bars > maxTableLines {
		return fmt.Errorf("page has %d table lines (lines with |); the limit is %d per page: split the table, or put the data in a data file", bars, maxTableLines)
	}
	return nil
}
