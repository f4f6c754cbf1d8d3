//go:build unix

package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes an exclusive advisory lock on the folder dir, held until
// the returned file is closed or the process ends (however it ends). With
// wait false it fails at once when another process holds the lock.
func lockDir(dir string, wait bool) (*os.File, error) {
	how := unix.LOCK_EX
	if !wait {
		how |= unix.LOCK_NB
	}
	return flock(dir, how)
}

func flock(dir string, how int) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), how)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "lock", Path: dir, Err: err}
	}
	return f, nil
}

// lockDest takes a lock on the destination folder without waiting: a
// shared one for a build (several builds may run at once), an exclusive
// one for the preview server. It returns errBusy when the other kind is
// held.
func lockDest(dest string, exclusive bool) (*os.File, error) {
	how := unix.LOCK_SH | unix.LOCK_NB
	if exclusive {
		how = unix.LOCK_EX | unix.LOCK_NB
	}
	f, err := flock(dest, how)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return nil, errBusy
	}
	return f, err
}

// isReadOnly reports whether err says the file system is read-only.
func isReadOnly(err error) bool { return errors.Is(err, unix.EROFS) }
