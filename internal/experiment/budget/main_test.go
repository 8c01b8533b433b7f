package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var update = flag.Bool("update", false, "rewrite testdata/table.txt")

// TestGoals runs the experiment as main does and checks its three goals, then compares
// the whole table with the committed one: the simulation is deterministic.
func TestGoals(t *testing.T) {
	rows := scenarios(1)
	require.Len(t, rows, 19)

	quiet, grpc := rows[0].res, rows[1].res
	assert.Equal(t, 3600, quiet.calls)
	assert.Zero(t, quiet.refused, "(a) a quiet client gets every retry")
	assert.Equal(t, 3424, quiet.wanted)
	assert.Equal(t, quiet.calls+quiet.wanted, quiet.attempts)
	assert.Equal(t, 1770, grpc.refused, "(a) gRPC's throttling refuses most of them")

	outage := rows[2].res
	assert.Equal(t, 10_000, outage.calls)
	assert.LessOrEqual(t, outage.perCall(), 1.1, "(b) at high volume, at most Ratio more")
	for _, r := range rows[3:9] {
		assert.InDelta(t, r.formula, r.res.perCall(), 0.01, "(b) %s follows the formula", r.name)
		assert.Zero(t, r.res.succeeded)
	}

	for _, r := range rows[9:] {
		assert.Equal(t, 10_000, r.res.calls)
		assert.GreaterOrEqual(t, r.res.successPct(), 99.99, "(c) %s", r.name)
		assert.LessOrEqual(t, r.res.perCall(), 1.06, "(c) %s", r.name)
		assert.Zero(t, r.res.refused, "(c) %s: every retry allowed", r.name)
	}

	var table bytes.Buffer
	print(&table, rows)
	golden := filepath.Join("testdata", "table.txt")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, table.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), table.String())
}

// TestFormula checks the package doc's numbers.
func TestFormula(t *testing.T) {
	for rate, want := range map[float64]float64{1000: 1.1, 100: 1.1, 50: 1.2, 10: 2, 2.5: 5, 1: 5} {
		assert.InDelta(t, want, formula(rate), 1e-12, "%g calls/s", rate)
	}
}
