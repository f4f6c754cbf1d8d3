package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/txtar"
)

const serveSite = `
-- content/site.yaml --
title: Serve test
-- content/_index.md --
---
title: Home
---
Home page.
-- content/a.md --
---
title: Page A
---
First version of A.
-- layouts/base.html --
<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title><link rel="stylesheet" href="{{ asset "css/site.css" }}"></head><body>{{ block "main" . }}{{ end }}</body></html>
-- layouts/page.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
-- layouts/section.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}{{ end }}
-- layouts/assets/css/site.css --
body { color: #111; }
`

// startServe writes the fixture site and runs serve on a free port until
// the test ends. It returns the site root and URL.
func startServe(t *testing.T, site string, extra ...string) (string, string, *cliBuffer) {
	t.Helper()
	root := t.TempDir()
	_, files := txtar.Parse([]byte(site))
	if err := txtar.WriteDir(root, files); err != nil {
		t.Fatal(err)
	}
	out := &cliBuffer{}
	e := &env{stdout: out, stderr: out, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	f := siteFlags{source: root, noCache: true}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { done <- serve(ctx, e, f, ln, 0, ready) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	})
	select {
	case u := <-ready:
		return root, u, out
	case err := <-done:
		t.Fatalf("serve ended: %v\n%s", err, out.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not start:\n%s", out.String())
	}
	return "", "", nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// events connects to the live reload stream and returns its events.
func events(t *testing.T, base string) <-chan string {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"__livereload", nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan string, 64)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ch <- ev + " " + strings.TrimPrefix(line, "data: ")
			}
		}
		close(ch)
	}()
	return ch
}

func waitEvent(t *testing.T, ch <-chan string, kind string) string {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("event stream closed before %q", kind)
			}
			if strings.HasPrefix(e, kind+" ") {
				return e
			}
		case <-deadline:
			t.Fatalf("no %q event", kind)
		}
	}
}

func saveAtomically(t *testing.T, path, text string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".swp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func TestServeRebuildsOnSaveAndSendsReload(t *testing.T) {
	root, base, _ := startServe(t, serveSite)
	if code, body := get(t, base+"a/"); code != 200 || !strings.Contains(body, "First version of A.") || !strings.Contains(body, "__livereload") {
		t.Fatalf("GET a/: %d %s", code, body)
	}
	disk, _ := os.ReadFile(filepath.Join(root, "public", "a", "index.html"))
	if bytes.Contains(disk, []byte("__livereload")) {
		t.Error("live reload script written to disk")
	}
	ev := events(t, base)
	waitEvent(t, ev, "hello")
	saveAtomically(t, filepath.Join(root, "content", "a.md"), "---\ntitle: Page A\n---\nSecond version of A.\n")
	e := waitEvent(t, ev, "reload")
	if !strings.Contains(e, "a/index.html") {
		t.Errorf("reload event does not name the page: %s", e)
	}
	if _, body := get(t, base+"a/"); !strings.Contains(body, "Second version of A.") {
		t.Errorf("page not rebuilt before the reload event: %s", body)
	}
	// A CSS-only change swaps styles instead of reloading.
	os.WriteFile(filepath.Join(root, "layouts", "assets", "css", "site.css"), []byte("body { color: #222; }\n"), 0o644)
	// Pages never served may count as changed; a/, which the test loaded,
	// must be listed as a page whose only change is its stylesheet.
	var change struct{ Paths, CSS, Pages []string }
	for {
		e := <-ev
		kind, data, _ := strings.Cut(e, " ")
		if kind != "css" && kind != "reload" {
			continue
		}
		if err := json.Unmarshal([]byte(data), &change); err != nil {
			t.Fatal(err)
		}
		break
	}
	if !slices.Contains(change.Pages, "a/index.html") || slices.Contains(change.Paths, "a/index.html") || len(change.CSS) == 0 {
		t.Errorf("CSS-only change: %+v", change)
	}
	// A new page in a new folder appears; deleting it removes it.
	os.MkdirAll(filepath.Join(root, "content", "new", "deep"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "new", "deep", "b.md"), []byte("---\ntitle: B\n---\nB text.\n"), 0o644)
	waitEvent(t, ev, "reload")
	if code, body := get(t, base+"new/deep/b/"); code != 200 || !strings.Contains(body, "B text.") {
		t.Fatalf("new page: %d %s", code, body)
	}
	os.RemoveAll(filepath.Join(root, "content", "new"))
	waitEvent(t, ev, "reload")
	if code, _ := get(t, base+"new/deep/b/"); code != 404 {
		t.Errorf("deleted page still served: %d", code)
	}
	if _, err := os.Stat(filepath.Join(root, "public", "new")); !os.IsNotExist(err) {
		t.Error("deleted page's folder left in public/")
	}
}

func TestServeShowsErrorsAndKeepsLastGoodBuild(t *testing.T) {
	root, base, out := startServe(t, serveSite)
	ev := events(t, base)
	waitEvent(t, ev, "hello")
	page := filepath.Join(root, "content", "a.md")
	os.WriteFile(page, []byte("---\ntitle: Page A\ndate: someday\n---\nBroken.\n"), 0o644)
	e := waitEvent(t, ev, "error")
	if !strings.Contains(e, `"path":"content/a.md"`) || !strings.Contains(e, `"line":3`) || !strings.Contains(e, "someday") {
		t.Errorf("error event: %s", e)
	}
	if _, body := get(t, base+"a/"); !strings.Contains(body, "First version of A.") {
		t.Error("last good build not served after an error")
	}
	if !strings.Contains(out.String(), "content/a.md:3:7: error:") {
		t.Errorf("terminal output lacks the error:\n%s", out.String())
	}
	os.WriteFile(page, []byte("---\ntitle: Page A\n---\nFixed.\n"), 0o644)
	waitEvent(t, ev, "ok")
	waitEvent(t, ev, "reload")
	if _, body := get(t, base+"a/"); !strings.Contains(body, "Fixed.") {
		t.Error("fixed page not served")
	}
}

func TestServeRefusesExplicitPortInUseWithExitOne(t *testing.T) {
	_, base, _ := startServe(t, serveSite)
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	var out bytes.Buffer
	e := &env{stdout: &out, stderr: &out, getenv: func(string) string { return "" }}
	host, port, _ := strings.Cut(addr, ":")
	code := run(e, []string{"serve", "--source", sitetest.FromArchive(t, cliBaseSite), "--bind", host, "--port", port})
	if code != 1 || !strings.Contains(out.String(), "port "+port+" is already in use") {
		t.Errorf("exit %d, output %q", code, out.String())
	}
}
