package publish

import "os"

// exchangeByRename swaps two folders with two renames. Between them b is
// briefly missing, but never half written.
func exchangeByRename(a, b string) error {
	tmp := a + ".old"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(tmp, b)
		return err
	}
	return os.Rename(tmp, a)
}
