// Package sitecheck helps tests that check the built site as a whole, the way
// a reader's browser and the W3C checker see it.
//
// The helpers find the repository root (the folder holding go.mod), build the
// real site with the generator into a folder (`go run ./generator build
// --source ROOT --dest DIR`), list the HTML pages of a built site (alias
// redirect pages left out), serve a folder over HTTP on 127.0.0.1, and run the
// Nu HTML checker (vnu.jar) over a folder.
//
// The browser checks themselves (Chromium driven by chromedp, axe-core, no
// horizontal scrolling, no console errors) are in this package's tests, so
// chromedp stays a test-only dependency.
//
// External tools and where they come from:
//
//   - Chromium: Debian's package `chromium` (/usr/bin/chromium).
//   - axe-core and vnu-jar: `npm ci --prefix .ci`, pinned in .ci/package-lock.json;
//     see [AxeScript] and [VNUJar].
//   - Java, to run vnu.jar.
//
// A test that lacks one of them skips, except when the environment variable
// CI is "true", where it fails instead; see [NeedTool]. The packages whose
// tests use NeedTool run them through [RunReportingSkips], so that a plain
// `go test ./...` names what it skipped. `bash .ci/run` installs everything.
package sitecheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Paths of the npm-installed tools, relative to the repository root.
const (
	// AxeScript is the axe-core bundle injected into pages.
	AxeScript = ".ci/node_modules/axe-core/axe.min.js"
	// VNUJar is the Nu HTML checker.
	VNUJar = ".ci/node_modules/vnu-jar/build/dist/vnu.jar"
)

// InCI reports whether the tests run in CI (the environment variable CI is
// "true"), where a missing tool is an error and not a reason to skip.
func InCI() bool {
	return os.Getenv("CI") == "true"
}

// NeedTool stops the test when ok is false: it skips with the message, or,
// in CI (see [InCI]), fails with it.
func NeedTool(tb testing.TB, ok bool, format string, args ...any) {
	tb.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if InCI() {
		tb.Fatalf("%s (CI=true: a missing tool is a failure; `bash .ci/run` installs it)", msg)
	}
	noteSkip(msg)
	tb.Skipf("%s; skipping (run `bash .ci/run`, or install the tool, to run this test)", msg)
}

// RepoRoot returns the nearest folder at or above dir that holds a go.mod file.
func RepoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod in %s or any folder above it", dir)
		}
		d = parent
	}
}

// FindRepoRoot is [RepoRoot] of the working directory; it fails the test when
// there is none.
func FindRepoRoot(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	root, err := RepoRoot(wd)
	if err != nil {
		tb.Fatal(err)
	}
	return root
}

// BuildSite builds the site whose sources are in root into dest by running
// `go run ./generator build --source root --dest dest [extra...]` in root. The
// error holds the generator's output.
//
// Before it runs, BuildSite looks at (stats) every source file of the site and
// the generator, so that `go test` reruns a cached test that built the site
// when any of them changed: the build itself happens in another process, which
// the test cache does not see.
func BuildSite(ctx context.Context, root, dest string, extra ...string) error {
	if err := statInputs(root); err != nil {
		return err
	}
	args := append([]string{"run", "./generator", "build", "--source", root, "--dest", dest}, extra...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out.Bytes())
	}
	return nil
}

// BuildRealSite builds the repository's site (found from the working
// directory) into a new temporary folder of the test and returns the
// repository root and that folder. It fails the test when the build fails.
func BuildRealSite(tb testing.TB) (root, dest string) {
	tb.Helper()
	root = FindRepoRoot(tb)
	dest = filepath.Join(tb.TempDir(), "public")
	if err := BuildSite(tb.Context(), root, dest); err != nil {
		tb.Fatalf("building the site: %v", err)
	}
	return root, dest
}

// statInputs stats every file that can change the built site. See BuildSite.
func statInputs(root string) error {
	for _, f := range []string{"go.mod", "go.sum"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			return err
		}
	}
	for _, sub := range []string{"content", "layouts", "generator"} {
		err := filepath.WalkDir(filepath.Join(root, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() {
				if name := d.Name(); name == "testdata" || name == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			_, err = os.Stat(p)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// redirectMeta matches the <meta http-equiv="refresh"> of an alias redirect
// page.
var redirectMeta = regexp.MustCompile(`(?i)<meta\s[^>]*http-equiv\s*=\s*["']?refresh`)

// IsRedirectPage reports whether the HTML page is a redirect page (it holds
// a <meta http-equiv="refresh">), such as the generator writes for aliases.
func IsRedirectPage(html []byte) bool {
	return redirectMeta.Match(html)
}

// HTMLPages returns the slash-separated paths, relative to dir and sorted, of
// the .html files under dir, without redirect pages (see [IsRedirectPage]).
func HTMLPages(dir string) ([]string, error) {
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if IsRedirectPage(b) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		pages = append(pages, filepath.ToSlash(rel))
		return nil
	})
	slices.Sort(pages)
	return pages, err
}

// PageURL returns the URL of the page at the slash-separated path rel under
// the server base URL: a/b/index.html is served as base/a/b/.
func PageURL(base, rel string) string {
	base = strings.TrimSuffix(base, "/")
	if path.Base(rel) == "index.html" {
		return base + "/" + strings.TrimSuffix(rel, "index.html")
	}
	return base + "/" + rel
}

// Serve serves the files of dir over HTTP on 127.0.0.1 until the test ends.
func Serve(tb testing.TB, dir string) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	tb.Cleanup(srv.Close)
	return srv
}

// ChromiumPath returns the path of the Chromium (or Chrome) program to drive:
// /usr/bin/chromium, Debian's, when it is there, else the first of chromium,
// chromium-browser, google-chrome found on PATH; "" when there is none.
func ChromiumPath() string {
	if isExecutable("/usr/bin/chromium") {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// FileExists reports whether p is a regular file.
func FileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
