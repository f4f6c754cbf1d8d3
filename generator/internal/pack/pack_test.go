package pack

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var testMagic = [8]byte{'T', 'E', 'S', 'T', 'P', 'K', 0, 1}

func key(s string) Key { return sha256.Sum256([]byte(s)) }

func open(t *testing.T, path string) *Pack {
	t.Helper()
	p, err := Open(path, testMagic)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func mustRead(t *testing.T, p *Pack, k string) []byte {
	t.Helper()
	r, ok := p.Get(key(k))
	if !ok {
		t.Fatalf("Get(%q): missing", k)
	}
	b, err := r.Read()
	if err != nil {
		t.Fatalf("Get(%q).Read: %v", k, err)
	}
	return b
}

func TestValuesLastFromOneRunToTheNext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.pack")
	p := open(t, path)
	for i := range 50 {
		v := bytes.Repeat([]byte{byte(i)}, i*37)
		r, ok := p.Put(key(fmt.Sprint(i)), v)
		if !ok {
			t.Fatal("Put failed")
		}
		if got, err := r.Read(); err != nil || !bytes.Equal(got, v) {
			t.Fatalf("value %d read back before Commit: %v", i, err)
		}
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	p.Close()

	// The second run uses the even values only, and adds one.
	p2 := open(t, path)
	for i := 0; i < 50; i += 2 {
		if got := mustRead(t, p2, fmt.Sprint(i)); !bytes.Equal(got, bytes.Repeat([]byte{byte(i)}, i*37)) {
			t.Fatalf("value %d differs", i)
		}
	}
	p2.Put(key("new"), []byte("fresh"))
	if err := p2.Commit(); err != nil {
		t.Fatal(err)
	}
	// Refs given out before Commit still read.
	if got := mustRead(t, p2, "4"); len(got) != 4*37 {
		t.Fatalf("value 4 after Commit: %d bytes", len(got))
	}
	p2.Close()

	p3 := open(t, path)
	if p3.stored != 26 {
		t.Fatalf("third run found %d values, want the 25 used and the new one", p3.stored)
	}
	if _, ok := p3.Get(key("1")); ok {
		t.Error("an unused value survived Commit")
	}
	if got := mustRead(t, p3, "new"); string(got) != "fresh" {
		t.Errorf("new value = %q", got)
	}
	if got := mustRead(t, p3, "48"); len(got) != 48*37 {
		t.Errorf("value 48: %d bytes", len(got))
	}
}

func TestCommitWritesNothingWhenNothingChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.pack")
	p := open(t, path)
	p.Put(key("a"), []byte("alpha"))
	p.Put(key("b"), []byte("beta"))
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	p.Close()
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)

	p2 := open(t, path)
	mustRead(t, p2, "a")
	mustRead(t, p2, "b")
	if err := p2.Commit(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if !fi.ModTime().Equal(old) {
		t.Error("Commit rewrote a file whose values were all used and none added")
	}
	if left, _ := filepath.Glob(path + ".*"); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestUncommittedRunLeavesTheFileAsItWas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.pack")
	p := open(t, path)
	p.Put(key("a"), []byte("alpha"))
	p.Commit()
	p.Close()
	before, _ := os.ReadFile(path)

	p2 := open(t, path)
	p2.Put(key("b"), []byte("beta"))
	p2.Close() // no Commit: a failed build
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("an uncommitted run changed the file")
	}
	if left, _ := filepath.Glob(path + ".*"); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestDamagedFilesAreIgnored(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.pack")
	p := open(t, path)
	p.Put(key("a"), []byte("alpha value"))
	p.Put(key("b"), []byte("beta value"))
	p.Commit()
	p.Close()
	good, _ := os.ReadFile(path)

	for i := range good {
		bad := bytes.Clone(good)
		bad[i] ^= 0x40
		os.WriteFile(path, bad, 0o644)
		p, err := Open(path, testMagic)
		if err != nil {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
		for _, k := range []string{"a", "b"} {
			if r, ok := p.Get(key(k)); ok {
				if v, err := r.Read(); err == nil && !bytes.HasSuffix(v, []byte(" value")) {
					t.Errorf("byte %d flipped: %s read as %q", i, k, v)
				}
			}
		}
		p.Close()
	}
	for n := range len(good) {
		os.WriteFile(path, good[:n], 0o644)
		p, err := Open(path, testMagic)
		if err != nil {
			t.Fatal(err)
		}
		if p.stored != 0 {
			t.Errorf("a file cut to %d bytes gave %d values", n, p.stored)
		}
		p.Close()
	}
	// Another kind of pack is not read.
	os.WriteFile(path, good, 0o644)
	other, err := Open(path, [8]byte{'O', 'T', 'H', 'E', 'R', 0, 0, 1})
	if err != nil || other.stored != 0 {
		t.Errorf("a pack of another magic: %d values, %v", other.stored, err)
	}
	other.Close()
}

func TestNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, testMagic); err == nil {
		t.Error("Open of a folder: no error")
	}
}

func TestStaleTempFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.pack")
	stale, fresh := path+".111.tmp", path+".222.tmp"
	os.WriteFile(stale, []byte("x"), 0o644)
	os.WriteFile(fresh, []byte("x"), 0o644)
	old := time.Now().Add(-48 * time.Hour)
	os.Chtimes(stale, old, old)
	open(t, path)
	if _, err := os.Stat(stale); err == nil {
		t.Error("a two-day-old unfinished file was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh unfinished file (another run's) was removed")
	}
}

func FuzzReadIndex(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "x.pack")
	p, _ := Open(path, testMagic)
	p.Put(key("a"), []byte("alpha"))
	p.Put(key("b"), nil)
	p.Commit()
	p.Close()
	good, _ := os.ReadFile(path)
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, ok, err := readIndex(bytes.NewReader(b), int64(len(b)), testMagic)
		if err != nil || !ok {
			return
		}
		dataEnd := int64(len(b) - trailerSize)
		for _, e := range entries {
			if e.off < 8 || e.off+int64(e.n) > dataEnd {
				t.Fatalf("entry %d+%d outside the values (end %d)", e.off, e.n, dataEnd)
			}
		}
	})
}

// TestReadToReusesTheBuffer reads values of several lengths into one
// buffer: each reads as Read does, into the buffer's array while it is
// large enough, and a damaged value is an error there too.
func TestReadToReusesTheBuffer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.pack")
	p := open(t, path)
	vals := map[string][]byte{"small": []byte("abc"), "empty": {}, "big": bytes.Repeat([]byte("xyz"), 5000), "mid": bytes.Repeat([]byte{7}, 100)}
	for k, v := range vals {
		p.Put(key(k), v)
	}
	p.Commit()
	p.Close()
	p = open(t, path)
	buf := make([]byte, 0, 200)
	for _, k := range []string{"small", "empty", "mid", "big", "small"} {
		r, _ := p.Get(key(k))
		got, err := r.ReadTo(buf)
		if err != nil || !bytes.Equal(got, vals[k]) {
			t.Fatalf("ReadTo(%s) = %q, %v", k, got, err)
		}
		if fits := len(vals[k]) <= cap(buf); fits != (len(got) == 0 || &got[:1][0] == &buf[:1][0]) {
			t.Errorf("ReadTo(%s), %d bytes into a buffer of %d: array reused is %v", k, len(got), cap(buf), !fits)
		}
		buf = got
	}
	p.Close()

	raw, _ := os.ReadFile(path)
	i := bytes.Index(raw, vals["mid"])
	raw[i+50] ^= 1
	os.WriteFile(path, raw, 0o644)
	p = open(t, path)
	r, ok := p.Get(key("mid"))
	if !ok {
		t.Fatal("the damaged value's entry is gone: the test damaged the index")
	}
	if _, err := r.ReadTo(make([]byte, 0, 200)); err == nil {
		t.Error("ReadTo of a damaged value gave no error")
	}
}
