//go:build race

package rawfile

// raceEnabled: the race detector changes what the allocation checks count.
const raceEnabled = true
