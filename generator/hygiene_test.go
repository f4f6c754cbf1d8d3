package main

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// maxGoFileLines is the most lines a Go file under generator/ may have.
const maxGoFileLines = 500

// TestNoGoFileIsOverFiveHundredLines keeps every Go file (tests included,
// testdata excluded) short enough to read as one concern.
func TestNoGoFileIsOverFiveHundredLines(t *testing.T) {
	long, err := longGoFiles(".", maxGoFileLines)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range long {
		t.Errorf("generator/%s: %d lines, over the %d-line limit: split it by subject, moving a group of "+
			"related functions (or tests) into a new file of the same package named for them", f.path, f.lines, maxGoFileLines)
	}
}

// TestLongGoFilesFindsAFileOverTheLimit makes sure the check above can fail.
func TestLongGoFilesFindsAFileOverTheLimit(t *testing.T) {
	dir := t.TempDir()
	write := func(rel string, lines int) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, bytes.Repeat([]byte("//\n"), lines), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/short.go", 500)
	write("a/long.go", 501)
	write("a/long_test.go", 600)
	write("a/testdata/huge.go", 900)
	write("a/notes.txt", 900)
	long, err := longGoFiles(dir, 500)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range long {
		got = append(got, f.path)
	}
	if want := []string{"a/long.go", "a/long_test.go"}; !slices.Equal(got, want) {
		t.Errorf("long files = %q, want %q", got, want)
	}
}

type goFileLength struct {
	path  string // slash-separated, relative to the walked root
	lines int
}

// longGoFiles returns the .go files under root, outside testdata folders,
// with more than limit lines, in path order.
func longGoFiles(root string, limit int) ([]goFileLength, error) {
	var long []goFileLength
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || (path != root && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n := bytes.Count(b, []byte("\n"))
		if len(b) > 0 && b[len(b)-1] != '\n' {
			n++
		}
		if n > limit {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			long = append(long, goFileLength{filepath.ToSlash(rel), n})
		}
		return nil
	})
	return long, err
}

// TestDesignListsEveryModuleOfGoMod keeps docs/design.md's table of
// dependencies in step with go.mod: every module required, direct or
// indirect, has a row saying why.
func TestDesignListsEveryModuleOfGoMod(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	design, err := os.ReadFile("docs/design.md")
	if err != nil {
		t.Fatal(err)
	}
	modules := requiredModules(string(gomod))
	if len(modules) < 10 {
		t.Fatalf("found only %d modules in go.mod: %q", len(modules), modules)
	}
	for _, m := range modules {
		if !strings.Contains(string(design), m) {
			t.Errorf("go.mod requires %s, which generator/docs/design.md does not list: add it to the table of dependencies with the reason it is needed", m)
		}
	}
}

// requiredModules returns the module paths of go.mod's require lines.
func requiredModules(gomod string) []string {
	var out []string
	block := false
	for _, line := range strings.Split(gomod, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			block = true
		case block && line == ")":
			block = false
		case block && line != "" && !strings.HasPrefix(line, "//"):
			out = append(out, strings.Fields(line)[0])
		case strings.HasPrefix(line, "require "):
			out = append(out, strings.Fields(line)[1])
		}
	}
	return out
}

// TestSiteDocNamesTheStagesTheCodeTimes keeps the list of stages in package
// site's doc comment equal to the stage names the build times (b.lap).
func TestSiteDocNamesTheStagesTheCodeTimes(t *testing.T) {
	doc, err := os.ReadFile("site/site.go")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^//  \d\. (\w+):`).FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]] = true
	}
	files, _ := filepath.Glob("site/*.go")
	timed := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\.lap\("(\w+)"\)`).FindAllStringSubmatch(string(b), -1) {
			timed[m[1]] = true
		}
	}
	if len(timed) == 0 || !maps.Equal(documented, timed) {
		t.Errorf("package site's doc lists the stages %v, the code times %v: make the list in site/site.go (and the names in comments) match the code",
			slices.Sorted(maps.Keys(documented)), slices.Sorted(maps.Keys(timed)))
	}
}
