//go:build race

package highlight

// raceEnabled: under the race detector (ten times slower, and no help to
// single-goroutine differential tests) those compare a sample.
const raceEnabled = true
