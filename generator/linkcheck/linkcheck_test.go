package linkcheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counting is a test server on 127.0.0.1 that notes how many requests it
// serves at once.
type counting struct {
	mu          sync.Mutex
	now, most   int
	requests    atomic.Int64
	heads, gets atomic.Int64
}

func (c *counting) wrap(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.requests.Add(1)
		if r.Method == http.MethodHead {
			c.heads.Add(1)
		} else {
			c.gets.Add(1)
		}
		c.mu.Lock()
		c.now++
		c.most = max(c.most, c.now)
		c.mu.Unlock()
		defer func() { c.mu.Lock(); c.now--; c.mu.Unlock() }()
		h(w, r)
	}
}

func TestCheckFindsDeadLinksFollowsRedirectsAndFallsBackToGet(t *testing.T) {
	var c counting
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/temp", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	srv := httptest.NewServer(c.wrap(mux.ServeHTTP))
	defer srv.Close()
	ch := New(srv.Client(), t.TempDir())
	ch.Timeout = 200 * time.Millisecond
	u := srv.URL
	res := ch.Check(context.Background(), []string{u + "/ok", u + "/gone", u + "/no-head", u + "/old", u + "/temp", u + "/slow", u + "/ok"})
	for path, want := range map[string]struct {
		dead  bool
		final string
	}{"/ok": {false, ""}, "/gone": {true, ""}, "/no-head": {false, ""}, "/old": {false, u + "/ok"}, "/temp": {false, ""}, "/slow": {true, ""}} {
		r := res[u+path]
		if r.Dead() != want.dead || r.Final != want.final {
			t.Errorf("%s: %+v, want dead=%v final=%q", path, r, want.dead, want.final)
		}
	}
	if p := res[u+"/gone"].Problem(); p != "404 Not Found" {
		t.Errorf("gone: problem %q", p)
	}
	if p := res[u+"/slow"].Problem(); p != "no answer (no answer within 200ms)" {
		t.Errorf("slow: problem %q", p)
	}
	if c.gets.Load() == 0 || c.heads.Load() == 0 {
		t.Errorf("HEAD %d, GET %d: want both", c.heads.Load(), c.gets.Load())
	}
}

// TestCheckLimitsRequestsAndCachesForADay: at most 2 requests at once to a
// host and 4 in all; a second check within a day asks nothing.
func TestCheckLimitsRequestsAndCachesForADay(t *testing.T) {
	var all counting
	var servers []*httptest.Server
	var hosts []*counting
	for range 3 {
		var c counting
		hosts = append(hosts, &c)
		s := httptest.NewServer(all.wrap(c.wrap(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(30 * time.Millisecond)
		})))
		defer s.Close()
		servers = append(servers, s)
	}
	var addrs []string
	for _, s := range servers {
		for i := range 6 {
			addrs = append(addrs, s.URL+"/p"+string(rune('a'+i)))
		}
	}
	dir := t.TempDir()
	ch := New(servers[0].Client(), dir)
	res := ch.Check(context.Background(), addrs)
	if len(res) != len(addrs) {
		t.Fatalf("%d results for %d addresses", len(res), len(addrs))
	}
	for i, c := range hosts {
		if c.most > 2 {
			t.Errorf("host %d served %d requests at once, want at most 2", i, c.most)
		}
	}
	if all.most > 4 {
		t.Errorf("%d requests at once in all, want at most 4", all.most)
	}
	before := all.requests.Load()
	again := New(servers[0].Client(), dir)
	again.Check(context.Background(), addrs)
	if n := all.requests.Load() - before; n != 0 {
		t.Errorf("a check within a day made %d requests, want 0 (cached)", n)
	}
	later := New(servers[0].Client(), dir)
	later.now = func() time.Time { return time.Now().Add(25 * time.Hour) }
	later.Check(context.Background(), addrs[:1])
	if n := all.requests.Load() - before; n != 1 {
		t.Errorf("a check a day later made %d requests, want 1", n)
	}
}
