package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// libOptions configure one build through the site package.
type libOptions struct {
	source, dest, cacheDir string
	noHighlight            bool
	cpuProfile, memProfile string
	trace                  string // execution trace for go tool trace
}

// libBuild builds a site with site.Build, optionally with code highlighting
// turned off and with CPU and heap profiles or an execution trace.
func libBuild(o libOptions) (*site.Result, error) {
	opts := site.Options{Source: o.source, Dest: o.dest, CacheDir: o.cacheDir, NoCache: o.cacheDir == "", NoHighlight: o.noHighlight}
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
	if o.trace != "" {
		f, err := os.Create(o.trace)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := trace.Start(f); err != nil {
			return nil, err
		}
		defer trace.Stop()
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
