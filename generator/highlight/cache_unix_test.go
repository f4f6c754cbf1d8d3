//go:build unix

package highlight

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenCacheRefusesSpecialFiles: a FIFO as the cache file would block
// the build forever.
func TestOpenCacheRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, CacheFile), 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := OpenCache(dir)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("OpenCache: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("OpenCache blocked on a FIFO")
	}
}
