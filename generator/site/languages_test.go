package site

import "testing"

// TestMultilingualFixtures builds every case of testdata/multilingual (the
// format of the newsroom cases): sites with a languages setting.
func TestMultilingualFixtures(t *testing.T) { runFixtures(t, "testdata/multilingual") }
