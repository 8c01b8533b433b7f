//go:build race

package chaos

// raceEnabled: the race detector slows every goroutine switch, so the deadline bound of
// the short run is looser under it (see overshootBound).
const raceEnabled = true
