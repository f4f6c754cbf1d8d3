//go:build linux

package fileid

import (
	"io/fs"
	"strconv"
	"syscall"
)

// appendSys appends the device, inode and change time of fi.
func appendSys(b []byte, fi fs.FileInfo) []byte {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return b
	}
	b = append(b, " d"...)
	b = strconv.AppendUint(b, uint64(st.Dev), 10)
	b = append(b, " i"...)
	b = strconv.AppendUint(b, st.Ino, 10)
	b = append(b, " c"...)
	b = strconv.AppendInt(b, st.Ctim.Sec, 10)
	b = append(b, '.')
	return strconv.AppendInt(b, st.Ctim.Nsec, 10)
}
