package translation

import (
	"strings"
	"testing"
)

const original = `---
# The settlement page.
title: The settlement
description: What Kaiser agreed to.
date: 2023-10-12
updated: 2026-11-01
slug: the-settlement
aliases: [/old/]
weight: 2
key_numbers:
  - value: $50 million
    label: fine
---

Kaiser agreed to pay [@dmhc-2023].

## The fine {#the-fine}

Text.
`

func TestHashIgnoresWhitespaceAndOtherFieldsButNotText(t *testing.T) {
	h, err := Hash("content/settlement.md", []byte(original))
	if err != nil || len(h) != 12 {
		t.Fatalf("Hash = %q, %v", h, err)
	}
	same := []string{
		strings.Replace(original, "updated: 2026-11-01", "updated: 2026-11-30", 1),
		strings.Replace(original, "title: The settlement", "title:   The  settlement", 1),
		strings.Replace(original, "Kaiser agreed to pay", "Kaiser agreed\nto pay", 1),
		strings.ReplaceAll(original, "\n", "\r\n"),
		strings.Replace(original, "weight: 2\n", "", 1),
	}
	for _, s := range same {
		if g, _ := Hash("x.md", []byte(s)); g != h {
			t.Errorf("hash changed for a change that is not text:\n%s", s)
		}
	}
	differ := []string{
		strings.Replace(original, "Kaiser agreed to pay", "Kaiser agreed to pay twice", 1),
		strings.Replace(original, "title: The settlement", "title: The deal", 1),
		strings.Replace(original, "What Kaiser agreed to.", "What Kaiser signed.", 1),
	}
	for _, s := range differ {
		if g, _ := Hash("x.md", []byte(s)); g == h {
			t.Errorf("hash unchanged for a change of text:\n%s", s)
		}
	}
}

func TestStartCopiesFrontMatterAndText(t *testing.T) {
	out, err := Start("content/settlement.md", []byte(original), "settlement.md")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := Hash("x", []byte(original))
	want := `---
# The settlement page.
title: The settlement
description: What Kaiser agreed to.
translation_of: settlement.md
translation_hash: ` + h + `
date: 2023-10-12
updated: 2026-11-01
weight: 2
key_numbers:
  - value: $50 million
    label: fine
draft: true
---

Kaiser agreed to pay [@dmhc-2023].

## The fine {#the-fine}

Text.
`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if _, err := Start("content/x.md", []byte("+++\ntitle = \"X\"\n+++\nBody\n"), "x.md"); err == nil || !strings.Contains(err.Error(), "TOML front matter") {
		t.Errorf("TOML: %v", err)
	}
	if _, err := Start("content/x.md", []byte("---\ntitle: [\n---\n"), "x.md"); err == nil || !strings.HasPrefix(err.Error(), "content/x.md:") {
		t.Errorf("bad YAML: %v", err)
	}
}

func TestSetHashRewritesOnlyThatLine(t *testing.T) {
	tr := "---\ntitle: El acuerdo\ntranslation_of: settlement.md\ntranslation_hash: \"aaaaaaaaaaaa\"  # set by new --translate\nweight: 2\n---\n\nTexto.\n"
	out, err := SetHash("content/es/acuerdo.md", []byte(tr), "0123456789ab")
	want := strings.Replace(tr, `"aaaaaaaaaaaa"`, "0123456789ab", 1)
	if err != nil || string(out) != want {
		t.Errorf("got %q, %v\nwant %q", out, err, want)
	}
	noHash := "---\r\ntitle: El acuerdo\r\ntranslation_of: settlement.md\r\n---\r\nTexto.\r\n"
	out, err = SetHash("content/es/acuerdo.md", []byte(noHash), "0123456789ab")
	want = strings.Replace(noHash, "settlement.md\r\n", "settlement.md\r\ntranslation_hash: 0123456789ab\r\n", 1)
	if err != nil || string(out) != want {
		t.Errorf("got %q, %v\nwant %q", out, err, want)
	}
	out, _ = SetHash("content/es/acuerdo.md", []byte(tr), "012345678901")
	if !strings.Contains(string(out), `translation_hash: "012345678901"  # set`) {
		t.Errorf("a hash of digits only must be quoted, or YAML reads a number:\n%s", out)
	}
	if _, err := SetHash("content/es/x.md", []byte("---\ntitle: X\n---\n"), "0123456789ab"); err == nil || !strings.Contains(err.Error(), "content/es/x.md:1:1: no translation_of") {
		t.Errorf("not a translation: %v", err)
	}
}
