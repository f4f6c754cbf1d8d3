package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// variant is one program measured on a corpus.
type variant struct {
	name    string
	hugo    string // the Hugo variant it is compared with, or ""
	floor   string // the floor variant it is compared with, or ""
	prepare func() error
	command func() *exec.Cmd
}

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
}

func cmdBench(args []string) error {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	pages := fs.String("pages", "1000,10000", "comma-separated corpus sizes")
	fs.IntVar(&c.runs, "runs", 5, "measured runs of each variant")
	fs.BoolVar(&c.hugo, "hugo", true, "also run Hugo when it is installed")
	fs.StringVar(&c.out, "out", "", "also write the Markdown table to `FILE`")
	fs.StringVar(&c.work, "work", "", "work folder, kept for reuse (default: a temporary folder, removed)")
	fs.BoolVar(&c.verbose, "v", false, "print each run")
	fs.StringVar(&c.destRoot, "dest-root", "", "write outputs and caches under `DIR` (e.g. a tmpfs, to leave the disk out); default: beside each corpus")
	fs.StringVar(&c.env, "env", "", "also run ours cold with this `VAR=value` in its environment, e.g. GOMEMLIMIT=450MiB (to prototype a runtime setting)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sizes, err := parseSizes(*pages)
	if err != nil {
		return err
	}
	c.sizes = sizes
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
	fmt.Fprintf(&report, "Machine: %d cores; %s; %s; %d measured runs per variant, interleaved, sync before each; wall = median (min–max), whole process; CPU = user+system (median); RSS = peak resident set (median). Ratios are medians of per-round ratios.\n\n", numCPU(), hugoVersion(hugo), outs, c.runs)
	var all []sizeResult
	for _, n := range c.sizes {
		r, err := benchSize(c, w, n, gen, self, hugo)
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
	pages    int
	variants []variant
	samples  map[string][]sample
}

func benchSize(c config, w *workspace, n int, gen, self, hugo string) (sizeResult, error) {
	dir, err := w.corpus(n)
	if err != nil {
		return sizeResult{}, err
	}
	outRoot := dir
	if c.destRoot != "" {
		outRoot = filepath.Join(c.destRoot, fmt.Sprintf("kp-bench-%d", n))
		if err := os.MkdirAll(outRoot, 0o755); err != nil {
			return sizeResult{}, err
		}
		defer os.RemoveAll(outRoot)
	}
	out := func(name string) string { return filepath.Join(outRoot, "out-"+name) }
	fresh := func(paths ...string) func() error {
		return func() error {
			for _, p := range paths {
				if err := os.RemoveAll(p); err != nil {
					return err
				}
			}
			return nil
		}
	}
	coldCache, warmCache := filepath.Join(outRoot, "cache-cold"), filepath.Join(outRoot, "cache-warm")
	vs := []variant{
		{name: "ours cold", hugo: "Hugo", floor: "floor", prepare: fresh(out("cold"), coldCache), command: func() *exec.Cmd {
			return exec.Command(gen, "build", "--quiet", "--source", dir, "--dest", out("cold"), "--cache-dir", coldCache)
		}},
		{name: "ours warm", hugo: "Hugo", floor: "floor", prepare: fresh(out("warm")), command: func() *exec.Cmd {
			return exec.Command(gen, "build", "--quiet", "--source", dir, "--dest", out("warm"), "--cache-dir", warmCache)
		}},
		{name: "ours no-hl", hugo: "Hugo no-hl", floor: "floor no-hl", prepare: fresh(out("nohl")), command: func() *exec.Cmd {
			return exec.Command(gen, "build", "--quiet", "--no-highlight", "--no-cache", "--source", dir, "--dest", out("nohl"))
		}},
		{name: "floor", prepare: fresh(), command: func() *exec.Cmd { return exec.Command(self, "floor", dir) }},
		{name: "floor no-hl", prepare: fresh(), command: func() *exec.Cmd { return exec.Command(self, "floor", "-no-highlight", dir) }},
	}
	if c.env != "" {
		envCache := filepath.Join(outRoot, "cache-cold-env")
		vs = append(vs[:1], append([]variant{{name: "ours cold " + c.env, hugo: "Hugo", floor: "floor",
			prepare: fresh(out("cold-env"), envCache), command: func() *exec.Cmd {
				cmd := exec.Command(gen, "build", "--quiet", "--source", dir, "--dest", out("cold-env"), "--cache-dir", envCache)
				cmd.Env = append(os.Environ(), c.env)
				return cmd
			}}}, vs[1:]...)...)
	}
	if hugo != "" {
		hsite, err := w.hugoSiteDir()
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
		vs = append(vs,
			variant{name: "Hugo", prepare: hfresh, command: hugoCmd()},
			variant{name: "Hugo no-hl", prepare: hfresh, command: hugoCmd("HUGO_MARKUP_HIGHLIGHT_CODEFENCES=false")})
	}
	// Fill the warm cache, and check every variant works, before measuring.
	os.RemoveAll(warmCache)
	for _, v := range vs {
		if err := v.prepare(); err != nil {
			return sizeResult{}, err
		}
		if _, msg, err := measure(v.command()); err != nil {
			return sizeResult{}, fmt.Errorf("%d pages, %s: %v\n%s", n, v.name, err, msg)
		}
	}
	if err := checkOutputs(outRoot, hugo != ""); err != nil {
		return sizeResult{}, fmt.Errorf("%d pages: %v", n, err)
	}
	res := sizeResult{pages: n, variants: vs, samples: map[string][]sample{}}
	for run := 1; run <= c.runs; run++ {
		for _, v := range vs {
			if err := v.prepare(); err != nil {
				return res, err
			}
			// Let the file system finish the removals of prepare (and earlier
			// runs' writes) before the clock starts.
			syscall.Sync()
			s, msg, err := measure(v.command())
			if err != nil {
				return res, fmt.Errorf("%d pages, %s: %v\n%s", n, v.name, err, msg)
			}
			res.samples[v.name] = append(res.samples[v.name], s)
			if c.verbose {
				fmt.Fprintf(os.Stderr, "%6d pages  run %d  %-18s %8.3fs  cpu %8.3fs %6.0f MiB\n", n, run, v.name, s.wall.Seconds(), s.cpu.Seconds(), float64(s.rssKB)/1024)
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

// checkOutputs makes sure the builds did the work they are timed for: every
// corpus page rendered, code highlighted (or not) as the variant says.
func checkOutputs(dir string, hugo bool) error {
	page := filepath.Join("section-01", "page-00000", "index.html")
	checks := []struct {
		out       string
		highlight bool
	}{{"cold", true}, {"warm", true}, {"nohl", false}}
	if hugo {
		checks = append(checks, struct {
			out       string
			highlight bool
		}{"hugo", false}) // the last Hugo run had highlighting off
	}
	for _, c := range checks {
		b, err := os.ReadFile(filepath.Join(dir, "out-"+c.out, page))
		if err != nil {
			return err
		}
		// chroma's class output marks keywords with class="k…".
		has := bytes.Contains(b, []byte(`<span class="k`)) || bytes.Contains(b, []byte(`<span class="kn`))
		if has != c.highlight {
			return fmt.Errorf("out-%s/%s: highlighted = %v, want %v", c.out, page, has, c.highlight)
		}
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
