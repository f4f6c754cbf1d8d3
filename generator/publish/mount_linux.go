package publish

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// isMountPoint reports whether dir is the root of a mounted file system
// (its parent is on another mount).
func isMountPoint(dir string) bool {
	var a, b unix.Statx_t
	flags := unix.AT_SYMLINK_NOFOLLOW
	mask := unix.STATX_INO | unix.STATX_MNT_ID
	if unix.Statx(unix.AT_FDCWD, dir, flags, mask, &a) != nil ||
		unix.Statx(unix.AT_FDCWD, filepath.Dir(dir), 0, mask, &b) != nil {
		return false
	}
	if a.Mask&b.Mask&unix.STATX_MNT_ID != 0 {
		return a.Mnt_id != b.Mnt_id
	}
	return a.Dev_major != b.Dev_major || a.Dev_minor != b.Dev_minor
}
