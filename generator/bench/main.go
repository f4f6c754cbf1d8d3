// Command bench measures the generator against Hugo and against the floor
// of its own work, on two kinds of corpus: the synthetic pages written by
// shared/bench/gen-corpus (or its Go port, package gencorpus, when the shared
// scripts are not there), and a realistic blog (package blog) with its own
// layouts and Hugo site. -explainer also times this repository's own site,
// process start included, and the same build by the generator built
// against chroma with the change proposed upstream
// (generator/highlight/upstream; needs git to apply it), which shows what
// that change would give.
//
// Usage, from the repository root:
//
//	go run ./generator/bench [-pages 1000,10000] [-blog 100,800] [-explainer 30]
//	    [-runs 5] [-big-runs 2] [-hugo=true] [-out table.md]
//	    [-work DIR] [-dest-root DIR] [-disk DIR] [-env VAR=value] [-v]
//	go run ./generator/bench -issue18 [-out table.md]
//
// The table ends with the targets of issue #18 that the measured corpora
// cover (explainer; blog at 100, 800 and 10,000 posts; synthetic at 10,000
// and 50,000 pages; GC pacing against -env GOGC=100 at each size; disk
// against memory). -issue18 measures all of them: it stands for
// -explainer 20 -blog 100,800,10000 -pages 10000,50000 -runs 3 -big-runs 5
// -env GOGC=100 -dest-root /dev/shm -disk $TMPDIR (each flag given on the
// command line wins; /dev/shm only if it is a tmpfs, $TMPDIR only if it is
// not).
//
// -disk DIR measures the 800-post blog and the 10,000-page corpus a
// second time, right after the first, with outputs and caches under DIR
// (a folder on a disk): ours cold, warm and rebuild, and Hugo, "sync"
// before each run as everywhere. Corpora of 50,000 pages or more are
// measured with ours cold (and the -env variant) only, -big-runs times
// after one unmeasured round (as every corpus has), each round also
// building the 10,000-page corpus cold right before and right after, so
// that the cost per page of both is compared run by run.
//
// -work keeps corpora between invocations; -dest-root puts outputs and
// caches elsewhere (a tmpfs such as /dev/shm leaves a slow or noisy disk
// out of the comparison, for both tools alike); -env adds a variant of
// "ours cold" with one environment setting, to prototype runtime settings
// such as GOMEMLIMIT before main adopts them.
//
// It builds the generator binary once (go build -o), then for each corpus
// measures, as separate processes so that process start counts (the blog
// gets only ours cold, ours warm and Hugo):
//
//   - ours cold: generator build with an empty --cache-dir and a fresh dest;
//   - ours warm: the same with the cache folder filled by an earlier run
//     (highlighted code blocks and converted Markdown);
//   - ours no-hl: generator build --no-highlight (code blocks as plain
//     escaped text, as Hugo's HUGO_MARKUP_HIGHLIGHT_CODEFENCES=false);
//   - floor: this program reading every page, dropping front matter and
//     converting it with the generator's goldmark configuration and chroma
//     (no cache), on all cores; no templates, no writes;
//   - floor no-hl: the same without chroma;
//   - Hugo, and Hugo with HUGO_MARKUP_HIGHLIGHT_CODEFENCES=false, run as
//     shared/bench/build-hugo runs it, when hugo is installed.
//
// Runs are interleaved (one of each variant per round) so that drift on a
// shared machine hits every variant alike, after one unmeasured round that
// fills the warm cache and checks every variant's output. Wall time is from
// process start to exit; CPU time (user + system) and peak memory (maximum
// resident set size) come from wait4. CPU ratios are the steadier figure on
// a machine shared with other work.
//
// Other subcommands: "corpus N DIR" (the Go port of gen-corpus, package
// gencorpus), "blog N DIR" (the realistic blog), "floor [-no-highlight] DIR" and "lib -source DIR -dest DIR
// [-no-highlight] [-cache-dir DIR]", which the benchmark runs as child
// processes.
//
// "images [-photos 20] [-rss 10,40] [-runs 7]" measures the image
// pipeline: the explainer with and without 20 generated 4000×3000 photos,
// cold and warm (interleaved pairs), and the peak memory of cold builds
// with 10 and 40 photos (see cmdImages).
//
// Profiles of one cold build through site.Build (-warm: of a second build,
// with the cache folder the first one filled):
//
//	go run ./generator/bench profile -pages 10000 -cpuprofile cpu.out -memprofile mem.out
//	go run ./generator/bench profile -warm -pages 10000 -cpuprofile cpu.out
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/blog"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/gencorpus"
)

