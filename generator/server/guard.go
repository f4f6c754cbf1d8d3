package server

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
)

// Limits on what clients may hold; tests lower them.
const (
	// maxStreams is how many live-reload streams may be open at once.
	maxStreams = 64
	// htmlBudget is how many bytes of HTML pages may be held in memory by
	// responses at once (each page is read whole to insert the script).
	htmlBudget = 128 << 20
)

// hostAllowed reports whether a request's Host header names this preview:
// an IP address (the bound address, or any other: a page on another site
// cannot make a browser send an IP address as its own host name),
// "localhost" or a name ending in ".localhost", or one of the extra names
// the user allowed. Anything else is refused, so a web page whose name is
// made to resolve to 127.0.0.1 (DNS rebinding) cannot read the preview.
func (s *Server) hostAllowed(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "" {
		return false
	}
	if net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	return s.allowHosts[host]
}

// checkHost answers 421 Misdirected Request to a request for a host name
// the preview does not answer to, and reports whether it did.
func (s *Server) checkHost(w http.ResponseWriter, r *http.Request) bool {
	if s.hostAllowed(r.Host) {
		return true
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusMisdirectedRequest)
	w.Write([]byte("421 this preview answers only to localhost and IP addresses; " +
		"to reach it under another name, start it with --allow-host NAME\n"))
	return false
}

// budget is a weighted semaphore counting bytes held by responses.
type budget struct {
	mu    sync.Mutex // serialises acquirers, so two big ones never each hold half
	slots chan struct{}
	unit  int64
}

func newBudget(total, unit int64) *budget {
	n := max(total/unit, 1)
	b := &budget{slots: make(chan struct{}, n), unit: unit}
	return b
}

// acquire takes room for n bytes, waiting until there is some or ctx
// ends; it returns the release function, or nil when ctx ended.
func (b *budget) acquire(ctx context.Context, n int64) func() {
	k := min(max((n+b.unit-1)/b.unit, 1), int64(cap(b.slots)))
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := int64(0); i < k; i++ {
		select {
		case b.slots <- struct{}{}:
		case <-ctx.Done():
			for ; i > 0; i-- {
				<-b.slots
			}
			return nil
		}
	}
	return func() {
		for range k {
			<-b.slots
		}
	}
}
