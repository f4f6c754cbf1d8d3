package site

import (
	"io/fs"
	"regexp"
	"sync"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/content"
	"github.com/nuhw-explainer/kpstrikes/generator/i18n"
	"github.com/nuhw-explainer/kpstrikes/generator/translation"
)

var hashRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{12}$`) })

// checkTranslations warns, for check, at each translation whose original
// changed since the version its translation_hash records, and at each
// translation that records none.
func (b *build) checkTranslations(pages []*content.Page) {
	hashes := map[*content.Page]string{} // the originals' current hashes
	var commits map[string]time.Time
	commitsRead := false
	for _, p := range pages {
		orig := p.Original
		if orig == nil || p.TranslationOf == "" || orig.Path == "" {
			continue
		}
		refresh := "generator new --refresh " + p.Path
		recorded, _ := p.Params[translation.HashField].(string)
		if _, has := p.Params[translation.HashField]; !has {
			pos := p.FieldPos[translation.OfField]
			b.diags.Warn(p.Path, pos.Line, pos.Col, "this translation does not record which version of %s it translates: once it matches the original, run %s (it adds translation_hash)", orig.Path, refresh)
			continue
		}
		pos := p.FieldPos[translation.HashField]
		if !hashRE().MatchString(recorded) {
			b.diags.Warn(p.Path, pos.Line, pos.Col, "translation_hash %q is not a hash that new --refresh writes (12 digits and letters a-f): once the translation matches %s, run %s", recorded, orig.Path, refresh)
			continue
		}
		cur, ok := hashes[orig]
		if !ok {
			src, err := fs.ReadFile(b.opts.FS, orig.Path)
			if err == nil {
				cur, err = translation.Hash(orig.Path, src)
			}
			if err != nil {
				continue // the original's own problems are reported at it
			}
			hashes[orig] = cur
		}
		if cur == recorded {
			continue
		}
		if !commitsRead {
			commitsRead = true
			commits, _ = b.lastCommits()
		}
		when := b.changedWhen(orig, commits)
		b.diags.Warn(p.Path, pos.Line, pos.Col, "the %s original %s changed %s since this translation: update the translation to match, then run %s", langName(orig), orig.Path, when, refresh)
	}
}

// changedWhen says when the original last changed, and how that is known:
// its last git commit, else its updated date, else its file's time.
func (b *build) changedWhen(orig *content.Page, commits map[string]time.Time) string {
	if t, ok := commits[orig.Path]; ok {
		return "on " + i18n.APDate(t) + " (its last git commit)"
	}
	if _, ok := orig.FieldPos["updated"]; ok && !orig.Updated.IsZero() {
		return "on or before " + i18n.APDate(orig.Updated) + " (its updated: date; the site is not in git, or the file is not committed)"
	}
	if info, err := fs.Stat(b.opts.FS, orig.Path); err == nil {
		return "on " + i18n.APDate(info.ModTime().UTC()) + " (the file's modification time; the site is not in git, or the file is not committed)"
	}
	return "(when is unknown)"
}

func langName(p *content.Page) string {
	if p.Language != nil && p.Language.Name != "" {
		return p.Language.Name
	}
	return "default-language"
}

// Untranslated lists the pages of the default language that one other
// language has no translation of.
type Untranslated struct {
	Code, Name string   // the language
	Paths      []string // content/…, in path order
}

func untranslated(s *content.Site) []Untranslated {
	var out []Untranslated
	for _, l := range s.Languages {
		if l.Default {
			continue
		}
		u := Untranslated{Code: l.Code, Name: l.Name}
		for _, p := range content.Untranslated(s, l) {
			u.Paths = append(u.Paths, p.Path)
		}
		out = append(out, u)
	}
	return out
}
