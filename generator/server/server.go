// Package server is the preview server behind `generator serve`. It serves the
// build output folder (dest) over HTTP and reloads open pages when a rebuild
// changes them, using Server-Sent Events (SSE). It never writes to dest.
//
// # URLs
//
// The site lives under Options.BasePath ("/" or e.g. "/sub/"); a request for
// the base path without its final slash is redirected to it and any other
// path outside it gets a plain-text 404. Below the base path:
//
//   - /a/ serves a/index.html; a directory without index.html is a 404
//     (there are no directory listings).
//   - /a redirects (302, relative Location "./a/") to /a/ when a/index.html
//     exists; the query string is kept.
//   - /a/b.css serves the file, with a Content-Type chosen from its extension
//     (atom.xml is application/atom+xml) and Cache-Control: no-cache.
//   - Anything missing serves the nearest 404.html above it in dest
//     (es/404.html for /es/missing/, else 404.html) with status 404, or a
//     plain-text 404 when there is none.
//   - __livereload (the event stream) and __livereload/client.js (the browser
//     script) are reserved; files of those names in dest are not served.
//
// Only requests whose Host header is localhost, a name ending in
// .localhost, an IP address (such as the bound one) or a name in
// Options.AllowHosts are answered; any other gets 421 Misdirected Request,
// so that a web page cannot read the preview through DNS rebinding.
// At most 64 live-reload streams are open at once (more get 503), and at
// most 128 MB of HTML is held by responses at once (more wait).
//
// Only GET and HEAD are allowed. A path with a ".." segment, a backslash, a
// NUL or an encoded slash or backslash (%2f, %5c) is rejected with 400, and
// every file is opened through an [os.Root], so neither a request nor a
// symbolic link inside dest can reach a file outside it (symbolic links that
// stay inside dest work; absolute ones do not).
//
// HTML responses (.html, .htm and the 404 page) are sent with
// Cache-Control: no-store and with one script tag inserted before the last
// </body> (at the end when there is none):
//
//	<script src="/sub/__livereload/client.js" data-build="ID" data-page="a/index.html" defer></script>
//
// data-page is the file served, relative to dest; data-build is the build id
// the page was served under. The file on disk is never modified.
//
// # Live reload protocol
//
// The script opens an EventSource at <BasePath>__livereload. Every event's
// data is one line of JSON. On connect the server sends
//
//	retry: 1000
//	event: hello
//	data: {"build":"k2v9qz1m0c-3"}
//
// followed by an error event when the last build failed. The build id is
// "<server instance>-<number of Reload calls>". A client that saw another id
// before (in data-build or an earlier event) reloads once: that is how pages
// catch up after a server restart or after missing events. Then, as things
// happen:
//
//	event: reload      some non-CSS output changed
//	event: css         only stylesheets, or only stylesheet links, changed
//	data: {"build":"…","all":false,"paths":["a/index.html","img/x.png"],"css":["assets/site.3fa2.css"],"pages":["b/index.html"]}
//
//	event: error       the last build failed: the overlay payload, a BuildError
//	data: {"problems":[{"path":"content/a.md","line":3,"col":5,"msg":"…","context":[{"n":2,"text":"…"},…]}]}
//
//	event: ok          the build succeeded again: remove the overlay
//	data: {}
//
// plus a ": ping" comment every 20 seconds. In a change event, paths are the
// changed non-CSS files; css the changed .css files; pages the HTML pages
// whose only change is in their <link> tags for stylesheets (as happens when
// a stylesheet's content hash, and so its file name, changes); all is true
// when Reload was given no list, and means "reload every page". The name is
// "reload" when paths is non-empty or all is set, "css" otherwise.
//
// The client decides whether its page is affected: it reloads when a path in
// paths is its own page (data-page, or its URL mapped to a file: /sub/x/ is
// x/index.html) or a resource it loaded (scripts, images, fonts, fetches, as
// listed by the Resource Timing API and the DOM). Otherwise, when its page is
// in pages or one of its stylesheets is in css, it fetches its own URL again
// and swaps its <link rel=stylesheet> elements for the fresh ones (adding a
// cache-busting query to stylesheets changed in place), without a reload.
//
// Each stream has a small buffer. A client too slow to keep up is
// disconnected rather than waited for; it reconnects, sees a new build id
// and reloads. Reload, SetError and ClearError never block on clients.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options configures a Server.
type Options struct {
	// Dir is the build output folder (dest) to serve.
	Dir string
	// BasePath is the URL path the site is served under: "/" (the default
	// when empty) or a path such as "/sub/" when the site was built for a
	// base URL with a path. Live reload is served under it too.
	BasePath string
	// ErrorLog receives the HTTP server's own errors (failed accepts,
	// malformed requests). Nil discards them.
	ErrorLog *log.Logger
	// AllowHosts are host names, besides localhost and IP addresses, that
	// requests may name in their Host header (--allow-host).
	AllowHosts []string
}

