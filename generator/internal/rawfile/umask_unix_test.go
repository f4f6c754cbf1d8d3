//go:build unix

package rawfile

import (
	"io/fs"
	"syscall"
)

// umask returns the process's file mode creation mask.
func umask() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
}
