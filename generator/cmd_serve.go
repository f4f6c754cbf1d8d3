package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/diag"
	"github.com/nuhw-explainer/kpstrikes/generator/server"
	"github.com/nuhw-explainer/kpstrikes/generator/site"
	"github.com/nuhw-explainer/kpstrikes/generator/watch"
)

func cmdServe(e *env, args []string) error {
	var f siteFlags
	var bind string
	var port int
	var poll time.Duration
	var open bool
	fs := newFlags(e, "serve")
	f.register(fs, true)
	fs.Func("allow-host", "also answer requests for host `NAME` (repeatable; localhost and IP addresses are always answered)", func(v string) error {
		if v == "" || strings.ContainsAny(v, "/: ") {
			return fmt.Errorf("a host name such as mybox.local")
		}
		f.allowHosts = append(f.allowHosts, v)
		return nil
	})
	fs.StringVar(&bind, "bind", "127.0.0.1", "address `ADDR` to listen on (0.0.0.0: every network interface, to preview from a phone)")
	fs.IntVar(&port, "port", 0, "port `N` to listen on (default: 8080, or the next free one)")
	fs.BoolVar(&open, "open", false, "open the preview in the web browser")
	fs.DurationVar(&poll, "poll", 0, "check files every `DURATION` (e.g. 500ms) instead of using file system events; chosen automatically when events are unavailable")
	rest, err := parse(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "generator serve: unexpected argument %q\n", rest[0])
		return errUsage
	}
	explicit := false
	fs.Visit(func(fl *flag.Flag) { explicit = explicit || fl.Name == "port" })
	if port < 0 || port > 65535 {
		fmt.Fprintf(e.stderr, "generator serve: --port %d: a port is a number from 1 to 65535\n", port)
		return errUsage
	}
	if err := f.findRoot(e); err != nil {
		return err
	}
	ln, err := listenPreview(e, bind, port, explicit)
	if err != nil {
		return err
	}
	if w := bindWarning(bind); w != "" {
		fmt.Fprintln(e.stderr, w)
	}
	ctx := e.ctx
	if ctx == nil {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	var ready chan string
	if open {
		ready = make(chan string, 1)
		go func() {
			if u, ok := <-ready; ok {
				if err := e.openBrowser(u); err != nil {
					fmt.Fprintf(e.stderr, "generator serve: could not open the browser (%v); open %s yourself\n", err, u)
				}
			}
		}()
	}
	return serve(ctx, e, f, ln, poll, ready)
}

// defaultPort is the preview's port when --port is not given; the next
// portTries ports are tried when it is taken.
const (
	defaultPort = 8080
	portTries   = 20
)

// listenPreview listens on bind:port. Without an explicit --port it starts
// at defaultPort and takes the next free port, saying so; a taken
// explicit port is an error (exit 1).
func listenPreview(e *env, bind string, port int, explicit bool) (net.Listener, error) {
	if explicit {
		ln, err := server.Listen(net.JoinHostPort(bind, strconv.Itoa(port)))
		if errors.Is(err, server.ErrAddrInUse) {
			fmt.Fprintf(e.stderr, "generator serve: port %d is already in use on %s; stop the other server, or leave out --port to use the next free one\n", port, bind)
			return nil, err
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "generator serve: --bind %s: %v\n", bind, err)
			return nil, errUsage
		}
		return ln, nil
	}
	first := defaultPort
	if e.firstPort != 0 {
		first = e.firstPort
	}
	for p := first; p < first+portTries; p++ {
		ln, err := server.Listen(net.JoinHostPort(bind, strconv.Itoa(p)))
		if errors.Is(err, server.ErrAddrInUse) {
			continue
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "generator serve: --bind %s: %v\n", bind, err)
			return nil, errUsage
		}
		if p != first {
			fmt.Fprintf(e.stdout, "Port %d is in use; using port %d instead\n", first, p)
		}
		return ln, nil
	}
	fmt.Fprintf(e.stderr, "generator serve: ports %d to %d are all in use; choose one with --port\n", first, first+portTries-1)
	return nil, server.ErrAddrInUse
}

