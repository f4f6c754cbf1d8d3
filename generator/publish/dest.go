package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Marker is the file the generator writes into every output folder. A
// folder holding it was written by the generator, and a later build may
// replace it.
const Marker = ".generator-output"

// markerText is the content of the Marker file.
const markerText = "This folder was written by the site generator (generator build).\n" +
	"Each build replaces everything in it: keep no other files here.\n"

// CheckDest refuses destinations a build must never replace: the root of
// the file system, the home folder, the site's source folder or a folder
// holding it, anything inside content/, layouts/, generator/ or a .git
// folder, and (unless force) an existing folder that holds files but not
// the generator's Marker. Symbolic links in both paths are followed first,
// so a link is no way around the check.
//
// A folder without the marker that looks exactly like the generator's
// output (index.html, 404.html and an assets/ folder at its top, and no
// .git) is adopted: a site built before the marker existed.
func CheckDest(source, dest string, force bool) error {
	src, err := realPath(source)
	if err != nil {
		return err
	}
	dst, err := realPath(dest)
	if err != nil {
		return err
	}
	suggest := filepath.Join(source, "public")
	if filepath.Dir(dst) == dst {
		return fmt.Errorf("output folder %s is the root of the file system; choose a folder such as %s", dest, suggest)
	}
	if home, err := os.UserHomeDir(); err == nil {
		if h, err := realPath(home); err == nil && (h == dst || within(h, dst)) {
			return fmt.Errorf("output folder %s would replace your home folder; choose a folder such as %s", dest, suggest)
		}
	}
	if dst == src || within(src, dst) {
		return fmt.Errorf("output folder %s would replace the site's own sources; choose a folder such as %s", dest, suggest)
	}
	for _, d := range []string{"content", "layouts", "generator"} {
		in := filepath.Join(src, d)
		if dst == in || within(dst, in) {
			return fmt.Errorf("output folder %s is inside %s/; choose a folder such as %s", dest, d, suggest)
		}
	}
	for _, part := range strings.Split(dst, string(filepath.Separator)) {
		if part == ".git" {
			return fmt.Errorf("output folder %s is a .git folder or inside one; choose a folder such as %s", dest, suggest)
		}
	}
	if force {
		return nil
	}
	return checkOwned(dest)
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	return strings.HasPrefix(p, dir+string(filepath.Separator)) || (dir == string(filepath.Separator) && p != dir)
}

// checkOwned returns an error when dest exists and holds files, but
// neither the Marker nor the shape of an earlier build's output.
func checkOwned(dest string) error {
	info, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("output folder %s is a file, not a folder; choose another folder with --dest, or remove the file", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return fmt.Errorf("cannot read output folder %s: %w", dest, err)
	}
	if len(entries) == 0 || looksBuilt(entries) {
		return nil
	}
	for _, e := range entries {
		if e.Name() == Marker && e.Type().IsRegular() {
			return nil
		}
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() {
			n += "/"
		}
		names = append(names, n)
	}
	sort.Strings(names)
	more := ""
	if len(names) > 3 {
		more = fmt.Sprintf(" and %d more", len(names)-3)
		names = names[:3]
	}
	return fmt.Errorf("output folder %s holds files the generator did not write (%s%s), and a build replaces everything in it; "+
		"choose an empty or new folder with --dest, or pass --force to replace its contents", dest, strings.Join(names, ", "), more)
}

// looksBuilt reports whether a folder's entries are those of a site built
// before the generator wrote its Marker: index.html, 404.html and assets/,
// and no .git.
func looksBuilt(entries []fs.DirEntry) bool {
	have := map[string]bool{}
	for _, e := range entries {
		switch n := e.Name(); {
		case n == ".git":
			return false
		case e.IsDir():
			have[n+"/"] = true
		case e.Type().IsRegular():
			have[n] = true
		}
	}
	return have["index.html"] && have["404.html"] && have["assets/"]
}

// WriteMarker writes the Marker file into folder dir.
func WriteMarker(dir string) error {
	return os.WriteFile(filepath.Join(dir, Marker), []byte(markerText), 0o644)
}

// errBusy is returned by lockDest when the other kind of lock is held.
var errBusy = errors.New("busy")

// DestLock is the preview server's hold on its output folder.
type DestLock struct{ f *os.File }

// LockDest takes the preview server's exclusive lock on dest, creating
// the folder when it is missing, so that no build replaces it while the
// server writes into it, and no second server shares it. Release it with
// Close.
func LockDest(dest string) (*DestLock, error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	f, err := lockDest(dest, true)
	if errors.Is(err, errBusy) {
		return nil, fmt.Errorf("output folder %s is in use by another generator serve or build; stop the other server, wait for the build to finish, or preview into another folder with --dest", dest)
	}
	if err != nil {
		return nil, err
	}
	return &DestLock{f: f}, nil
}

// Close releases the lock.
func (l *DestLock) Close() error { return l.f.Close() }
