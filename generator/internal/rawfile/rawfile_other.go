//go:build !unix

package rawfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

func readFile(path, name string, size, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return nil, err
	}
	defer f.Close()
	buf, err := readAll(func(p []byte) (int, error) {
		n, err := f.Read(p)
		var pe *fs.PathError
		if err == io.EOF {
			err = nil
		} else if errors.As(err, &pe) {
			err = pe.Err
		}
		return n, err
	}, size, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return buf, nil
}

func writeFile(path string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(path, data, perm)
}