// serve runs the preview on ln until ctx ends. ready, when not nil,
// receives the site's URL once the first build is served.
func serve(ctx context.Context, e *env, f siteFlags, ln net.Listener, poll time.Duration, ready chan<- string) error {
	opts := f.options()
	defer ln.Close()
	b, err := site.NewBuilder(opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator serve: %v\n", err)
		return err
	}
	defer b.Close()
	res, err, stopped := buildUnlessStopped(ctx, b, nil)
	if stopped {
		fmt.Fprintln(e.stdout, "Stopped")
		return nil
	}
	basePath := "/"
	if err != nil {
		e.printFailure(err)
	} else {
		e.printDiags(res.Diags, f.verbose, false)
		basePath = pathOf(res.BaseURL)
	}
	srv := server.New(server.Options{Dir: b.Dest(), BasePath: basePath, AllowHosts: f.allowHosts})
	if err != nil {
		srv.SetError(buildError(opts.Source, err))
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	siteURL, others := previewURLs(ln.Addr(), srv.BasePath())
	if err == nil && !f.quiet {
		fmt.Fprintf(e.stdout, "%s %s and %s in %s\n", e.paintOut("32", "Built"), plural(res.Pages, "page"), plural(res.Files-res.Pages, "other file"), roundDuration(res.Elapsed))
	}
	fmt.Fprintf(e.stdout, "Serving %s at %s (Ctrl-C to stop)\n", b.Dest(), e.paintOut("1", siteURL))
	for _, u := range others {
		fmt.Fprintf(e.stdout, "  on your network: %s\n", u)
	}

	w, err := watch.New(watch.Options{
		Roots: []string{filepath.Join(opts.Source, "content"), filepath.Join(opts.Source, "layouts")},
		Poll:  poll,
		Quiet: 10 * time.Millisecond,
		OnError: func(err error) {
			if f.verbose {
				fmt.Fprintf(e.stderr, "watch: %v\n", err)
			}
		},
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "generator serve: %v\n", err)
		return err
	}
	defer w.Close()
	if w.Polling() && !f.quiet {
		fmt.Fprintln(e.stdout, "Watching by polling (file system events are unavailable)")
	}
	batches := make(chan watch.Batch, 16)
	go w.Run(ctx, batches)
	if ready != nil {
		ready <- siteURL
	}
	failed := err != nil
	for {
		select {
		case <-ctx.Done():
			<-served
			fmt.Fprintln(e.stdout, "Stopped")
			return nil
		case batch := <-batches:
			res, err, stopped := buildUnlessStopped(ctx, b, batch.Paths)
			if stopped {
				<-served
				fmt.Fprintln(e.stdout, "Stopped")
				return nil
			}
			if err != nil {
				e.printFailure(err)
				srv.SetError(buildError(opts.Source, err))
				failed = true
				continue
			}
			if failed {
				srv.ClearError()
				failed = false
				if !f.quiet {
					fmt.Fprintln(e.stdout, e.paintOut("32", "Fixed"))
				}
			}
			e.printDiags(res.Diags, f.verbose, false)
			srv.Reload(res.Changed)
			if !f.quiet {
				fmt.Fprintf(e.stdout, "Rebuilt in %s: %s rendered, %s changed\n", roundDuration(res.Elapsed), plural(res.Rendered, "page"), plural(len(res.Changed), "file"))
			}
			if f.verbose {
				e.printStages(res)
			}
		}
	}
}

// bindWarning warns when the preview listens on more than the loopback
// interface.
func bindWarning(bind string) string {
	if ip := net.ParseIP(bind); ip != nil && ip.IsLoopback() || bind == "localhost" {
		return ""
	}
	return "warning: --bind " + bind + " makes the preview, drafts included, visible to other machines on your network"
}

// buildUnlessStopped runs a rebuild, but returns as soon as ctx ends
// (Ctrl-C) with stopped set, leaving a rebuild that is still running (a
// slow page, a runaway template) to end with the process. Every file a
// rebuild writes is replaced in one rename, so the folder holds no
// half-written file.
func buildUnlessStopped(ctx context.Context, b *site.Builder, paths []string) (res *site.Result, err error, stopped bool) {
	type outcome struct {
		res *site.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		r, err := b.Build(paths)
		done <- outcome{r, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err, false
	case <-ctx.Done():
		return nil, nil, true
	}
}

// pathOf returns the path of a base URL ("/" when there is none).
func pathOf(base string) string {
	if base == "" {
		return "/"
	}
	u, err := url.Parse(base)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// buildError converts a failed build to the overlay shown in the browser,
// with the source lines around each problem.
func buildError(source string, err error) *server.BuildError {
	var ds diag.List
	if !errors.As(err, &ds) {
		return &server.BuildError{Problems: []server.Problem{{Msg: err.Error()}}}
	}
	be := &server.BuildError{}
	for _, d := range ds.Errors() {
		p := server.Problem{Path: d.Path, Line: d.Line, Col: d.Col, Msg: d.Msg}
		if src, err := os.ReadFile(filepath.Join(source, filepath.FromSlash(d.Path))); err == nil && d.Line > 0 {
			p.Context = server.SourceLines(src, d.Line, 2)
		}
		be.Problems = append(be.Problems, p)
	}
	return be
}
