package server

import (
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed client.js
var clientJS []byte

// streamBuffer is how many messages a stream may fall behind before the
// server disconnects it.
const streamBuffer = 16

// hub holds the connected live-reload streams and the state a new stream
// needs: the build id and the current build error.
type hub struct {
	instance string

	mu      sync.Mutex
	gen     uint64
	errMsg  []byte // the pending "error" message; nil when the build is fine
	streams map[*stream]struct{}
}

// stream is one connected EventSource.
type stream struct {
	msgs    chan []byte
	dropped chan struct{} // closed when the stream fell too far behind
}

func newHub() *hub {
	return &hub{instance: strings.ToLower(rand.Text()[:10]), streams: make(map[*stream]struct{})}
}

func (h *hub) buildID() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.buildIDLocked()
}

func (h *hub) buildIDLocked() string {
	return h.instance + "-" + strconv.FormatUint(h.gen, 10)
}

// join registers a stream, queueing the hello message and the current error
// under the same lock as broadcasts so that nothing is missed in between.
// It returns nil when limit streams are open already.
func (h *hub) join(limit int) *stream {
	st := &stream{msgs: make(chan []byte, streamBuffer), dropped: make(chan struct{})}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.streams) >= limit {
		return nil
	}
	hello, _ := json.Marshal(map[string]string{"build": h.buildIDLocked()})
	st.msgs <- append([]byte("retry: 1000\n"), message("hello", hello)...)
	if h.errMsg != nil {
		st.msgs <- h.errMsg
	}
	h.streams[st] = struct{}{}
	return st
}

func (h *hub) leave(st *stream) {
	h.mu.Lock()
	delete(h.streams, st)
	h.mu.Unlock()
}

// broadcastLocked queues msg on every stream without blocking; a stream whose
// buffer is full is dropped (its handler returns and the browser reconnects).
func (h *hub) broadcastLocked(msg []byte) {
	for st := range h.streams {
		select {
		case st.msgs <- msg:
		default:
			delete(h.streams, st)
			close(st.dropped)
		}
	}
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.streams)
}

// message formats one SSE event; data must be a single line.
func message(event string, data []byte) []byte {
	b := make([]byte, 0, len(event)+len(data)+16)
	b = append(b, "event: "...)
	b = append(b, event...)
	b = append(b, "\ndata: "...)
	b = append(b, data...)
	return append(b, "\n\n"...)
}

// changeEvent is the data of "reload" and "css" events.
type changeEvent struct {
	Build string   `json:"build"`
	All   bool     `json:"all"`
	Paths []string `json:"paths"`
	CSS   []string `json:"css"`
	Pages []string `json:"pages"`
}

// Reload tells the open pages that a rebuild has finished writing and which
// output files' bytes changed: paths relative to dest, slash-separated, such
// as "a/b/index.html" or "assets/site.3fa2.css". An empty list means
// "something changed" and reloads every page. Reload does not clear a build
// error; call [Server.ClearError] for that. It never blocks on clients.
func (s *Server) Reload(changed []string) {
	ev := changeEvent{All: len(changed) == 0, Paths: []string{}, CSS: []string{}, Pages: []string{}}
	var root *os.Root
	for _, p := range changed {
		p = strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(p)), "/")
		if p == "" {
			continue
		}
		switch {
		case strings.EqualFold(path.Ext(p), ".css"):
			ev.CSS = append(ev.CSS, p)
		case isHTML(p) && s.pages.has(p):
			if root == nil {
				r, err := os.OpenRoot(s.dir)
				if err != nil {
					ev.Paths = append(ev.Paths, p)
					continue
				}
				root = r
				defer root.Close()
			}
			if s.pages.styleOnly(root, p) {
				ev.Pages = append(ev.Pages, p)
			} else {
				ev.Paths = append(ev.Paths, p)
			}
		default:
			ev.Paths = append(ev.Paths, p)
		}
	}
	if !ev.All && len(ev.Paths)+len(ev.CSS)+len(ev.Pages) == 0 {
		return
	}
	name := "css"
	if ev.All || len(ev.Paths) > 0 {
		name = "reload"
	}
	h := s.live
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gen++
	ev.Build = h.buildIDLocked()
	data, _ := json.Marshal(ev)
	h.broadcastLocked(message(name, data))
}

// SetError makes the open pages, and pages opened later, show an overlay
// with the problems of a failed build, until [Server.ClearError]. A nil e
// is the same as ClearError.
func (s *Server) SetError(e *BuildError) {
	if e == nil {
		s.ClearError()
		return
	}
	data, err := json.Marshal(e)
	if err != nil {
		data = []byte(`{"problems":[{"msg":"build failed"}]}`)
	}
	h := s.live
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errMsg = message("error", data)
	h.broadcastLocked(h.errMsg)
}

// ClearError removes the error overlay from open pages (an "ok" event). It
// does nothing when no error is set.
func (s *Server) ClearError() {
	h := s.live
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.errMsg == nil {
		return
	}
	h.errMsg = nil
	h.broadcastLocked(message("ok", []byte("{}")))
}

// serveEvents is the SSE endpoint. The server's read and write timeouts do
// not apply: the read deadline is lifted and each write gets its own short
// deadline, so a stuck client cannot hold the handler for long.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{}) // not supported by every ResponseWriter; fine
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")

	st := s.live.join(s.maxStreams)
	if st == nil {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("503 too many live-reload connections\n"))
		return
	}
	defer s.live.leave(st)
	stop, _ := r.Context().Value(stopKey{}).(<-chan struct{}) // nil outside Serve
	write := func(b []byte) bool {
		rc.SetWriteDeadline(time.Now().Add(s.streamWrite))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(s.heartbeat)
	defer tick.Stop()
	for {
		select {
		case msg := <-st.msgs:
			if !write(msg) {
				return
			}
		case <-tick.C:
			if !write([]byte(": ping\n\n")) {
				return
			}
		case <-st.dropped:
			return
		case <-stop:
			return
		case <-r.Context().Done():
			return
		}
	}
}
