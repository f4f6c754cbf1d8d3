package main

import (
	"bytes"
	"embed"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus/blog"
)

// variant is one program measured on a corpus.
type variant struct {
	name  string
	hugo  string // the Hugo variant it is compared with, or ""
	floor string // the floor variant it is compared with, or ""
	// out is the output folder, checked after the first run; highlighted
	// says whether its code blocks must be highlighted.
	out         string
	highlighted bool
	prepare     func() error
	command     func() *exec.Cmd
	// pages is the number of pages the variant builds when it is not the
	// corpus's (the 10,000-page reference run beside a big corpus).
	pages int
}

// pairedRefPages is the size of the corpus built beside each big one, in
// the same rounds, so that their costs per page are compared run by run
// on a machine in the same state.
const pairedRefPages = 10000

// pairedRefName is the variant that builds it right after the big
// corpus's cold build, and pairedRefBeforeName the one right before: the
// big build is compared with the mean of the two, so that a machine
// speeding up or slowing down during a round (the 10,000-page build took
// 3.5 to 5.7 s between the rounds of one run) cancels out.
var (
	pairedRefName       = fmt.Sprintf("ours cold, %s pages (paired)", thousands(pairedRefPages))
	pairedRefBeforeName = fmt.Sprintf("ours cold, %s pages (paired, before)", thousands(pairedRefPages))
)

// sample is one measured run.
type sample struct {
	wall  time.Duration
	cpu   time.Duration // user + system
	rssKB int64
}

// config is the command line of a benchmark run.
type config struct {
	sizes    []int
	runs     int
	hugo     bool
	out      string
	work     string
	env      string
	destRoot string
	verbose  bool
	blog     []int  // sizes of the realistic blog
	bigRuns  int    // runs for corpora of 50,000 pages or more
	explain  int    // runs of the explainer's build; 0: none
	disk     string // also measure blog 800 and synthetic 10,000 with outputs here; "": not
}

