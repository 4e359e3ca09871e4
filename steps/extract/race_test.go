//go:build race

package extract_test

// raceEnabled: the race detector runs (go test -race), which multiplies
// memory and time, so memory measurements skip (as the standard library's
// allocation tests skip under race.Enabled).
const raceEnabled = true
