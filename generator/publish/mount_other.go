//go:build !linux

package publish

// isMountPoint reports whether dir is the root of a mounted file system;
// on this system it is not detected, and a build into a mount point fails
// with the error of the swap.
func isMountPoint(dir string) bool { return false }