func cmdBench(args []string) error {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	pages := fs.String("pages", "1000,10000", "comma-separated sizes of the synthetic corpus (gen-corpus); \"\" for none")
	blogs := fs.String("blog", "", "comma-separated sizes of the realistic blog (package blog), e.g. 100,800,10000")
	fs.IntVar(&c.bigRuns, "big-runs", 2, "measured runs for corpora of 50,000 pages or more")
	fs.IntVar(&c.explain, "explainer", 0, "measure `N` builds of this repository's own site (process start included); run from the repository root")
	fs.IntVar(&c.runs, "runs", 5, "measured runs of each variant")
	fs.BoolVar(&c.hugo, "hugo", true, "also run Hugo when it is installed")
	fs.StringVar(&c.out, "out", "", "also write the Markdown table to `FILE`")
	fs.StringVar(&c.work, "work", "", "work folder, kept for reuse (default: a temporary folder, removed)")
	fs.BoolVar(&c.verbose, "v", false, "print each run")
	fs.StringVar(&c.destRoot, "dest-root", "", "write outputs and caches under `DIR` (e.g. a tmpfs, to leave the disk out); default: beside each corpus")
	fs.StringVar(&c.env, "env", "", "also run ours cold with this `VAR=value` in its environment, e.g. GOMEMLIMIT=450MiB (to prototype a runtime setting)")
	fs.StringVar(&c.disk, "disk", "", "also measure the 800-post blog and the 10,000-page corpus with outputs and caches under `DIR`, a folder on a disk (rows marked \"on disk\")")
	issue18 := fs.Bool("issue18", false, "measure every target of issue #18: the settings of issue18Flags, for each flag not given")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *issue18 {
		if err := setIssue18(fs); err != nil {
			return err
		}
	}
	var err error
	if c.sizes, err = parseSizes(*pages); err != nil {
		return err
	}
	if c.blog, err = parseSizes(*blogs); err != nil {
		return err
	}
	w, err := newWorkspace(c.work)
	if err != nil {
		return err
	}
	if c.work == "" {
		defer os.RemoveAll(w.root)
	}
	gen := w.path("bin", "generator")
	fmt.Fprintln(os.Stderr, "building", gen)
	if out, err := exec.Command("go", "build", "-o", gen, "github.com/nuhw-explainer/kpstrikes/generator").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	hugo := ""
	if c.hugo {
		if p, err := exec.LookPath("hugo"); err == nil {
			hugo = p
		}
	}
	var report bytes.Buffer
	fmt.Fprintf(&report, "Command: `go run ./generator/bench %s`  \n", strings.Join(args, " "))
	outs := "outputs and caches beside the corpus (disk)"
	if c.destRoot != "" {
		outs = "outputs and caches under " + c.destRoot
	}
	if c.disk != "" {
		outs += fmt.Sprintf("; rows \"on disk\": under %s (%s)", c.disk, fsKind(c.disk))
	}
	fmt.Fprintf(&report, "Date: %s. Machine: %s. %s; %s; %d measured runs per variant (%d at 50,000 pages or more), interleaved, sync before each; wall = median (min–max), whole process; CPU = user+system (median); RSS = peak resident set (median). Ratios are medians of per-round ratios.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), hugoVersion(hugo), outs, c.runs, c.bigRuns)
	var all []sizeResult
	if c.explain > 0 {
		r, err := benchExplainer(c, w, gen)
		if err != nil {
			return err
		}
		all = append(all, r)
		writeTable(&report, r)
	}
	for _, job := range benchJobs(c) {
		r, err := benchSize(c, w, job, gen, self, hugo)
		if err != nil {
			return err
		}
		all = append(all, r)
		writeTable(&report, r)
	}
	writeTargets(&report, all)
	os.Stdout.Write(report.Bytes())
	if c.out != "" {
		return os.WriteFile(c.out, report.Bytes(), 0o644)
	}
	return nil
}

// sizeResult is every variant's samples on one corpus.
type sizeResult struct {
	suite    string // "synthetic", "blog" or "explainer"
	pages    int
	disk     bool   // outputs on the -disk folder
	codePage string // output path of a page with highlighted code, checked after the first run
	variants []variant
	samples  map[string][]sample
}

// suite is a kind of site the benchmark builds at several sizes.
type suite struct {
	name string
	// site writes (or reuses) the site folder of an n-page corpus.
	site func(w *workspace, n int) (string, error)
	// hugoSite and hugoRoot hold the equivalent Hugo site; nil: no Hugo.
	hugoSite *embed.FS
	hugoRoot string
	// codePage is the output path of a page with highlighted code.
	codePage func(n int) string
	// full adds "ours no-hl", the floors and "Hugo no-hl".
	full bool
}

var synthetic = suite{
	name:     "synthetic",
	site:     (*workspace).corpus,
	hugoSite: &hugoSite, hugoRoot: "hugo-site",
	codePage: func(int) string { return "section-01/page-00000/index.html" },
	full:     true,
}

var blogSuite = suite{
	name:     "blog",
	site:     (*workspace).blog,
	hugoSite: &blog.HugoSite, hugoRoot: "hugo-site",
	codePage: func(n int) string { return strings.TrimPrefix(blog.URL(blog.CodePost(n)), "/") + "index.html" },
}

func benchSize(c config, w *workspace, job job, gen, self, hugo string) (sizeResult, error) {
	su, n := job.su, job.pages
	dir, err := su.site(w, n)
	if err != nil {
		return sizeResult{}, err
	}
	outRoot := dir
	if root := job.destRoot(c); root != "" {
		outRoot = filepath.Join(root, fmt.Sprintf("kp-bench-%s-%d", su.name, n))
		if err := os.MkdirAll(outRoot, 0o755); err != nil {
			return sizeResult{}, err
		}
		defer os.RemoveAll(outRoot)
	}
	out := func(name string) string { return filepath.Join(outRoot, "out-"+name) }
	// fresh empties outputs and caches before a run. On a disk they are
	// moved aside, and deleted only after the last round: on ext4 without
	// a journal, files created within a minute of deleting as many cost
	// far more (each new inode scans past the deleted ones), which would
	// charge the harness's own deletions to whichever tool runs next.
	trash := filepath.Join(outRoot, ".trash")
	onTmpfs := isTmpfs(outRoot)
	defer os.RemoveAll(trash)
	var trashed int
	fresh := func(paths ...string) func() error {
		return func() error {
			for _, p := range paths {
				// The output a build of ours replaced, kept for the next one.
				spare := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".spare")
				for _, q := range []string{p, spare} {
					if _, err := os.Lstat(q); err != nil {
						continue
					}
					if !onTmpfs {
						trashed++
						if err := os.MkdirAll(trash, 0o755); err != nil {
							return err
						}
						if os.Rename(q, filepath.Join(trash, strconv.Itoa(trashed))) == nil {
							continue
						}
					}
					if err := os.RemoveAll(q); err != nil {
						return err
					}
				}
			}
			return nil
		}
	}
	coldCache, warmCache := filepath.Join(outRoot, "cache-cold"), filepath.Join(outRoot, "cache-warm")
	vs := []variant{
		{name: "ours cold", hugo: "Hugo", floor: "floor", out: out("cold"), highlighted: true, prepare: fresh(out("cold"), coldCache), command: func() *exec.Cmd {
			return exec.Command(gen, "build", "--quiet", "--source", dir, "--dest", out("cold"), "--cache-dir", coldCache)
		}},
	}
	if c.env != "" {
		envCache := filepath.Join(outRoot, "cache-cold-env")
		vs = append(vs, variant{name: "ours cold " + c.env, hugo: "Hugo", floor: "floor", out: out("cold-env"), highlighted: true,
			prepare: fresh(out("cold-env"), envCache), command: func() *exec.Cmd {
				cmd := exec.Command(gen, "build", "--quiet", "--source", dir, "--dest", out("cold-env"), "--cache-dir", envCache)
				cmd.Env = append(os.Environ(), c.env)
				return cmd
			}})
	}
	if job.big {
		// The cost per page is compared with the reference corpus's,
		// built in the same rounds (not in its own job, minutes earlier).
		ref, err := su.site(w, pairedRefPages)
		if err != nil {
			return sizeResult{}, err
		}
		refCache := filepath.Join(outRoot, "cache-cold-ref")
		refVariant := func(name string) variant {
			return variant{name: name, out: out("cold-ref"), highlighted: true, pages: pairedRefPages,
				prepare: fresh(out("cold-ref"), refCache), command: func() *exec.Cmd {
					return exec.Command(gen, "build", "--quiet", "--source", ref, "--dest", out("cold-ref"), "--cache-dir", refCache)
				}}
		}
		// Each round: the reference, the big corpus cold, the reference
		// again, then the other variants of the big corpus.
		vs = append([]variant{refVariant(pairedRefBeforeName), vs[0], refVariant(pairedRefName)}, vs[1:]...)
		// An unmeasured round first, as the other corpora have, so that
		// no measured build reads its sources from the disk: the jobs
		// before push the 393 MB of Markdown out of the page cache, and
		// the first round then measured the disk (reading the 10,000-page
		// corpus from the disk adds 1.2 s to its 5.9 s build). In both
		// runs of 2026-12-02 that round gave the highest ratio of costs
		// per page (1.30 and 1.18; medians 1.12 and 1.15).
		if err := fillAndCheck(su.name, n, vs, su.codePage(n)); err != nil {
			return sizeResult{}, err
		}
		return measureRounds(c, sizeResult{suite: su.name, pages: n, codePage: su.codePage(n), variants: vs, samples: map[string][]sample{}}, c.bigRuns)
	}
	vs = append(vs, variant{name: "ours warm", hugo: "Hugo", floor: "floor", out: out("warm"), highlighted: true, prepare: fresh(out("warm")), command: func() *exec.Cmd {
		return exec.Command(gen, "build", "--quiet", "--source", dir, "--dest", out("warm"), "--cache-dir", warmCache)
	}})
	// Back to back, as an editor builds: the previous output (and the one
	// before it, kept as the spare) in place, the cache folder warm.
	vs = append(vs, variant{name: "ours rebuild", hugo: "Hugo", out: out("rebuild"), highlighted: true, prepare: func() error { return nil }, command: func() *exec.Cmd {
		return exec.Command(gen, "build", "--quiet", "--source", dir, "--dest", out("rebuild"), "--cache-dir", warmCache)
	}})
	if su.full && !job.disk {
		vs = append(vs,
			variant{name: "ours no-hl", hugo: "Hugo no-hl", floor: "floor no-hl", out: out("nohl"), prepare: fresh(out("nohl")), command: func() *exec.Cmd {
				return exec.Command(gen, "build", "--quiet", "--no-highlight", "--no-cache", "--source", dir, "--dest", out("nohl"))
			}},
			variant{name: "floor", prepare: fresh(), command: func() *exec.Cmd { return exec.Command(self, "floor", dir) }},
			variant{name: "floor no-hl", prepare: fresh(), command: func() *exec.Cmd { return exec.Command(self, "floor", "-no-highlight", dir) }})
	}
	if hugo != "" && su.hugoSite != nil {
		hsite, err := w.hugoSiteDir(*su.hugoSite, su.hugoRoot, "hugo-site-"+su.name)
		if err != nil {
			return sizeResult{}, err
		}
		hugoCmd := func(env ...string) func() *exec.Cmd {
			return func() *exec.Cmd {
				cmd := exec.Command(hugo, "--source", hsite, "--contentDir", filepath.Join(dir, "content"),
					"--destination", out("hugo"), "--cacheDir", filepath.Join(outRoot, ".hugo-cache"), "--quiet")
				cmd.Env = append(os.Environ(), env...)
				return cmd
			}
		}
		hfresh := fresh(out("hugo"), filepath.Join(outRoot, ".hugo-cache"), filepath.Join(hsite, "resources"))
		vs = append(vs, variant{name: "Hugo", out: out("hugo"), highlighted: true, prepare: hfresh, command: hugoCmd()})
		if su.full && !job.disk {
			vs = append(vs, variant{name: "Hugo no-hl", out: out("hugo"), prepare: hfresh, command: hugoCmd("HUGO_MARKUP_HIGHLIGHT_CODEFENCES=false")})
		}
	}
	// Fill the warm cache, and check every variant works, before measuring.
	// "ours warm" and "ours rebuild" share the warm cache: it is filled by
	// two builds, as a cache folder must be (see warmBuilds).
	os.RemoveAll(warmCache)
	if err := fillAndCheck(su.name, n, vs, su.codePage(n)); err != nil {
		return sizeResult{}, err
	}
	return measureRounds(c, sizeResult{suite: su.name, pages: n, disk: job.disk, codePage: su.codePage(n), variants: vs, samples: map[string][]sample{}}, c.runs)
}

