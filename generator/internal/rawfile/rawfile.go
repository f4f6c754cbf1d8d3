// Package rawfile reads and writes whole files with the fewest system
// calls: open, read or write, close. os.Open and os.WriteFile also offer
// every file to the network poller, which refuses regular files, at the
// cost of four fcntl calls and an epoll_ctl a file; a build of 10,000
// pages opens 30,000 files. The errors are *fs.PathError, as os gives.
package rawfile

import (
	"io/fs"
)

// ReadFile reads the file at path whole, reading at most limit bytes:
// the caller tells a file over its limit by a result of limit bytes. size
// is the file's size as a stat gave it, a hint; name is the path errors
// give.
func ReadFile(path, name string, size, limit int64) ([]byte, error) {
	return readFile(path, name, size, limit)
}

// WriteFile writes data to the file at path, creating it with perm or
// truncating it, like os.WriteFile.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return writeFile(path, data, perm)
}

// readAll calls read until it reads nothing, or limit bytes are read. The
// buffer is one byte over size, so that the read that finds the end of a
// file of that size is the second, not a third after growing the buffer.
func readAll(read func(p []byte) (int, error), size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(size, 0), limit)+1)
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := read(buf[len(buf):min(int64(cap(buf)), limit)])
		if err != nil {
			return nil, err
		}
		if n == 0 {
			break
		}
		buf = buf[:len(buf)+n]
	}
	return buf, nil
}
