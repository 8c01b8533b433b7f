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

// BenchmarkHedgePaired measures what hedging costs a call whose hedge never fires: the
// same in-memory Get, made by the feign and the feignhedged contenders in alternating
// blocks of hedgeBlock calls. The two then share the machine's load at the scale of a
// millisecond, where two benchmarks run one after the other share it only at the scale
// of a second, so the ratio of their times, reported as hedged/plain, varies far less
// from run to run on a noisy machine. extra-ns/call is the difference per call.
func BenchmarkHedgePaired(b *testing.B) {
	plain, hedged := contenderAPI(b, "feign"), contenderAPI(b, "feignhedged")
	ctx := context.Background()
	var plainTime, hedgedTime time.Duration
	calls := 0
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		for range hedgeBlock {
			if _, err := get(ctx, plain); err != nil {
				b.Fatal(err)
			}
		}
		middle := time.Now()
		for range hedgeBlock {
			if _, err := get(ctx, hedged); err != nil {
				b.Fatal(err)
			}
		}
		plainTime += middle.Sub(start)
		hedgedTime += time.Since(middle)
		calls += hedgeBlock
	}
	b.ReportMetric(float64(hedgedTime)/float64(plainTime), "hedged/plain")
	b.ReportMetric(float64(hedgedTime-plainTime)/float64(calls), "extra-ns/call")
}

// hedgeBlock is how many calls a block of BenchmarkHedgePaired makes with one client
// before it switches to the other: enough that reading the clock costs nothing, few
// enough that the load of the machine is the same for both.
const hedgeBlock = 64

// contenderAPI returns the Issues of the contender named name, in memory.
func contenderAPI(b *testing.B, name string) Issues {
	c, ok := contender(name)
	if !ok {
		b.Fatalf("no contender %s", name)
	}
	api, closeAPI, err := c.New("http://api.test", &Backend{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = closeAPI() })
	return api
}
