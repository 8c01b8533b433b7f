//go:build !race

package bench

import (
	"context"
	"testing"
)

// The race detector changes what allocates, so this file is left out of -race builds;
// CI runs it in a plain `go test`.

// TestHappyPathAllocatesNoMoreThanNetHTTP keeps BENCHMARKS.md's allocation figures
// true: a generated call allocates no more than the hand-written net/http code doing
// the same work, and fewer than every peer. Allocation counts, unlike times, do not
// depend on how busy the machine is, so this can be a test.
func TestHappyPathAllocatesNoMoreThanNetHTTP(t *testing.T) {
	for _, tc := range []struct {
		name string
		call call
	}{
		{"Get", get},
		{"Create", create},
	} {
		t.Run(tc.name, func(t *testing.T) {
			allocs := make(map[string]float64, len(Contenders))
			for _, contender := range Contenders {
				api, closeAPI, err := contender.New("http://api.test", &Backend{})
				if err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				allocs[contender.Name] = testing.AllocsPerRun(200, func() {
					if _, err := tc.call(ctx, api); err != nil {
						t.Fatal(err)
					}
				})
				if err := closeAPI(); err != nil {
					t.Fatal(err)
				}
			}
			feign := allocs["feign"]
			t.Logf("allocations per call: %v", allocs)
			if feign > allocs["nethttp"] {
				t.Errorf("feign allocates %v per call, net/http %v", feign, allocs["nethttp"])
			}
			for name, n := range allocs {
				if name != "feign" && name != "nethttp" && feign >= n {
					t.Errorf("feign allocates %v per call, %s %v", feign, name, n)
				}
			}
		})
	}
}
