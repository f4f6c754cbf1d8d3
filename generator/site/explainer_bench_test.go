package site_test

import (
	"path/filepath"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// BenchmarkBuildExplainer builds the real explainer (both languages) with a
// warm highlight cache, as `go run ./generator build` does on an editor's
// machine after the first build.
func BenchmarkBuildExplainer(b *testing.B) {
	opts := site.Options{Source: "../..", Dest: filepath.Join(b.TempDir(), "public"), CacheDir: b.TempDir()}
	if _, err := site.Build(opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.Build(opts); err != nil {
			b.Fatal(err)
		}
	}
}
