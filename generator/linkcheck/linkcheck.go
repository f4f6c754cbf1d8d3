// Package linkcheck checks external web addresses for check --external:
// at most 4 requests at once and 2 per host, each with a timeout, HEAD
// first and GET when a server refuses HEAD, redirects followed and the
// final address reported, results cached on disk for a day. Nothing else
// in the generator opens a network connection.
package linkcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Result is what checking one address found.
type Result struct {
	Status  int       `json:"status"`          // final HTTP status, 0 when no answer
	Final   string    `json:"final,omitempty"` // the address after permanent redirects, when it moved
	Err     string    `json:"err,omitempty"`   // network error, when there was no answer
	Checked time.Time `json:"checked"`
}

// Dead reports whether the address gives no page: no answer, or a 4xx
// or 5xx status.
func (r Result) Dead() bool { return r.Status == 0 || r.Status >= 400 }

// Problem describes a dead address in words, or "".
func (r Result) Problem() string {
	switch {
	case r.Status == 0:
		return "no answer (" + r.Err + ")"
	case r.Status >= 400:
		return fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status))
	}
	return ""
}

// Checker checks addresses. The zero value is not usable: use New.
type Checker struct {
	Client   *http.Client
	Timeout  time.Duration // per request
	MaxAll   int           // requests at once
	MaxHost  int           // requests at once to one host
	CacheTTL time.Duration
	cacheDir string
	now      func() time.Time
}

// New returns a checker with the limits of check --external, caching in
// cacheDir ("" = no cache). client nil means a client of its own.
func New(client *http.Client, cacheDir string) *Checker {
	if client == nil {
		client = &http.Client{}
	}
	return &Checker{Client: client, Timeout: 15 * time.Second, MaxAll: 4, MaxHost: 2, CacheTTL: 24 * time.Hour, cacheDir: cacheDir, now: time.Now}
}

const cacheFile = "external-links.json"

func (c *Checker) loadCache() map[string]Result {
	m := map[string]Result{}
	if c.cacheDir == "" {
		return m
	}
	data, err := os.ReadFile(filepath.Join(c.cacheDir, cacheFile))
	if err == nil {
		_ = json.Unmarshal(data, &m) // a broken cache is an empty one
	}
	return m
}

func (c *Checker) saveCache(m map[string]Result) {
	if c.cacheDir == "" {
		return
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil || os.MkdirAll(c.cacheDir, 0o755) != nil {
		return
	}
	tmp := filepath.Join(c.cacheDir, cacheFile+".tmp")
	if os.WriteFile(tmp, data, 0o644) == nil {
		_ = os.Rename(tmp, filepath.Join(c.cacheDir, cacheFile))
	}
}

// Check checks every address (duplicates once) and returns the results by
// address. Results younger than CacheTTL are reused from the cache.
func (c *Checker) Check(ctx context.Context, addrs []string) map[string]Result {
	cache := c.loadCache()
	out := map[string]Result{}
	var todo []string
	seen := map[string]bool{}
	for _, a := range addrs {
		if seen[a] {
			continue
		}
		seen[a] = true
		if r, ok := cache[a]; ok && c.now().Sub(r.Checked) < c.CacheTTL {
			out[a] = r
			continue
		}
		todo = append(todo, a)
	}
	sort.Strings(todo)
	all := make(chan struct{}, max(1, c.MaxAll))
	var mu sync.Mutex
	hosts := map[string]chan struct{}{}
	hostSlot := func(h string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if hosts[h] == nil {
			hosts[h] = make(chan struct{}, max(1, c.MaxHost))
		}
		return hosts[h]
	}
	var wg sync.WaitGroup
	for _, a := range todo {
		host := ""
		if u, err := url.Parse(a); err == nil {
			host = u.Host
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs := hostSlot(host)
			hs <- struct{}{}
			all <- struct{}{}
			r := c.check(ctx, a)
			<-all
			<-hs
			mu.Lock()
			out[a] = r
			cache[a] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	c.saveCache(cache)
	return out
}

// check asks for one address: HEAD, then GET when HEAD gives no page
// (many servers refuse or mishandle HEAD).
func (c *Checker) check(ctx context.Context, addr string) Result {
	r := c.request(ctx, http.MethodHead, addr)
	if r.Dead() {
		r = c.request(ctx, http.MethodGet, addr)
	}
	r.Checked = c.now()
	return r
}

func (c *Checker) request(ctx context.Context, method, addr string) Result {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, addr, nil)
	if err != nil {
		return Result{Err: err.Error()}
	}
	req.Header.Set("User-Agent", "kpstrikes-generator link check")
	permanent := ""
	client := *c.Client
	client.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("more than 10 redirects")
		}
		if code := r.Response.StatusCode; code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect {
			permanent = r.URL.String()
		}
		return nil
	}
	resp, err := client.Do(req)
	if err != nil {
		msg := err.Error()
		var ue *url.Error
		if errors.As(err, &ue) {
			msg = ue.Err.Error()
		}
		if errors.Is(err, context.DeadlineExceeded) {
			msg = fmt.Sprintf("no answer within %s", c.Timeout)
		}
		return Result{Err: msg}
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
	return Result{Status: resp.StatusCode, Final: permanent}
}
