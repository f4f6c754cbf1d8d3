package main

import (
	"bytes"
	"io/fs"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// libOptions configure one build through the site package.
type libOptions struct {
	source, dest, cacheDir string
	noHighlight            bool
	cpuProfile, memProfile string
}

// libBuild builds a site with site.Build, optionally with code highlighting
// turned off and with CPU and heap profiles.
//
// site.Options has no switch for highlighting yet, so noHighlight reads the
// sources through plainFencesFS, which renames each fence's language to one
// chroma does not know: every block then takes the highlighter's plain,
// escaped path, exactly the work a NoHighlight option would leave.
func libBuild(o libOptions) (*site.Result, error) {
	opts := site.Options{Source: o.source, Dest: o.dest, CacheDir: o.cacheDir, NoCache: o.cacheDir == ""}
	if o.noHighlight {
		opts.FS = plainFencesFS{os.DirFS(o.source).(fs.ReadFileFS)}
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	if o.memProfile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	res, err := site.Build(opts)
	if o.memProfile != "" {
		f, ferr := os.Create(o.memProfile)
		if ferr != nil {
			return nil, ferr
		}
		defer f.Close()
		if ferr := pprof.Lookup("allocs").WriteTo(f, 0); ferr != nil {
			return nil, ferr
		}
	}
	return res, err
}

// plainFencesFS serves Markdown files with "```lang" fences rewritten to
// "```lang-plain".
type plainFencesFS struct{ fs.ReadFileFS }

func (f plainFencesFS) ReadFile(name string) ([]byte, error) {
	b, err := f.ReadFileFS.ReadFile(name)
	if err != nil || !bytes.HasSuffix([]byte(name), []byte(".md")) {
		return b, err
	}
	return plainFences(b), nil
}

// plainFences appends "-plain" to the info word of every fenced code block
// opening "```word".
func plainFences(b []byte) []byte {
	var out []byte
	open := false
	rest := b
	for len(rest) > 0 {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		if bytes.HasPrefix(line, []byte("```")) {
			word := bytes.TrimRight(line[3:], "\r\n ")
			switch {
			case !open && len(word) > 0:
				open = true
				out = append(out, "```"...)
				out = append(out, word...)
				out = append(out, "-plain\n"...)
				continue
			case !open:
				open = true
			case len(word) == 0:
				open = false
			}
		}
		out = append(out, line...)
	}
	return out
}
