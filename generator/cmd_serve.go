package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
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
	fs := newFlags(e, "serve", "serve [--source DIR] [--dest DIR] [--bind ADDR] [--port N] [--drafts] [--poll DURATION]")
	f.register(fs, true)
	fs.StringVar(&bind, "bind", "127.0.0.1", "`ADDR`ess to listen on (0.0.0.0 for every interface)")
	fs.IntVar(&port, "port", 8080, "`PORT` to listen on")
	fs.DurationVar(&poll, "poll", 0, "check files every `DURATION` (e.g. 500ms) instead of using file system events; chosen automatically when events are unavailable")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "generator serve: unexpected argument %q\n", rest[0])
		return errUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, e, f, net.JoinHostPort(bind, strconv.Itoa(port)), poll, nil)
}

// serve runs the preview until ctx ends. ready, when not nil, receives the
// site's URL once the first build is served (for tests).
func serve(ctx context.Context, e *env, f siteFlags, addr string, poll time.Duration, ready chan<- string) error {
	opts := f.options()
	ln, err := server.Listen(addr)
	if errors.Is(err, server.ErrAddrInUse) {
		fmt.Fprintf(e.stderr, "generator serve: %s is already in use; stop the other server or choose another port with --port\n", addr)
		return errUsage
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "generator serve: %v\n", err)
		return errUsage
	}
	defer ln.Close()
	b, err := site.NewBuilder(opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "generator serve: %v\n", err)
		return err
	}
	res, err := b.Build(nil)
	basePath := "/"
	if err != nil {
		e.printFailure(err)
	} else {
		e.printDiags(res.Diags, f.verbose, false)
		basePath = pathOf(res.BaseURL)
	}
	srv := server.New(server.Options{Dir: b.Dest(), BasePath: basePath})
	if err != nil {
		srv.SetError(buildError(opts.Source, err))
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	siteURL := "http://" + ln.Addr().String() + srv.BasePath()
	if err == nil && !f.quiet {
		fmt.Fprintf(e.stdout, "%s %s and %s in %s\n", e.paint("32", "Built"), plural(res.Pages, "page"), plural(res.Files-res.Pages, "other file"), roundDuration(res.Elapsed))
	}
	fmt.Fprintf(e.stdout, "Serving %s at %s (Ctrl-C to stop)\n", b.Dest(), e.paint("1", siteURL))

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
			res, err := b.Build(batch.Paths)
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
					fmt.Fprintln(e.stdout, e.paint("32", "Fixed"))
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
