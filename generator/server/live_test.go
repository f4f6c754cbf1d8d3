package server

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func decodeChange(t *testing.T, ev sseEvent) changeEvent {
	t.Helper()
	var c changeEvent
	if err := json.Unmarshal([]byte(ev.data), &c); err != nil {
		t.Fatalf("event %s: bad JSON %q: %v", ev.name, ev.data, err)
	}
	return c
}

func TestStreamStartsWithHelloAndReloadFollows(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "x"})})
	ts := startHTTP(t, s)
	st := openStream(t, ts.URL+"/__livereload")
	hello := st.expect(t, "hello")
	if !strings.Contains(hello.data, `"build":"`+s.live.buildID()+`"`) {
		t.Errorf("hello %s, want build %s", hello.data, s.live.buildID())
	}

	s.Reload([]string{"a/b/index.html", "/img/x.png"})
	c := decodeChange(t, st.expect(t, "reload"))
	if !reflect.DeepEqual(c.Paths, []string{"a/b/index.html", "img/x.png"}) || c.All || len(c.CSS) != 0 {
		t.Errorf("reload data %+v", c)
	}
	if c.Build == "" || c.Build != s.live.buildID() || strings.Contains(hello.data, c.Build) {
		t.Errorf("reload build %q: want the new build id", c.Build)
	}

	s.Reload(nil)
	if c := decodeChange(t, st.expect(t, "reload")); !c.All {
		t.Errorf("Reload(nil) data %+v, want all", c)
	}
}

func TestCSSOnlyChangeSendsCSSEvent(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "x"})})
	st := openStream(t, startHTTP(t, s).URL+"/__livereload")
	st.expect(t, "hello")
	s.Reload([]string{"assets/site.3fa2.css"})
	c := decodeChange(t, st.expect(t, "css"))
	if !reflect.DeepEqual(c.CSS, []string{"assets/site.3fa2.css"}) || len(c.Paths) != 0 {
		t.Errorf("css data %+v", c)
	}
}

func TestNewHashedStylesheetLinkCountsAsStyleChange(t *testing.T) {
	page := func(css, text string) string {
		return `<html><head><link rel="stylesheet" href="../assets/site.` + css + `.css"></head><body>` + text + `</body></html>`
	}
	dir := sitetest.FromMap(t, map[string]string{"a/index.html": page("1111", "hello"), "b/index.html": page("1111", "other")})
	s := New(Options{Dir: dir})
	ts := startHTTP(t, s)
	for _, p := range []string{"/a/", "/b/"} {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	st := openStream(t, ts.URL+"/__livereload")
	st.expect(t, "hello")

	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The stylesheet got a new hash: both pages' links change, nothing else.
	write("a/index.html", page("2222", "hello"))
	write("b/index.html", page("2222", "other"))
	s.Reload([]string{"a/index.html", "assets/site.2222.css", "b/index.html", "c/index.html"})
	c := decodeChange(t, st.expect(t, "reload"))
	if !reflect.DeepEqual(c.Pages, []string{"a/index.html", "b/index.html"}) ||
		!reflect.DeepEqual(c.Paths, []string{"c/index.html"}) || !reflect.DeepEqual(c.CSS, []string{"assets/site.2222.css"}) {
		t.Errorf("got %+v, want a and b as style-only pages and c (never served) as a path", c)
	}

	// A content change is a reload of that page.
	write("a/index.html", page("2222", "changed"))
	write("b/index.html", page("3333", "other"))
	s.Reload([]string{"a/index.html", "b/index.html", "assets/site.3333.css"})
	c = decodeChange(t, st.expect(t, "reload"))
	if !reflect.DeepEqual(c.Paths, []string{"a/index.html"}) || !reflect.DeepEqual(c.Pages, []string{"b/index.html"}) {
		t.Errorf("got %+v, want a as a path and b as a page", c)
	}

	write("b/index.html", page("4444", "other"))
	s.Reload([]string{"b/index.html", "assets/site.4444.css"})
	if c := decodeChange(t, st.expect(t, "css")); !reflect.DeepEqual(c.Pages, []string{"b/index.html"}) {
		t.Errorf("got %+v", c)
	}
}

func TestErrorOverlayEventsAndStateForNewClients(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "x"})})
	ts := startHTTP(t, s)
	st := openStream(t, ts.URL+"/__livereload")
	st.expect(t, "hello")

	s.ClearError() // no error set: nothing is sent
	be := &BuildError{Problems: []Problem{{
		Path: "content/a.md", Line: 2, Col: 3, Msg: `unknown citation "<x>"`,
		Context: SourceLines([]byte("one\r\ntwo [@x]\nthree\n"), 2, 1),
	}}}
	s.SetError(be)
	ev := st.expect(t, "error")
	var got BuildError
	if err := json.Unmarshal([]byte(ev.data), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, be) {
		t.Errorf("error data %s, want %+v", ev.data, be)
	}
	if want := []Line{{1, "one"}, {2, "two [@x]"}, {3, "three"}}; !reflect.DeepEqual(be.Problems[0].Context, want) {
		t.Errorf("SourceLines = %+v", be.Problems[0].Context)
	}

	late := openStream(t, ts.URL+"/__livereload")
	late.expect(t, "hello")
	late.expect(t, "error")

	s.ClearError()
	st.expect(t, "ok")
	late.expect(t, "ok")

	latest := openStream(t, ts.URL+"/__livereload")
	latest.expect(t, "hello")
	s.Reload([]string{"x.js"})
	latest.expect(t, "reload") // no stale error in between
}

func TestHeartbeatAndTimeoutsDoNotEndStream(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "x"})})
	s.heartbeat = 50 * time.Millisecond
	s.readTimeout = 200 * time.Millisecond
	s.writeTimeout = 200 * time.Millisecond
	url := serveOnLoopback(t, s)
	st := openStream(t, url+"/__livereload")
	st.expect(t, "hello")
	deadline := time.Now().Add(700 * time.Millisecond)
	pings := 0
	for time.Now().Before(deadline) {
		select {
		case ev, ok := <-st.events:
			if !ok {
				t.Fatal("stream ended")
			}
			if ev.name == "" && ev.text == "ping" {
				pings++
			}
		case <-time.After(wait):
			t.Fatal("no heartbeat")
		}
	}
	if pings == 0 {
		t.Fatal("no heartbeat")
	}
	s.Reload([]string{"a.js"})
	st.expect(t, "reload") // still open past the read and write timeouts
}

func TestSlowClientNeverBlocksReload(t *testing.T) {
	s := New(Options{Dir: sitetest.FromMap(t, map[string]string{"index.html": "x"})})
	stuck := s.live.join(maxStreams) // never read
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 10 * streamBuffer {
			s.Reload([]string{"a.js"})
			s.SetError(&BuildError{Problems: []Problem{{Msg: "x"}}})
			s.ClearError()
		}
	}()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("Reload blocked on a client that does not read")
	}
	select {
	case <-stuck.dropped:
	default:
		t.Error("the stuck stream was not dropped")
	}
	if n := s.live.count(); n != 0 {
		t.Errorf("%d streams still registered", n)
	}
}
