package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckCacheDirRefusesSourcesAndOutput(t *testing.T) {
	src := t.TempDir()
	dest := filepath.Join(src, "public")
	for _, d := range []string{"content", "layouts/assets", "public"} {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	outside := t.TempDir()
	link := filepath.Join(outside, "link")
	if err := os.Symlink(filepath.Join(src, "content"), link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ cache, want string }{
		{filepath.Join(src, "content", ".cache"), "inside content/"},
		{filepath.Join(src, "content", "cache", "deeper"), "inside content/"},
		{filepath.Join(src, "content"), "inside content/"},
		{filepath.Join(src, "layouts", "assets", "cache"), "inside layouts/"},
		{filepath.Join(link, "cache"), "inside content/"},
		{filepath.Join(dest, "cache"), "inside the output folder"},
		{filepath.Join(src, ".cache"), ""},
		{filepath.Join(outside, "cache"), ""},
		{src, ""},
	} {
		err := CheckCacheDir(src, dest, c.cache)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("CheckCacheDir(%s) = %v; want %q", c.cache, err, c.want)
		}
	}
}
