package publish

import (
	"fmt"
	"path/filepath"
)

// CheckCacheDir refuses a cache folder the build would read as sources or
// publish: inside (or the same as) the site's content/ or layouts/, or the
// output folder dest. Its files would become pages, copied files or
// assets, and a preview would rebuild every time it writes them. Symbolic
// links are followed first.
func CheckCacheDir(source, dest, cache string) error {
	c, err := realPath(cache)
	if err != nil {
		return err
	}
	src, err := realPath(source)
	if err != nil {
		return err
	}
	suggest := filepath.Join(source, ".cache")
	for _, d := range []string{"content", "layouts"} {
		in := filepath.Join(src, d)
		if c == in || within(c, in) {
			return fmt.Errorf("cache folder %s is inside %s/, whose files the build reads as the site's own and publishes: choose a folder outside content/ and layouts/, such as %s", cache, d, suggest)
		}
	}
	dst, err := realPath(dest)
	if err != nil {
		return err
	}
	if c == dst || within(c, dst) {
		return fmt.Errorf("cache folder %s is inside the output folder %s, so each build would publish it and then replace it: choose a folder outside it, such as %s", cache, dest, suggest)
	}
	return nil
}
