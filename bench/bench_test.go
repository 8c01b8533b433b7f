package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The benchmarks run the same logical call through every contender, as sub-benchmarks
// named after it, so that one run of
//
//	go test -run '^$' -bench . -benchmem
//
// compares them all; cmd/benchtable turns the output into a table with the ratio of
// each to nethttp.

func BenchmarkGetMemory(b *testing.B)      { benchAll(b, get, false, false) }
func BenchmarkGetLoopback(b *testing.B)    { benchAll(b, get, false, true) }
func BenchmarkRetryMemory(b *testing.B)    { benchAll(b, get, true, false) }
func BenchmarkRetryLoopback(b *testing.B)  { benchAll(b, get, true, true) }
func BenchmarkCreateMemory(b *testing.B)   { benchAll(b, create, false, false) }
func BenchmarkCreateLoopback(b *testing.B) { benchAll(b, create, false, true) }

// A call is one logical call of Issues.
type call func(ctx context.Context, api Issues) (*Issue, error)

func get(ctx context.Context, api Issues) (*Issue, error) {
	return api.Get(ctx, "golang", "go", 42, "title,state")
}

func create(ctx context.Context, api Issues) (*Issue, error) {
	return api.Create(ctx, "golang", "go", NewIssue{
		Title:  "Calls should cost what hand-written net/http costs",
		Body:   "Measure it against the peers.",
		Labels: []string{"performance", "runtime"},
	})
}

// benchAll runs c through every contender against a Backend, Flaky when flaky is set,
// over loopback HTTP when loopback is set and in memory otherwise.
func benchAll(b *testing.B, c call, flaky, loopback bool) {
	for _, contender := range Contenders {
		b.Run(contender.Name, func(b *testing.B) {
			backend := &Backend{Flaky: flaky}
			baseURL, rt := "http://api.test", http.RoundTripper(backend)
			if loopback {
				srv := httptest.NewServer(backend)
				b.Cleanup(srv.Close)
				transport := srv.Client().Transport.(*http.Transport)
				b.Cleanup(transport.CloseIdleConnections)
				baseURL, rt = srv.URL, transport
			}
			api, closeAPI, err := contender.New(baseURL, rt)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = closeAPI() })

			ctx := context.Background()
			issue, err := c(ctx, api) // also warms up the connection
			if err != nil || issue.Number != 42 {
				b.Fatalf("first call: %+v, %v", issue, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c(ctx, api); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPaired compares two contenders making the same in-memory call, each in
// alternating blocks of pairedBlock calls, the order of the two swapped from one pair
// of blocks to the next. They then share the machine's load at the scale of a
// millisecond, where two benchmarks run one after the other share it only at the scale
// of a second, so the ratio of their times (the ratio metric: the contender's time
// over the baseline's) varies far less from run to run on a noisy machine. extra-ns/call
// is the difference per call. The baselines are nethttp, and feign for feignhedged.
// The calls' context is context.Background, or for the Cancellable cases a context
// that can be cancelled, as a server's request context is.
func BenchmarkPaired(b *testing.B) {
	for _, p := range []struct {
		name                         string
		call                         call
		flaky, watching, cancellable bool
		base, contender              string
	}{
		{"GetMemory/feign", get, false, false, false, "nethttp", "feign"},
		{"CreateMemory/feign", create, false, false, false, "nethttp", "feign"},
		{"RetryMemory/feign", get, true, false, false, "nethttp", "feign"},
		{"GetMemory/feignhedged", get, false, false, false, "feign", "feignhedged"},
		{"GetMemoryWatching/feignhedged", get, false, true, false, "feign", "feignhedged"},
		{"GetMemoryWatchingCancellable/feignhedged", get, false, true, true, "feign", "feignhedged"},
	} {
		b.Run(p.name, func(b *testing.B) {
			base := contenderAPI(b, p.base, p.flaky, p.watching)
			contender := contenderAPI(b, p.contender, p.flaky, p.watching)
			ctx := context.Background()
			if p.cancellable {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
			}
			var baseTime, contenderTime time.Duration
			block := func(api Issues, into *time.Duration) {
				start := time.Now()
				for range pairedBlock {
					if _, err := p.call(ctx, api); err != nil {
						b.Fatal(err)
					}
				}
				*into += time.Since(start)
			}
			b.ReportAllocs()
			calls := 0
			alternate(b, func() { block(base, &baseTime) }, func() {
				block(contender, &contenderTime)
				calls += pairedBlock
			})
			b.ReportMetric(float64(contenderTime)/float64(baseTime), "ratio")
			b.ReportMetric(float64(contenderTime-baseTime)/float64(calls), "extra-ns/call")
		})
	}
}

// alternate runs b's loop, calling base and contender once an iteration, their order
// swapped every other iteration so that neither always runs after the other.
func alternate(b *testing.B, base, contender func()) {
	swap := false
	for b.Loop() {
		if swap {
			contender()
			base()
		} else {
			base()
			contender()
		}
		swap = !swap
	}
}

// pairedBlock is how many calls a block of BenchmarkPaired makes with one contender
// before it switches to the other: enough that reading the clock costs nothing, few
// enough that the load of the machine is the same for both.
const pairedBlock = 64

// contenderAPI returns the Issues of the contender named name, in memory, against a
// Backend of its own, Flaky when flaky is set, behind a watchingTransport when
// watching is.
func contenderAPI(b *testing.B, name string, flaky, watching bool) Issues {
	c, ok := contender(name)
	if !ok {
		b.Fatalf("no contender %s", name)
	}
	var rt http.RoundTripper = &Backend{Flaky: flaky}
	if watching {
		rt = watchingTransport{rt}
	}
	api, closeAPI, err := c.New("http://api.test", rt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = closeAPI() })
	return api
}

// watchingTransport looks at the request's context before it sends, as net/http's
// Transport does, then sends through rt.
type watchingTransport struct{ rt http.RoundTripper }

func (w watchingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case <-req.Context().Done():
		return nil, context.Cause(req.Context())
	default:
		return w.rt.RoundTrip(req)
	}
}
