package langtag

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for code, want := range map[string]string{
		"en": "", "es": "", "es-US": "", "pt-BR": "", "zh-Hant-TW": "", "yue": "", "es-419": "",
		"":              "is empty",
		"en_US":         "letters, digits and -",
		`en" onclick=x`: "letters, digits and -",
		"english":       "is not a language tag",
		"Spanish":       "is not a language tag",
		"e":             "is not a language tag",
		"1a":            "is not a language tag",
		"en-":           "is not a language tag",
		"en-toolongsub": "is not a language tag",
	} {
		got := Check(code)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("Check(%q) = %q, want %q", code, got, want)
		}
	}
}
