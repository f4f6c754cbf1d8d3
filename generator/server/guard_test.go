package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

// TestOnlyOwnHostNamesAreAnswered: a page whose DNS name was rebound to
// 127.0.0.1 sends its own name as Host; neither pages nor the live-reload
// stream may answer it.
func TestOnlyOwnHostNamesAreAnswered(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "<body>draft</body>"}), AllowHosts: []string{"Preview.Example.org"}})
	h := s.Handler()
	for _, c := range []struct {
		host string
		ok   bool
	}{
		{"localhost", true},
		{"localhost:8080", true},
		{"LOCALHOST.:8080", true},
		{"site.localhost:8080", true},
		{"127.0.0.1:8080", true},
		{"[::1]:8080", true},
		{"192.168.1.20:8080", true}, // the bound address on a network
		{"preview.example.org:8080", true},
		{"evil.example:8080", false},
		{"evil.example", false},
		{"localhost.evil.example", false},
		{"127.0.0.1.nip.io", false},
		{"", false},
	} {
		for _, target := range []string{"/", "/__livereload"} {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			req.Host = c.host
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			req = req.WithContext(ctx)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			cancel()
			if c.ok && rec.Code == http.StatusMisdirectedRequest {
				t.Errorf("Host %q %s: refused", c.host, target)
			}
			if !c.ok && (rec.Code != http.StatusMisdirectedRequest || strings.Contains(rec.Body.String(), "draft")) {
				t.Errorf("Host %q %s: %d %q, want 421", c.host, target, rec.Code, rec.Body)
			}
		}
	}
}

// TestLiveReloadStreamsAreCapped: past the cap, a stream gets 503 at once
// instead of holding a connection (20,000 streams used every descriptor).
func TestLiveReloadStreamsAreCapped(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "x"})})
	s.maxStreams = 3
	url := serveOnLoopback(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range 3 {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/__livereload", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("stream %d: %v %v", i, err, resp)
		}
		defer resp.Body.Close()
	}
	resp, err := http.Get(url + "/__livereload")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("fourth stream: %s, want 503", resp.Status)
	}
}

// TestHTMLHeldByResponsesIsBounded: responses that read a page whole wait
// for room in the budget, so slow readers cannot pile up pages in memory.
func TestHTMLHeldByResponsesIsBounded(t *testing.T) {
	b := newBudget(4<<20, 1<<20)
	first := b.acquire(context.Background(), 3<<20)
	second := b.acquire(context.Background(), 1<<20)
	if first == nil || second == nil {
		t.Fatal("acquire within the budget failed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if r := b.acquire(ctx, 1); r != nil {
		t.Fatal("acquired past the budget")
	}
	got := make(chan func(), 1)
	go func() { got <- b.acquire(context.Background(), 2<<20) }()
	select {
	case <-got:
		t.Fatal("acquired before a release")
	case <-time.After(50 * time.Millisecond):
	}
	first()
	select {
	case r := <-got:
		r()
	case <-time.After(wait):
		t.Fatal("release did not let the waiter in")
	}
	// A page bigger than the whole budget takes all of it, not forever.
	second()
	if r := b.acquire(context.Background(), 100<<20); r == nil {
		t.Fatal("big page")
	} else {
		r()
	}
}
