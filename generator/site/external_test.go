package site

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

const externalSite = `
-- content/site.yaml --
title: Newsroom
-- content/data/sources.yaml --
- key: gone
  outlet: Gone News
  title: A deleted story
  url: BASE/gone
- key: kept
  outlet: Kept News
  title: A deleted story with a copy
  url: BASE/gone
  archive_url: BASE/ok
-- content/story.md --
---
title: Story
description: A story.
---
See [the report](BASE/old) and [a dead page](BASE/gone#part) [@gone] [@kept].
-- layouts/page.html --
{{ .Content }}
-- layouts/section.html --
{{ .Title }}
`

// TestCheckExternalWarnsAboutDeadAndMovedLinks runs check --external
// against a server on 127.0.0.1: a dead source address without an archive
// copy gets the "add archive_url" hint at its line in sources.yaml, dead
// and moved links in pages are warned about where they are written.
func TestCheckExternalWarnsAboutDeadAndMovedLinks(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := sitetest.FromArchive(t, strings.ReplaceAll(externalSite, "BASE", srv.URL))
	ds := Check(Options{Source: dir, NoCache: true, External: true, HTTPClient: srv.Client()}, testNow)
	got := diagLines(ds)
	u := srv.URL
	want := strings.Join([]string{
		"content/data/sources.yaml:4:8: warning: external link " + u + "/gone is dead: 404 Not Found: add archive_url with an archived copy (web.archive.org) so readers can still check the source",
		"content/data/sources.yaml:8:8: warning: external link " + u + "/gone is dead: 404 Not Found",
		"content/story.md:5:5: warning: external link " + u + "/old has moved for good to " + u + "/ok: update the address",
		"content/story.md:5:" + strconv.Itoa(len("See [the report]("+u+"/old) and ")+1) + ": warning: external link " + u + "/gone is dead: 404 Not Found",
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestPlainCheckAndBuildOpenNoConnection builds and checks a site full of
// external links with every network dial failing and counted: without
// --external nothing may dial.
func TestPlainCheckAndBuildOpenNoConnection(t *testing.T) {
	var dials atomic.Int64
	failing := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return nil, errors.New("no network in this test")
	}}
	saved := http.DefaultTransport
	http.DefaultTransport = failing
	defer func() { http.DefaultTransport = saved }()
	client := &http.Client{Transport: failing}
	dir := sitetest.FromArchive(t, strings.ReplaceAll(externalSite, "BASE", "https://example.invalid"))
	if _, err := Build(Options{Source: dir, Dest: filepath.Join(t.TempDir(), "public"), NoCache: true, BaseURL: "https://example.org/", HTTPClient: client}); err != nil {
		t.Fatal(err)
	}
	if ds := Check(Options{Source: dir, NoCache: true, HTTPClient: client}, testNow); ds.HasErrors() {
		t.Fatal(ds)
	}
	if n := dials.Load(); n != 0 {
		t.Fatalf("plain build and check dialed %d times", n)
	}
	ds := Check(Options{Source: dir, NoCache: true, External: true, HTTPClient: client}, testNow)
	if dials.Load() == 0 || !strings.Contains(diagLines(ds), "is dead: no answer") {
		t.Errorf("check --external did not use the client (%d dials):\n%s", dials.Load(), diagLines(ds))
	}
}

var testNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
