// Package history reads a site's git history by running git, as Hugo's
// GitInfo does: which pages changed since a revision (for check --since)
// and when each page was last committed (for updated_from_git). It never
// opens a network connection: every command reads the local repository.
package history

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoRepo means git is missing or the site is not inside a git
// repository.
var ErrNoRepo = errors.New("not in a git repository")

// Repo is the git repository holding a site.
type Repo struct {
	top  string // the repository's top folder
	site string // the site root, relative to top, slash-separated ("" at the top)
}

// Open finds the repository holding the site root dir.
func Open(dir string) (*Repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("%w: git is not installed", ErrNoRepo)
	}
	out, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, ErrNoRepo
	}
	top := strings.TrimSpace(string(out))
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, ErrNoRepo
	}
	if rel == "." {
		rel = ""
	}
	return &Repo{top: top, site: filepath.ToSlash(rel)}, nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return out, nil
}

// repoPath turns a site-relative path (content/a.md) into a repository
// path.
func (r *Repo) repoPath(p string) string {
	if r.site == "" {
		return p
	}
	return r.site + "/" + p
}

// sitePath turns a repository path into a site-relative one, or "".
func (r *Repo) sitePath(p string) string {
	if r.site == "" {
		return p
	}
	rest, ok := strings.CutPrefix(p, r.site+"/")
	if !ok {
		return ""
	}
	return rest
}

// Verify checks that ref names a commit.
func (r *Repo) Verify(ref string) error {
	if strings.HasPrefix(ref, "-") {
		return fmt.Errorf("%q is not a git revision", ref)
	}
	if _, err := git(r.top, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return fmt.Errorf("%q is not a git revision in this repository", ref)
	}
	return nil
}

// Changed lists the site-relative paths of Markdown files under content/
// that differ between ref and the working tree (committed or not).
func (r *Repo) Changed(ref string) ([]string, error) {
	out, err := git(r.top, "diff", "--name-only", "--no-renames", ref, "--", r.repoPath("content"))
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p := r.sitePath(line); strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
	}
	return paths, nil
}

// Show returns a site-relative file as it was at ref; ok is false when it
// did not exist then.
func (r *Repo) Show(ref, p string) (data []byte, ok bool) {
	out, err := git(r.top, "show", ref+":"+r.repoPath(p))
	if err != nil {
		return nil, false
	}
	return out, true
}

// LastCommits returns, for every file under content/ that git tracks, the
// committer time of the last commit that changed it, by site-relative
// path. A shallow clone knows only its own commits: CI needs the full
// history (actions/checkout with fetch-depth: 0).
func (r *Repo) LastCommits() (map[string]time.Time, error) {
	out, err := git(r.top, "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", r.repoPath("content"))
	if err != nil {
		return nil, err
	}
	times := map[string]time.Time{}
	var current time.Time
	for _, line := range strings.Split(string(out), "\n") {
		if t, ok := strings.CutPrefix(line, "\x00"); ok {
			current, _ = time.Parse(time.RFC3339, strings.TrimSpace(t))
			continue
		}
		p := r.sitePath(strings.TrimSpace(line))
		if p == "" || current.IsZero() {
			continue
		}
		if _, seen := times[p]; !seen { // git log lists the newest commit first
			times[p] = current
		}
	}
	return times, nil
}
