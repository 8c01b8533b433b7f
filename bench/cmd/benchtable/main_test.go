package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	in := `goos: linux
BenchmarkGetMemory/nethttp-2   2000   1000 ns/op   3000 B/op   30 allocs/op
BenchmarkGetMemory/feign-2     2000   1100 ns/op   3100 B/op   31 allocs/op
BenchmarkGetMemory/nethttp-2   2000   3000 ns/op   3000 B/op   30 allocs/op
BenchmarkGetMemory/feign-2     2000   1300 ns/op   3100 B/op   31 allocs/op
BenchmarkGetMemory/nethttp-2   2000   2000 ns/op   3000 B/op   30 allocs/op
BenchmarkGetMemory/feign-2     2000   1200 ns/op   3100 B/op   31 allocs/op
BenchmarkOther-2               2000   1200 ns/op
PASS
`
	var out strings.Builder
	require.NoError(t, run(strings.NewReader(in), &out, "nethttp"))
	assert.Equal(t, `| case | client | ns/op | × nethttp | B/op | allocs/op | allocs − nethttp |
|---|---|---:|---:|---:|---:|---:|
| GetMemory | nethttp | 2000 | 1.00 | 3000 | 30 | +0 |
| GetMemory | feign | 1200 | 0.60 | 3100 | 31 | +1 |
`, out.String())
}

func TestRunWithoutResults(t *testing.T) {
	assert.Error(t, run(strings.NewReader("PASS\n"), &strings.Builder{}, "nethttp"))
}

func TestTimeRatio(t *testing.T) {
	// Paired runs: the median of 1, 1 and 0.5, where the ratio of the medians is 0.5.
	assert.InDelta(t, 1.0, timeRatio([]float64{3000, 1000, 1000}, []float64{3000, 1000, 2000}), 1e-9)
	// Unpaired: the ratio of the medians.
	assert.InDelta(t, 0.5, timeRatio([]float64{1000}, []float64{3000, 1000, 2000}), 1e-9)
}

func TestMedian(t *testing.T) {
	assert.Equal(t, 0.0, median(nil))
	assert.Equal(t, 2.0, median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
}
