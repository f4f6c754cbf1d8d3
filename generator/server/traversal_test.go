package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

const secret = "TOP-SECRET-OUTSIDE-DIR"

// siteBesideSecret makes parent/site (served) and parent/secret.txt, plus
// symlinks inside site pointing outside it and one pointing inside it.
func siteBesideSecret(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	sitetest.Write(t, parent, map[string]string{
		"site/index.html":     "<p>home</p>",
		"site/a/index.html":   "<p>a</p>",
		"site/inside.txt":     "inside",
		"secret.txt":          secret,
		"outside/secret.txt":  secret,
		"outside/index.html":  secret,
		"site/%2e%2e/x.txt":   "literal name",
		"site/dir/readme.txt": "in dir",
	})
	links := map[string]string{
		"site/leakdir":     "../outside",
		"site/leak.txt":    "../secret.txt",
		"site/abs.txt":     filepath.Join(parent, "secret.txt"),
		"site/dir/up.txt":  "../../secret.txt",
		"site/alias.txt":   "inside.txt",
		"site/a/alias.txt": "../inside.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(parent, filepath.FromSlash(name))); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	return site
}

var traversalTargets = []string{
	"/../secret.txt",
	"/../../../../../../etc/passwd",
	"/%2e%2e/secret.txt",
	"/%2E%2E/secret.txt",
	"/..%2fsecret.txt",
	"/..%2Fsecret.txt",
	"/%2e%2e%2fsecret.txt",
	"/%2e%2e%2fetc/passwd",
	"/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
	"/..\\secret.txt",
	"/..%5csecret.txt",
	"/%2e%2e%5csecret.txt",
	"/%252e%252e/secret.txt",
	"/%252e%252e%252fsecret.txt",
	"/a/../../secret.txt",
	"/a/%2e%2e/%2e%2e/secret.txt",
	"/./../secret.txt",
	"/leak.txt",
	"/abs.txt",
	"/leakdir/secret.txt",
	"/leakdir/",
	"/leakdir",
	"/dir/up.txt",
	"/%00../secret.txt",
	"/..%00/secret.txt",
}

func TestRequestsNeverServeFilesOutsideDir(t *testing.T) {
	h := New(Options{Dir: siteBesideSecret(t)}).Handler()
	for _, target := range traversalTargets {
		rec := get(h, target)
		if rec.Code == http.StatusOK || strings.Contains(rec.Body.String(), secret) || strings.Contains(rec.Body.String(), "root:") {
			t.Errorf("GET %s: %d %q", target, rec.Code, rec.Body)
		}
	}
}

func TestRawRequestsOverTCPNeverServeFilesOutsideDir(t *testing.T) {
	ts := startHTTP(t, New(Options{Dir: siteBesideSecret(t)}))
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, target := range traversalTargets {
		status, body := rawGet(t, addr, target)
		if status == http.StatusOK || strings.Contains(body, secret) || strings.Contains(body, "root:") {
			t.Errorf("GET %s: %d %q", target, status, body)
		}
	}
}

func TestSymlinksInsideDirAreServed(t *testing.T) {
	h := New(Options{Dir: siteBesideSecret(t)}).Handler()
	for _, target := range []string{"/alias.txt", "/a/alias.txt", "/inside.txt", "/%252e%252e/x.txt"} {
		if rec := get(h, target); rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %q, want 200", target, rec.Code, rec.Body)
		}
	}
}

// rawGet sends target byte for byte, as no HTTP client would.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
