//go:build !unix

package rawfile

import (
	"errors"
	"io/fs"
	"os"
)

func readFile(path, name string, size, limit int64) ([]byte, error) {
	buf, err := func() ([]byte, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return ReadSized(f, size, limit)
	}()
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return nil, err
	}
	return buf, nil
}

func writeFile(path string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(path, data, perm)
}
