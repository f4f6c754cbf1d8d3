package content

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
)

// CalloutKind is one kind of callout ("> [!NOTE]"): its name as written
// between "[!" and "]" (lower case), the label shown above it and whether
// two or more in a row stand side by side.
type CalloutKind struct {
	Name  string
	Label string
	Pair  bool
}

// DefaultCallouts are GitHub's alert kinds, which every site has. A site
// changes their labels, and adds kinds, with the "callouts" setting.
var DefaultCallouts = []CalloutKind{
	{Name: "note", Label: "Note"},
	{Name: "tip", Label: "Tip"},
	{Name: "important", Label: "Important"},
	{Name: "warning", Label: "Warning"},
	{Name: "caution", Label: "Caution"},
}

// DefaultEmbedHosts are the hosts whose pages a site may embed when its
// settings do not list them.
var DefaultEmbedHosts = []string{"www.youtube-nocookie.com", "www.documentcloud.org", "datawrapper.dwcdn.net"}

// DefaultImageWidths are the widths of responsive versions of photos.
var DefaultImageWidths = []int{640, 1024, 1600}

// parseCallouts reads the "callouts" setting: a map from kind name to
// {label, pair}. Kinds named like GitHub's change their label.
func parseCallouts(v *yaml.Node, ds *diag.List) []CalloutKind {
	kinds := append([]CalloutKind(nil), DefaultCallouts...)
	if v.Kind != yaml.MappingNode {
		if v.Tag != "!!null" {
			*ds = append(*ds, fieldError(settingsPath, v, 0, "field \"callouts\" must be a map of kinds, such as\n  unknown: {label: \"What we don't know\"}"))
		}
		return kinds
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		name := strings.ToLower(k.Value)
		if !validKindName(name) {
			*ds = append(*ds, fieldError(settingsPath, k, 0, "callout kind %q: use letters, digits and \"-\" only, starting with a letter", k.Value))
			continue
		}
		kind := CalloutKind{Name: name}
		idx := -1
		for j, c := range kinds {
			if c.Name == name {
				idx, kind = j, c
			}
		}
		if val.Kind != yaml.MappingNode {
			*ds = append(*ds, fieldError(settingsPath, val, 0, "callout kind %q must be a map such as {label: \"Kaiser says\", pair: true}", k.Value))
			continue
		}
		for j := 0; j+1 < len(val.Content); j += 2 {
			fk, fv := val.Content[j], val.Content[j+1]
			switch fk.Value {
			case "label":
				if fv.Kind != yaml.ScalarNode || strings.TrimSpace(fv.Value) == "" {
					*ds = append(*ds, fieldError(settingsPath, fv, 0, "the label of callout kind %q must be text", k.Value))
					continue
				}
				kind.Label = strings.TrimSpace(fv.Value)
			case "pair":
				if fv.Kind != yaml.ScalarNode || fv.Tag != "!!bool" {
					*ds = append(*ds, fieldError(settingsPath, fv, 0, "the pair of callout kind %q must be true or false, without quotes", k.Value))
					continue
				}
				kind.Pair = strings.EqualFold(fv.Value, "true")
			default:
				ds.Warn(settingsPath, fk.Line, fk.Column, "unknown callout field %q%s", fk.Value, didYouMean(fk.Value, []string{"label", "pair"}))
			}
		}
		if kind.Label == "" {
			*ds = append(*ds, fieldError(settingsPath, val, 0, "callout kind %q needs a label, the text shown above it", k.Value))
			continue
		}
		if idx >= 0 {
			kinds[idx] = kind
		} else {
			kinds = append(kinds, kind)
		}
	}
	return kinds
}

func validKindName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// parseEmbedHosts reads the "embed_hosts" setting: a list of host names.
func parseEmbedHosts(v *yaml.Node, ds *diag.List) []string {
	if v.Kind != yaml.SequenceNode {
		*ds = append(*ds, fieldError(settingsPath, v, 0, "field \"embed_hosts\" must be a list of host names, such as [www.youtube-nocookie.com]"))
		return DefaultEmbedHosts
	}
	hosts := []string{}
	for _, c := range v.Content {
		h := strings.ToLower(strings.TrimSpace(c.Value))
		if c.Kind != yaml.ScalarNode || h == "" || strings.ContainsAny(h, "/:?# ") {
			*ds = append(*ds, fieldError(settingsPath, c, 0, "embed host %q: write a host name only, such as www.youtube-nocookie.com (no https://, no path)", c.Value))
			continue
		}
		hosts = append(hosts, h)
	}
	return hosts
}

// parseImageWidths reads the "image_widths" setting: a list of widths in
// pixels, or an empty list for no responsive versions.
func parseImageWidths(v *yaml.Node, ds *diag.List) []int {
	if v.Kind != yaml.SequenceNode {
		*ds = append(*ds, fieldError(settingsPath, v, 0, "field \"image_widths\" must be a list of widths in pixels, such as [640, 1024, 1600]"))
		return DefaultImageWidths
	}
	widths := []int{}
	for _, c := range v.Content {
		n, err := strconv.Atoi(c.Value)
		if c.Kind != yaml.ScalarNode || err != nil || n < 16 || n > 8192 {
			*ds = append(*ds, fieldError(settingsPath, c, 0, "image width %q must be a whole number of pixels from 16 to 8192", c.Value))
			continue
		}
		widths = append(widths, n)
	}
	return widths
}
