//go:build !race

// The race detector allocates on its own: allocations are counted without it (CI runs
// this file in a step of its own).

package otelfeign_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// With no provider set, the global ones never set or no-op ones, a call costs not one
// allocation more than without the module: WithTelemetry installs nothing.
func TestNoProviderCostsNoAllocation(t *testing.T) {
	clients := contenders(t)
	allocs := map[string]float64{}
	for name, gh := range clients {
		allocs[name] = testing.AllocsPerRun(200, func() { call(t, gh) })
	}
	t.Logf("allocations per call: %v", allocs)
	assert.Equal(t, allocs["plain"], allocs["unset"], "the global providers, never set")
	assert.Equal(t, allocs["plain"], allocs["noop"], "no-op providers")
	assert.Greater(t, allocs["recording"], allocs["plain"], "recording providers record")
}
