package model_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// maxResponse= takes bytes, or a whole number of binary or decimal units; the
// generated Endpoint, which build type-checks, carries the bytes.
func TestMaxResponseSizes(t *testing.T) {
	for value, want := range map[string]int64{
		"1048576":       1 << 20,
		"1":             1,
		"512KiB":        512 << 10,
		"64MiB":         64 << 20,
		"2GiB":          2 << 30,
		"1500KB":        1_500_000,
		"5MB":           5_000_000,
		"1GB":           1_000_000_000,
		"8589934591GiB": 8589934591 << 30, // the largest whole number of GiB an int64 holds
	} {
		m, _ := build(t, "TabbedAPI", annotate("requestLine", "GET /items/{id}", "options", "maxResponse="+value)...)
		assert.Equal(t, want, m.Options.MaxResponse, value)
	}
}
