package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var all = regexp.MustCompile("")

func TestRun(t *testing.T) {
	in := `goos: linux
BenchmarkGetMemory/nethttp-2   2000   1000 ns/op   3000 B/op   30 allocs/op
BenchmarkGetMemory/feign-2     2000   1100 ns/op   3100 B/op   31 allocs/op
BenchmarkGetMemory/nethttp-2   2000   3000 ns/op   3000 B/op   30 allocs/op
BenchmarkGetMemory/feign-2     2000   1300 ns/op   3100 B/op   31 allocs/op
BenchmarkGetMemory/nethttp-2   2000   2000 ns/op   3000 B/op   30 allocs/op
BenchmarkGetMemory/feign-2     2000   1200 ns/op   3100 B/op   31 allocs/op
BenchmarkParallel/h2c-c64/nethttp-2   100   5000 ns/op   20000 cpu-ns/op   6000 B/op   70 allocs/op
BenchmarkParallel/h2c-c64/feign-2     100   4000 ns/op   21000 cpu-ns/op   5000 B/op   67 allocs/op
BenchmarkParallel/h2c-c64/nethttp-2   100   5000 ns/op   10000 cpu-ns/op   6000 B/op   70 allocs/op
BenchmarkParallel/h2c-c64/feign-2     100   6000 ns/op   10000 cpu-ns/op   5000 B/op   67 allocs/op
BenchmarkOther-2               2000   1200 ns/op
PASS
`
	var out strings.Builder
	require.NoError(t, run(strings.NewReader(in), &out, "nethttp", all))
	assert.Equal(t, `| case | client | ns/op | × nethttp | spread | B/op | allocs/op | allocs − nethttp |
|---|---|---:|---:|---|---:|---:|---:|
| GetMemory | nethttp | 2000 | 1.00 | 1.00–1.00 | 3000 | 30 | +0 |
| GetMemory | feign | 1200 | 0.60 | 0.43–1.10 | 3100 | 31 | +1 |
| Parallel/h2c-c64 | nethttp | 5000 | 1.00 | 1.00–1.00 | 6000 | 70 | +0 |
| Parallel/h2c-c64 | feign | 5000 | 1.00 | 0.80–1.20 | 5000 | 67 | -3 |

| case | client | cpu-ns/op | × nethttp | spread |
|---|---|---:|---:|---|
| Parallel/h2c-c64 | nethttp | 15000 | 1.00 | 1.00–1.00 |
| Parallel/h2c-c64 | feign | 15500 | 1.02 | 1.00–1.05 |
`, out.String())
}

func TestRunOnly(t *testing.T) {
	in := `BenchmarkGetMemory/feign-2         2000   1000 ns/op   3000 B/op   30 allocs/op
BenchmarkGetMemory/feignhedged-2   2000   1050 ns/op   3500 B/op   32 allocs/op
BenchmarkGetMemory/nethttp-2       2000   1100 ns/op   3400 B/op   37 allocs/op
BenchmarkParallel/h1-c1/feign-2    100    5000 ns/op   4000 cpu-ns/op   5000 B/op   67 allocs/op
`
	var out strings.Builder
	require.NoError(t, run(strings.NewReader(in), &out, "feign", regexp.MustCompile("^feignhedged$")))
	assert.Equal(t, `| case | client | ns/op | × feign | spread | B/op | allocs/op | allocs − feign |
|---|---|---:|---:|---|---:|---:|---:|
| GetMemory | feign | 1000 | 1.00 | 1.00–1.00 | 3000 | 30 | +0 |
| GetMemory | feignhedged | 1050 | 1.05 | 1.05–1.05 | 3500 | 32 | +2 |
`, out.String())
}

func TestRunSkip(t *testing.T) {
	in := `BenchmarkGetMemory/nethttp-2       2000   1000 ns/op   3000 B/op   37 allocs/op
BenchmarkGetMemory/feignhedged-2   2000   1050 ns/op   3500 B/op   36 allocs/op
BenchmarkGetMemory/feign-2         2000   1000 ns/op   3000 B/op   34 allocs/op
`
	var out strings.Builder
	require.NoError(t, run(strings.NewReader(in), &out, "nethttp", keepUnless(all, regexp.MustCompile("^feignhedged$"))))
	assert.Equal(t, `| case | client | ns/op | × nethttp | spread | B/op | allocs/op | allocs − nethttp |
|---|---|---:|---:|---|---:|---:|---:|
| GetMemory | nethttp | 1000 | 1.00 | 1.00–1.00 | 3000 | 37 | +0 |
| GetMemory | feign | 1000 | 1.00 | 1.00–1.00 | 3000 | 34 | -3 |
`, out.String())
}

