// Package rawfile reads and writes whole files with the fewest system
// calls: open, read or write, close. os.Open and os.WriteFile also offer
// every file to the network poller, which refuses regular files, at the
// cost of four fcntl calls and an epoll_ctl a file; a build of 10,000
// pages opens 30,000 files. The errors are *fs.PathError, as os gives.
package rawfile

import (
	"bytes"
	"io"
	"io/fs"
)

// ReadFile reads the file at path whole, reading at most limit bytes
// (ReadSized): the caller tells a file over its limit by a result of
// limit bytes. size is the file's size as a stat gave it, a hint; name is
// the path errors give.
func ReadFile(path, name string, size, limit int64) ([]byte, error) {
	return readFile(path, name, size, limit)
}

// WriteFile writes data to the file at path, creating it with perm or
// truncating it, like os.WriteFile.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return writeFile(path, data, perm)
}

// ReadSized reads r to its end, at most limit bytes, into one buffer
// sized for the size the file had when it was opened: io.ReadAll starts
// at 512 bytes and doubles, which allocated twice the bytes of a
// build's pages and images.
func ReadSized(r io.Reader, size, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(max(size, 0), limit)) + bytes.MinRead)
	_, err := buf.ReadFrom(io.LimitReader(r, limit))
	return buf.Bytes(), err
}
