//go:build !unix

package publish

// oNoFollow is 0 where the system has no O_NOFOLLOW (Windows): overwrite
// then follows a symbolic link in place of an output file, as os.WriteFile
// does. The generator itself never writes links into its output.
const oNoFollow = 0
