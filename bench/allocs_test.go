//go:build !race

package bench

import (
	"context"
	"net/http"
	"runtime"
	"testing"
)

// The race detector changes what allocates, so this file is left out of -race builds;
// CI runs it in a plain `go test`.
//
// These tests keep BENCHMARKS.md's allocation figures true for every path it
// measures. Allocation counts and bytes, unlike times, do not depend on how busy the
// machine is, so they can be tests; the time ratios live in the benchmarks only.

// cost is what one call allocates, on average.
type cost struct{ allocs, bytes float64 }

// costOf measures what f allocates per run: testing.AllocsPerRun's count, and the
// bytes measured the same way (one warm-up run, then runs on one P).
func costOf(runs int, f func()) cost {
	allocs := testing.AllocsPerRun(runs, f)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return cost{allocs, float64(after.TotalAlloc-before.TotalAlloc) / float64(runs)}
}

// costs measures c through each of the contenders named, against rt and baseURL.
func costs(t *testing.T, c call, baseURL string, rt func() http.RoundTripper, names ...string) map[string]cost {
	t.Helper()
	return costsIn(t, context.Background(), c, baseURL, rt, names...)
}

// costsIn is costs with the calls made in ctx.
func costsIn(t *testing.T, ctx context.Context, c call, baseURL string, rt func() http.RoundTripper, names ...string) map[string]cost {
	t.Helper()
	out := make(map[string]cost, len(names))
	for _, name := range names {
		contender, ok := contender(name)
		if !ok {
			t.Fatalf("no contender %s", name)
		}
		api, closeAPI, err := contender.New(baseURL, rt())
		if err != nil {
			t.Fatal(err)
		}
		out[name] = costOf(200, func() {
			if _, err := c(ctx, api); err != nil {
				t.Fatal(err)
			}
		})
		if err := closeAPI(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("per call: %+v", out)
	return out
}

func inMemory(flaky bool) func() http.RoundTripper {
	return func() http.RoundTripper { return &Backend{Flaky: flaky} }
}

// A generated Get or Create allocates less, in count and in bytes, than the
// hand-written net/http code doing the same work, and fewer times than every peer.
func TestHappyPathAllocatesLessThanNetHTTP(t *testing.T) {
	for _, tc := range []struct {
		name string
		call call
	}{
		{"Get", get},
		{"Create", create},
	} {
		t.Run(tc.name, func(t *testing.T) {
			names := make([]string, 0, len(Contenders))
			for _, c := range Contenders {
				names = append(names, c.Name)
			}
			got := costs(t, tc.call, "http://api.test", inMemory(false), names...)
			feign, nethttp := got["feign"], got["nethttp"]
			if feign.allocs >= nethttp.allocs || feign.bytes >= nethttp.bytes {
				t.Errorf("feign allocates %+v per call, net/http %+v", feign, nethttp)
			}
			for name, c := range got {
				if name != "feign" && name != "nethttp" && name != "feignhedged" && feign.allocs >= c.allocs {
					t.Errorf("feign allocates %v times per call, %s %v", feign.allocs, name, c.allocs)
				}
			}
		})
	}
}

// A call answered 503 then 200 allocates less than net/http retrying the same way,
// although its failed attempt builds an ErrorDecoder's error that net/http's loop does
// not: the runtime sends over the transport without http.Client.Do's copy of every
// request's header, and the retry copies the URL its first attempt parsed.
func TestRetryAllocatesLessThanNetHTTP(t *testing.T) {
	got := costs(t, get, "http://api.test", inMemory(true), "nethttp", "feign")
	if feign, nethttp := got["feign"], got["nethttp"]; feign.allocs >= nethttp.allocs || feign.bytes >= nethttp.bytes {
		t.Errorf("feign allocates %+v per retried call, net/http %+v", feign, nethttp)
	}
}

// A hedged call whose hedge never fires runs its first attempt inline on the caller's
// goroutine, and over a transport that never watches the request's context, as this
// in-memory one, it has no timer either: it allocates no more than the same call
// unhedged (it was 11 more when every attempt ran on a goroutine of its own). The
// round's state costs one allocation, and holds the result's body and the first
// attempt's header values, which an unhedged call allocates on their own.
func TestUnfiredHedgeAllocatesNoMore(t *testing.T) {
	got := costs(t, get, "http://api.test", inMemory(false), "feign", "feignhedged")
	if hedged, plain := got["feignhedged"], got["feign"]; hedged.allocs > plain.allocs {
		t.Errorf("a hedged call allocates %v times, unhedged %v", hedged.allocs, plain.allocs)
	}
}

// Over a transport that watches the request's context, as net/http's do, the unfired
// hedge's timer is armed, and the first attempt's context makes its Done channel: 3
// allocations, the timer, its function and the channel, less the one the round saves
// (it was 5 more with a context.WithCancelCause for the first attempt).
func TestUnfiredHedgeOverAWatchingTransportAllocatesAtMostTwoMore(t *testing.T) {
	watching := func() http.RoundTripper { return watchingTransport{&Backend{}} }
	got := costs(t, get, "http://api.test", watching, "feign", "feignhedged")
	if hedged, plain := got["feignhedged"], got["feign"]; hedged.allocs > plain.allocs+2 {
		t.Errorf("a hedged call allocates %v times, unhedged %v", hedged.allocs, plain.allocs)
	}
}

// Under a context that can be cancelled, as a server's request context is, the first
// attempt's context must hear of its cancellation: it is a context.WithCancelCause of
// it, whose cancelCtx and cancel function are 2 allocations more than the channel of
// its own the attempt's context has under context.Background.
func TestUnfiredHedgeUnderACancellableContextAllocatesAtMostFourMore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watching := func() http.RoundTripper { return watchingTransport{&Backend{}} }
	got := costsIn(t, ctx, get, "http://api.test", watching, "feign", "feignhedged")
	if hedged, plain := got["feignhedged"], got["feign"]; hedged.allocs > plain.allocs+4 {
		t.Errorf("a hedged call allocates %v times, unhedged %v", hedged.allocs, plain.allocs)
	}
}

// Over loopback, HTTP/1.1 and h2c, a generated Get allocates less than net/http's:
// the server is a process of its own, so only the client's allocations count.
func TestLoopbackAllocatesLessThanNetHTTP(t *testing.T) {
	for _, proto := range []string{"h1", "h2c"} {
		t.Run(proto, func(t *testing.T) {
			baseURL := startServer(t, proto)
			var transports []*http.Transport
			t.Cleanup(func() {
				for _, tr := range transports {
					tr.CloseIdleConnections()
				}
			})
			rt := func() http.RoundTripper {
				tr := newTransport(proto, 2)
				transports = append(transports, tr)
				return tr
			}
			got := costs(t, get, baseURL, rt, "nethttp", "feign")
			if feign, nethttp := got["feign"], got["nethttp"]; feign.allocs >= nethttp.allocs || feign.bytes >= nethttp.bytes {
				t.Errorf("feign allocates %+v per call, net/http %+v", feign, nethttp)
			}
		})
	}
}
