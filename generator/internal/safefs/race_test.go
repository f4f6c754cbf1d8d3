//go:build race

package safefs

// raceEnabled: the race detector changes what the allocation checks count.
const raceEnabled = true
