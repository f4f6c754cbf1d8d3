//go:build !unix

package watch

import "io/fs"

// inode returns 0: file identity is not compared on this platform.
func inode(fs.FileInfo) uint64 { return 0 }