// fillAndCheck runs every variant once, unmeasured, and checks its output.
func fillAndCheck(su string, n int, vs []variant, codePage string) error {
	for _, v := range vs {
		if err := v.prepare(); err != nil {
			return err
		}
		if _, msg, err := measure(v.command()); err != nil {
			return fmt.Errorf("%s %d pages, %s: %v\n%s", su, n, v.name, err, msg)
		}
		if err := checkOutput(v, codePage); err != nil {
			return fmt.Errorf("%s %d pages, %s: %v", su, n, v.name, err)
		}
	}
	return nil
}

// measureRounds runs every variant of res once per round, runs rounds.
func measureRounds(c config, res sizeResult, runs int) (sizeResult, error) {
	su, n, vs := res.suite, res.pages, res.variants
	for run := 1; run <= runs; run++ {
		for _, v := range vs {
			if err := v.prepare(); err != nil {
				return res, err
			}
			// Let the file system finish the removals of prepare (and earlier
			// runs' writes) before the clock starts.
			syscall.Sync()
			s, msg, err := measure(v.command())
			if err != nil {
				return res, fmt.Errorf("%s %d pages, %s: %v\n%s", su, n, v.name, err, msg)
			}
			if run == 1 && res.codePage != "" {
				if err := checkOutput(v, res.codePage); err != nil {
					return res, fmt.Errorf("%s %d pages, %s: %v", su, n, v.name, err)
				}
			}
			res.samples[v.name] = append(res.samples[v.name], s)
			if c.verbose {
				fmt.Fprintf(os.Stderr, "%-9s %6d pages  run %d  %-18s %8.3fs  cpu %8.3fs %6.0f MiB\n", su, n, run, v.name, s.wall.Seconds(), s.cpu.Seconds(), float64(s.rssKB)/1024)
			}
		}
	}
	return res, nil
}

// measure runs cmd and returns its wall time and peak resident set size.
func measure(cmd *exec.Cmd) (sample, string, error) {
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	s := sample{wall: wall}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s.rssKB = ru.Maxrss
			s.cpu = time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
		}
	}
	return s, buf.String(), err
}

// checkOutput makes sure a build did the work it is timed for: the page
// with code at page (relative to the output) written, its code
// highlighted (or not) as the variant says.
func checkOutput(v variant, page string) error {
	if v.out == "" {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(v.out, filepath.FromSlash(page)))
	if err != nil {
		return err
	}
	// chroma's class output marks keywords with class="k…".
	if has := bytes.Contains(b, []byte(`<span class="k`)); has != v.highlighted {
		return fmt.Errorf("%s: highlighted = %v, want %v", page, has, v.highlighted)
	}
	return nil
}

func hugoVersion(hugo string) string {
	if hugo == "" {
		return "Hugo not run"
	}
	out, err := exec.Command(hugo, "version").Output()
	if err != nil {
		return "Hugo (version unknown)"
	}
	f := strings.Fields(string(out))
	if len(f) > 1 {
		return "Hugo " + f[1]
	}
	return strings.TrimSpace(string(out))
}
