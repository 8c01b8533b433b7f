package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestShortRun runs a short version of the experiment and checks what holds at any
// scale: while the circuit is open, only probes reach the backend, at about Probes
// per OpenFor (a probe's retry of its call is refused by the reopened circuit); without
// a breaker every call does; and the circuit closes soon after the backend is back.
func TestShortRun(t *testing.T) {
	p := phases{up: 300 * time.Millisecond, down: 1500 * time.Millisecond, after: 700 * time.Millisecond}
	without := run(4, p, false)
	with := run(4, p, true)
	t.Logf("%+v\n%+v", without, with)

	assert.Zero(t, without.refused)
	assert.Positive(t, with.refused)
	periods := with.openFor.Seconds() / cfg.OpenFor.Seconds()
	assert.LessOrEqual(t, float64(with.whileOpen), 2*periods+2, "about one probe per OpenFor")
	assert.Greater(t, without.inOutage, 2*with.inOutage, "the breaker spares the backend")
	assert.Positive(t, with.recoveredAfter)
	assert.Less(t, with.recoveredAfter, 6*cfg.OpenFor, "a probe closes the circuit within an OpenFor or two, give or take a loaded machine")
}