func TestRunWithoutResults(t *testing.T) {
	assert.Error(t, run(strings.NewReader("PASS\n"), &strings.Builder{}, "nethttp", all))
}

func TestRatio(t *testing.T) {
	// Paired runs: the median of 1, 1 and 0.5, where the ratio of the medians is 0.5.
	r, lo, hi, paired := ratio([]float64{3000, 1000, 1000}, []float64{3000, 1000, 2000})
	assert.InDelta(t, 1.0, r, 1e-9)
	assert.InDelta(t, 0.5, lo, 1e-9)
	assert.InDelta(t, 1.0, hi, 1e-9)
	assert.True(t, paired)
	// Unpaired: the ratio of the medians.
	r, _, _, paired = ratio([]float64{1000}, []float64{3000, 1000, 2000})
	assert.InDelta(t, 0.5, r, 1e-9)
	assert.False(t, paired)
}

func TestMedian(t *testing.T) {
	assert.Equal(t, 0.0, median(nil))
	assert.Equal(t, 2.0, median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
}

func TestRunMetrics(t *testing.T) {
	in := `goos: linux
BenchmarkPaired/GetMemory/feign-2   900   676566 ns/op   -259.8 extra-ns/call   0.9520 ratio   365924 B/op   4160 allocs/op
BenchmarkPaired/GetMemory/feignhedged-2   900   756555 ns/op   450.3 extra-ns/call   1.079 ratio
BenchmarkParallelPaired/h1-c1-2   19   34857614 ns/op   0.9871 feign/nethttp-cpu
BenchmarkPaired/GetMemory/feign-2   900   676566 ns/op   -100.2 extra-ns/call   0.9810 ratio
BenchmarkPaired/GetMemory/feignhedged-2   900   756555 ns/op   650.7 extra-ns/call   1.121 ratio
BenchmarkPaired/GetMemory/feign-2   900   676566 ns/op   -300.4 extra-ns/call   0.9420 ratio
BenchmarkPaired/Other-2   900   676566 ns/op   0.9420 ratio
BenchmarkGetMemory/feign-2   2000   1100 ns/op   3100 B/op   31 allocs/op
PASS
`
	metrics, err := parseMetrics("ratio,extra-ns/call:%+.0f")
	require.NoError(t, err)
	var out strings.Builder
	require.NoError(t, runMetrics(strings.NewReader(in), &out, regexp.MustCompile("^BenchmarkPaired/"), metrics))
	assert.Equal(t, `| benchmark | ratio | spread | extra-ns/call | spread |
|---|---:|---|---:|---|
| Paired/GetMemory/feign | 0.95 | 0.94 to 0.98 | -260 | -300 to -100 |
| Paired/GetMemory/feignhedged | 1.10 | 1.08 to 1.12 | +550 | +450 to +651 |
`, out.String())

	out.Reset()
	metrics, err = parseMetrics("feign/nethttp-cpu")
	require.NoError(t, err)
	require.NoError(t, runMetrics(strings.NewReader(in), &out, all, metrics))
	assert.Equal(t, `| benchmark | feign/nethttp-cpu | spread |
|---|---:|---|
| ParallelPaired/h1-c1 | 0.99 | 0.99 to 0.99 |
`, out.String())

	err = runMetrics(strings.NewReader(in), &out, regexp.MustCompile("^BenchmarkNone"), metrics)
	assert.EqualError(t, err, `no benchmark in the input matches "^BenchmarkNone" and reports feign/nethttp-cpu`)
}

func TestParseMetricsRefusesAFormatThatIsNotAVerb(t *testing.T) {
	_, err := parseMetrics("ratio:2f")
	assert.EqualError(t, err, `-metrics: "ratio:2f" is not unit or unit:%format`)
	_, err = parseMetrics("ratio,,x")
	assert.EqualError(t, err, `-metrics: "" is not unit or unit:%format`)
}
