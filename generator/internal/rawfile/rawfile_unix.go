//go:build unix

package rawfile

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
)

func readFile(path, name string, size, limit int64) ([]byte, error) {
	// O_NONBLOCK: a file replaced by a named pipe since its stat is not
	// waited on (reading a regular file ignores it).
	fd, err := open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	buf, err := ReadSized(fdReader(fd), size, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return buf, nil
}

// fdReader reads a file descriptor, retrying on EINTR.
type fdReader int

func (fd fdReader) Read(p []byte) (int, error) {
	n, err := ignoringEINTR(func() (int, error) { return syscall.Read(int(fd), p) })
	switch {
	case err != nil:
		return 0, err // syscall.Read gives -1
	case n == 0 && len(p) > 0:
		return 0, io.EOF
	}
	return n, nil
}

func writeFile(path string, data []byte, perm fs.FileMode) error {
	fd, err := open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := ignoringEINTR(func() (int, error) { return syscall.Write(fd, data) })
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

func open(path string, mode int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(path, mode, perm)
		if !errors.Is(err, syscall.EINTR) {
			return fd, err
		}
	}
}

// ignoringEINTR retries f while it is interrupted by a signal, as package
// os does.
func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
