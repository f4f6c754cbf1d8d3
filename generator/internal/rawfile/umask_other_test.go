//go:build !unix

package rawfile

import "io/fs"

func umask() fs.FileMode { return 0 }
