// Package fileid describes a file by what changes whenever its bytes may
// have: size, modification time and, where the system tells them, device,
// inode and change time (ctime). Two equal descriptions mean the file was
// not written in between, short of deliberate tampering: the change time
// cannot be set back by a program, only by setting the system's clock.
//
// The image pipeline uses it to trust what it learned about a file in an
// earlier build without reading the file again.
package fileid

import (
	"io/fs"
	"strconv"
)

// Of describes the file fi, or returns "" when fi is not a regular file
// or has no modification time (an in-memory file system), so that nothing
// may be concluded from it.
func Of(fi fs.FileInfo) string {
	if fi == nil || !fi.Mode().IsRegular() || fi.ModTime().IsZero() {
		return ""
	}
	b := strconv.AppendInt(nil, fi.Size(), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, fi.ModTime().UnixNano(), 10)
	return string(appendSys(b, fi))
}

// Strong reports whether Of describes files by device, inode and change
// time on this system, not by size and modification time alone.
func Strong(fi fs.FileInfo) bool { return len(appendSys(nil, fi)) > 0 }
