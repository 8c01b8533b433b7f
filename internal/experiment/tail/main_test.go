package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestShortRun runs a small version of the experiment, so that it keeps working. It
// checks what holds at any scale, not the figures, which need the full run.
func TestShortRun(t *testing.T) {
	cfg := config{calls: 200, workers: 4, fast: time.Millisecond, slow: 30 * time.Millisecond, stragglers: 0.1}
	results := runAll(cfg, 5*time.Millisecond, 90)
	assert.Len(t, results, 3)
	for _, r := range results {
		assert.Zero(t, r.failed, r.name)
		assert.LessOrEqual(t, r.p50, r.p99, r.name)
		assert.LessOrEqual(t, r.p99, r.p999, r.name)
		assert.GreaterOrEqual(t, r.extra, 0.0, r.name)
		assert.LessOrEqual(t, r.extra, 100.0, r.name, "at most one hedge per call")
	}
	assert.Zero(t, results[0].extra, "without hedging the server sees one request per call")
}
