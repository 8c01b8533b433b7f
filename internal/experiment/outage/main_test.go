package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestShortRun runs a small version of the experiment, so that it keeps working, and
// checks the bounds that hold at any scale.
func TestShortRun(t *testing.T) {
	const calls, workers = 300, 2
	results := runAll(calls, workers)
	assert.Len(t, results, 4)
	outage, unbudgeted, quiet := results[0], results[2], results[3]
	assert.Zero(t, outage.succeeded)
	// The floor of 100 retries pays for the 4 retries of the first 25 calls, give or
	// take a call for each racing worker; then every call makes one attempt.
	assert.LessOrEqual(t, outage.attempts, float64(calls+100)/calls, "the limit is never exceeded")
	assert.GreaterOrEqual(t, outage.attempts, float64(calls+100-workers)/calls)
	assert.InDelta(t, calls-25, outage.refused, workers)
	assert.Equal(t, 5.0, unbudgeted.attempts, "without a budget, every call makes the Retryer's 5 attempts")
	assert.Zero(t, quiet.refused, "a quiet client keeps every retry")
}
