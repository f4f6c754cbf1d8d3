package site

import (
	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// calloutKinds converts the site's callout settings for the converter.
func calloutKinds(s *content.Site) []markdown.CalloutKind {
	kinds := make([]markdown.CalloutKind, len(s.Callouts))
	for i, k := range s.Callouts {
		kinds[i] = markdown.CalloutKind{Name: k.Name, Label: k.Label, Pair: k.Pair}
	}
	return kinds
}
