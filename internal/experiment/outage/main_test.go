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
	assert.Len(t, results, 3)
	outage, _, unbudgeted := results[0], results[1], results[2]
	assert.Zero(t, outage.succeeded)
	// The budget lets the first calls retry while it drains from 10 to 5 tokens, a few
	// more each for racing workers; then every call makes one attempt.
	assert.LessOrEqual(t, outage.attempts, float64(calls+5+2*workers)/calls)
	assert.Equal(t, 5.0, unbudgeted.attempts, "without a budget, every call makes the Retryer's 5 attempts")
}
