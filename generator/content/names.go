package content

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/nearest"
	"go.yaml.in/yaml/v3"
)

// didYouMean suggests the closest candidate to s, in lower case, within an
// edit distance of 2.
func didYouMean(s string, candidates []string) string {
	return DidYouMean(strings.ToLower(s), candidates, 2)
}

// DidYouMean suggests the candidate closest to s within maxDist edits, as
// ` (did you mean "x"?)`, or returns "". Among equally close candidates the
// first wins.
func DidYouMean(s string, candidates []string, maxDist int) string {
	best := nearest.Name(s, candidates, maxDist)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// UnknownFieldHint returns the did-you-mean suffix for an unknown front
// matter field.
func UnknownFieldHint(field string) string {
	if field == "author" {
		return " (bylines come from authors: [key], with each key listed in content/data/authors.yaml; generator import hugo writes both)"
	}
	return didYouMean(field, KnownFields)
}

// SourceHint suggests a key of s's citation registry close to an unknown
// one.
func SourceHint(s *Site, key string) string {
	return DidYouMean(key, sortedKeys(s.SourceByKey), 3)
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// settingNames reads a setting that lists names: a list of texts, or one
// text.
func settingNames(v *yaml.Node, ds *diag.List) []string {
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
		return []string{v.Value}
	}
	if v.Kind != yaml.SequenceNode {
		if v.Tag != "!!null" {
			*ds = append(*ds, fieldError(settingsPath, v, 0, "this setting must be a list, such as [tags, categories]"))
		}
		return nil
	}
	var out []string
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode || strings.TrimSpace(c.Value) == "" {
			*ds = append(*ds, fieldError(settingsPath, c, 0, "each item of this list must be a name"))
			continue
		}
		out = append(out, strings.TrimSpace(c.Value))
	}
	return out
}