func main() {
	if len(os.Args) > 1 {
		var err error
		switch os.Args[1] {
		case "floor":
			err = cmdFloor(os.Args[2:])
		case "lib":
			err = cmdLib(os.Args[2:])
		case "profile":
			err = cmdProfile(os.Args[2:])
		case "corpus":
			err = cmdCorpus(os.Args[2:])
		case "blog":
			err = cmdBlog(os.Args[2:])
		case "images":
			err = cmdImages(os.Args[2:])
		default:
			err = cmdBench(os.Args[1:])
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := cmdBench(nil); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseSizes(s string) ([]int, error) {
	var out []int
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad page count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// cmdFloor: bench floor [-no-highlight] DIR
func cmdFloor(args []string) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	noHL := fs.Bool("no-highlight", false, "convert without chroma")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: bench floor [-no-highlight] DIR")
	}
	r, err := runFloor(fs.Arg(0), !*noHL)
	if err != nil {
		return err
	}
	fmt.Printf("floor: %d files, %d bytes in, %d bytes out\n", r.files, r.bytesIn, r.bytesOut)
	return nil
}

// cmdLib: bench lib -source DIR -dest DIR [-cache-dir DIR] [-no-highlight]
func cmdLib(args []string) error {
	var o libOptions
	fs := flag.NewFlagSet("lib", flag.ContinueOnError)
	fs.StringVar(&o.source, "source", "", "site root")
	fs.StringVar(&o.dest, "dest", "", "output folder")
	fs.StringVar(&o.cacheDir, "cache-dir", "", "highlight cache folder (default: no cache)")
	fs.BoolVar(&o.noHighlight, "no-highlight", false, "render code blocks as plain text")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile")
	fs.StringVar(&o.memProfile, "memprofile", "", "write an allocation profile")
	fs.StringVar(&o.trace, "trace", "", "write an execution trace (go tool trace)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := libBuild(o)
	if err != nil {
		return err
	}
	fmt.Printf("built %d pages, %d files in %s\n", res.Pages, res.Files, res.Elapsed)
	return nil
}

// cmdProfile: bench profile -pages N [-work DIR] [-dest DIR] -cpuprofile F -memprofile F [-no-highlight] [-warm]
func cmdProfile(args []string) error {
	var o libOptions
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	pages := fs.Int("pages", 10000, "corpus size")
	posts := fs.Int("blog", 0, "profile the realistic blog of this many posts instead")
	work := fs.String("work", "", "work folder (default: a temporary folder)")
	dest := fs.String("dest", "", "output folder (default: out-profile in the work folder)")
	fs.BoolVar(&o.noHighlight, "no-highlight", false, "render code blocks as plain text")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "cpu.out", "write a CPU profile")
	fs.StringVar(&o.memProfile, "memprofile", "", "write an allocation profile")
	fs.StringVar(&o.trace, "trace", "", "write an execution trace (go tool trace)")
	warm := fs.Bool("warm", false, "profile a warm build: fill a highlight cache with an unprofiled build first, then profile a second build into an empty output folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	w, err := newWorkspace(*work)
	if err != nil {
		return err
	}
	var dir string
	if *posts > 0 {
		dir, err = w.blog(*posts)
	} else {
		dir, err = w.corpus(*pages)
	}
	if err != nil {
		return err
	}
	o.source, o.dest = dir, w.path("out-profile")
	if *dest != "" {
		o.dest = *dest
	}
	os.RemoveAll(o.dest)
	if *warm {
		o.cacheDir = w.path("cache-profile")
		os.RemoveAll(o.cacheDir)
		runtime.MemProfileRate = 0 // the allocation profile is the second build's
		if _, err := libBuild(libOptions{source: o.source, dest: o.dest, cacheDir: o.cacheDir, noHighlight: o.noHighlight}); err != nil {
			return err
		}
		os.RemoveAll(o.dest)
	}
	res, err := libBuild(o)
	if err != nil {
		return err
	}
	fmt.Printf("built %d pages in %s; profiles written\n", res.Pages, res.Elapsed)
	return nil
}

// cmdCorpus: bench corpus N DIR — the Go port of gen-corpus.
func cmdCorpus(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: bench corpus N DIR")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		return err
	}
	return gencorpus.Write(n, args[1])
}

// cmdBlog: bench blog N DIR — the realistic blog of package blog.
func cmdBlog(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: bench blog N DIR")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		return err
	}
	return blog.Write(n, args[1])
}
