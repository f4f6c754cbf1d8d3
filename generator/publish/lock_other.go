//go:build !unix

package publish

import "os"

// lockDir opens dir without locking it: on this system a build may remove
// the staging folder of another build running at the same time.
func lockDir(dir string, wait bool) (*os.File, error) { return os.Open(dir) }

// lockDest opens dest without locking it: on this system a build and a
// preview server are not kept apart.
func lockDest(dest string, exclusive bool) (*os.File, error) { return os.Open(dest) }

func isReadOnly(err error) bool { return false }
