package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// wait is how long a test waits for something that should happen at once;
// generous so that a busy machine running -race does not flake.
const wait = 30 * time.Second

// get performs a request against h with a raw request target, so that the
// target reaches the handler exactly as written.
func get(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "localhost"
	h.ServeHTTP(rec, req)
	return rec
}

// startHTTP serves s.Handler() on a real loopback listener.
func startHTTP(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

type sseEvent struct {
	name string // "" for a comment
	data string
	text string // the comment text
}

// stream is a test EventSource.
type sseStream struct {
	events chan sseEvent
	cancel context.CancelFunc
	done   chan struct{}
}

// openStream connects to an SSE endpoint; the connection is closed when the
// test ends (register it after the server so that it closes first).
func openStream(t *testing.T, url string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("GET %s: %s, Content-Type %q", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	st := &sseStream{events: make(chan sseEvent, 100), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(st.done)
		defer close(st.events)
		defer resp.Body.Close()
		readEvents(ctx, resp.Body, st.events)
	}()
	t.Cleanup(func() {
		cancel()
		<-st.done
	})
	return st
}

func readEvents(ctx context.Context, r io.Reader, out chan<- sseEvent) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var ev sseEvent
	send := func(ev sseEvent) bool {
		select {
		case out <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" && !send(ev) {
				return
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"):
			if !send(sseEvent{text: strings.TrimSpace(line[1:])}) {
				return
			}
		case strings.HasPrefix(line, "event: "):
			ev.name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			ev.data = line[len("data: "):]
		}
	}
}

// next returns the next event, skipping comments.
func (st *sseStream) next(t *testing.T) sseEvent {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case ev, ok := <-st.events:
			if !ok {
				t.Fatal("event stream ended")
			}
			if ev.name != "" {
				return ev
			}
		case <-timeout:
			t.Fatal("no event")
		}
	}
}

// expect returns the next event and fails unless it is called name.
func (st *sseStream) expect(t *testing.T, name string) sseEvent {
	t.Helper()
	ev := st.next(t)
	if ev.name != name {
		t.Fatalf("got event %q (data %s), want %q", ev.name, ev.data, name)
	}
	return ev
}

// httptestDo is get with another method.
func httptestDo(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, target, nil)
	req.Host = "localhost"
	h.ServeHTTP(rec, req)
	return rec
}