// Server serves one output folder with live reload. Its methods are safe for
// concurrent use.
type Server struct {
	dir        string
	base       string // cleaned; starts and ends with "/"
	clientURL  string // escaped URL path of client.js
	errorLog   *log.Logger
	live       *hub
	pages      pageCache
	allowHosts map[string]bool
	html       *budget // bytes of HTML held by responses
	maxStreams int     // open live-reload streams allowed

	// Timings; tests shorten them.
	heartbeat      time.Duration // between ": ping" comments on a stream
	streamWrite    time.Duration // deadline for each write to a stream
	shutdownGrace  time.Duration // how long Serve waits for requests on shutdown
	readHeader     time.Duration
	readTimeout    time.Duration
	writeTimeout   time.Duration
	idleConnection time.Duration
}

// New returns a Server for opts. It does not touch the file system; a
// missing Dir shows up as errors on requests.
func New(opts Options) *Server {
	dir := opts.Dir
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	base := path.Clean("/" + opts.BasePath)
	if base != "/" {
		base += "/"
	}
	logger := opts.ErrorLog
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	allow := map[string]bool{}
	for _, h := range opts.AllowHosts {
		allow[strings.TrimSuffix(strings.ToLower(h), ".")] = true
	}
	return &Server{
		allowHosts:     allow,
		html:           newBudget(htmlBudget, 1<<20),
		maxStreams:     maxStreams,
		dir:            dir,
		base:           base,
		clientURL:      (&url.URL{Path: base + reservedPrefix + "/client.js"}).EscapedPath(),
		errorLog:       logger,
		live:           newHub(),
		pages:          pageCache{m: make(map[string][32]byte)},
		heartbeat:      20 * time.Second,
		streamWrite:    10 * time.Second,
		shutdownGrace:  time.Second,
		readHeader:     10 * time.Second,
		readTimeout:    30 * time.Second,
		writeTimeout:   60 * time.Second,
		idleConnection: 2 * time.Minute,
	}
}

// BasePath returns the cleaned base path the site is served under, such as
// "/" or "/sub/".
func (s *Server) BasePath() string { return s.base }

// ErrAddrInUse is wrapped by the errors of [Listen], [Server.ListenAndServe]
// when the address is taken by another process.
var ErrAddrInUse = errors.New("address already in use")

// Listen opens a TCP listener on addr ("host:port"). An empty host means
// 127.0.0.1, so ":8080" listens on the loopback interface only; pass
// "0.0.0.0:8080" to listen on every interface. Port 0 picks a free port.
// When the port is taken the error wraps [ErrAddrInUse].
func Listen(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("server: bad address %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	hostPort := net.JoinHostPort(host, port)
	ln, err := net.Listen("tcp", hostPort)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("server: listen on %s: %w", hostPort, ErrAddrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	return ln, nil
}

// ListenAndServe is [Listen] followed by [Server.Serve].
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := Listen(addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// stopKey is the request-context key of the channel that is closed when the
// http.Server serving the request starts shutting down.
type stopKey struct{}

// Serve serves HTTP on ln until ctx is cancelled, then shuts down
// gracefully: it stops accepting, ends the live-reload streams, lets other
// requests finish for a few seconds, closes whatever is left and returns
// nil. It closes ln. It returns early with an error if serving fails.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	stop := make(chan struct{})
	var once sync.Once
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.readHeader,
		ReadTimeout:       s.readTimeout,
		WriteTimeout:      s.writeTimeout, // streams lift it per write
		IdleTimeout:       s.idleConnection,
		ErrorLog:          s.errorLog,
		BaseContext: func(net.Listener) context.Context {
			return context.WithValue(context.Background(), stopKey{}, (<-chan struct{})(stop))
		},
	}
	srv.RegisterOnShutdown(func() { once.Do(func() { close(stop) }) })

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	graceCtx, cancel := context.WithTimeout(context.Background(), s.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(graceCtx); err != nil {
		srv.Close()
	}
	once.Do(func() { close(stop) })
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}
