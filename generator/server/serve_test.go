package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// serveOnLoopback runs s.Serve on 127.0.0.1:0 until the test ends and
// returns the base URL.
func serveOnLoopback(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func TestServeShutsDownGracefullyWithOpenStreams(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "<body>x</body>"})})
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()

	streams := []*sseStream{openStream(t, url+"/__livereload"), openStream(t, url+"/__livereload")}
	for _, st := range streams {
		st.expect(t, "hello")
	}
	resp, err := http.Get(url + "/")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %v %v", resp, err)
	}
	resp.Body.Close()

	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve returned %v, want nil", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return after cancel")
	}
	if d := time.Since(start); d >= s.shutdownGrace {
		t.Errorf("shutdown took %v: streams held it up", d)
	}
	for _, st := range streams {
		for range st.events { // the server ended the stream
		}
	}
	if _, err := http.Get(url + "/"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestListenReportsAddressInUse(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Listen(ln.Addr().String())
	if !errors.Is(err, ErrAddrInUse) {
		t.Fatalf("Listen on a taken port: %v, want ErrAddrInUse", err)
	}
	err = New(Options{Dir: t.TempDir()}).ListenAndServe(context.Background(), ln.Addr().String())
	if !errors.Is(err, ErrAddrInUse) {
		t.Fatalf("ListenAndServe on a taken port: %v, want ErrAddrInUse", err)
	}
}

func TestListenWithoutHostUsesLoopback(t *testing.T) {
	ln, err := Listen(":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		t.Errorf("listening on %v, want loopback", ip)
	}
	if _, err := Listen("8080"); err == nil {
		t.Error("Listen(\"8080\") succeeded, want a bad-address error")
	}
}

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// settle waits until f() <= limit and returns the last value.
func settle(limit int, f func() int) int {
	deadline := time.Now().Add(wait)
	n := f()
	for n > limit && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		n = f()
	}
	return n
}

// steady returns f() once it has returned the same value a few times in a
// row (or after a while).
func steady(f func() int) int {
	n, same := f(), 0
	for deadline := time.Now().Add(wait); same < 5 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		if m := f(); m == n {
			same++
		} else {
			n, same = m, 0
		}
	}
	return n
}

func TestManyClientsLeaveNoGoroutinesOrFilesBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("many connections")
	}
	const pageLoads, streams = 500, 200
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{
		"index.html":    "<html><body>home</body></html>",
		"assets/a.css":  strings.Repeat("p{}", 1000),
		"a/index.html":  "<p>a</p>",
		"404.html":      "<p>gone</p>",
		"img/photo.png": strings.Repeat("x", 64<<10),
	})})
	s.maxStreams = streams // above the default cap, to stress the server
	url := serveOnLoopback(t, s)
	tr := &http.Transport{MaxIdleConnsPerHost: pageLoads, MaxConnsPerHost: 0}
	client := &http.Client{Transport: tr, Timeout: 2 * wait}

	// Baseline: the server is up (one request went through) and its
	// connection is gone again.
	resp, err := client.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	tr.CloseIdleConnections()
	goroutines, fds := steady(runtime.NumGoroutine), steady(func() int { return openFDs(t) })

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, pageLoads+streams)
	opened := make(chan struct{}, streams)
	for i := range streams {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/__livereload", nil)
			resp, err := client.Do(req)
			if err != nil {
				errs <- fmt.Errorf("stream %d: %w", i, err)
				return
			}
			defer resp.Body.Close()
			buf := make([]byte, 1)
			if _, err := resp.Body.Read(buf); err != nil {
				errs <- fmt.Errorf("stream %d: %w", i, err)
			}
			opened <- struct{}{}
			io.Copy(io.Discard, resp.Body) // until cancelled
		})
	}
	paths := []string{"/", "/a/", "/assets/a.css", "/img/photo.png", "/missing/", "/a"}
	var loads sync.WaitGroup
	for i := range pageLoads {
		loads.Go(func() {
			resp, err := client.Get(url + paths[i%len(paths)])
			if err != nil {
				errs <- fmt.Errorf("load %d: %w", i, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				errs <- fmt.Errorf("load %d: %s", i, resp.Status)
			}
		})
	}
	loads.Wait()
	for range streams {
		select {
		case <-opened:
		case err := <-errs:
			t.Fatal(err)
		case <-time.After(2 * wait):
			t.Fatal("streams did not open")
		}
	}
	if n := s.live.count(); n != streams {
		t.Errorf("%d streams registered, want %d", n, streams)
	}
	s.Reload([]string{"a.js"}) // reaches everyone without blocking
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	tr.CloseIdleConnections()

	if n := settle(0, s.live.count); n != 0 {
		t.Errorf("%d streams still registered", n)
	}
	if n := settle(goroutines, runtime.NumGoroutine); n > goroutines {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after the clients left, %d before\n%s", n, goroutines, buf[:runtime.Stack(buf, true)])
	}
	if fds >= 0 {
		if n := settle(fds, func() int { return openFDs(t) }); n > fds {
			t.Errorf("%d open files after the clients left, %d before", n, fds)
		}
	}
}
