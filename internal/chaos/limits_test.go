package chaos

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/faultserver"
	feign "github.com/gofeign/feign/runtime"
)

// hugeBytes is the size of the huge bodies: more than any limit, and more than a test
// could afford to buffer; the server streams them and stops when the client closes.
const hugeBytes = 2 << 30

// newBlobsFixture starts a server answering with plan over proto and a Blobs client of it
// with the given limit; at the end of the test every body and connection is closed.
func newBlobsFixture(t *testing.T, proto faultserver.Protocol, plan faultserver.Plan, limit int64) (Blobs, *faultserver.Server, *transportCounter) {
	t.Helper()
	server := faultserver.New(plan, faultserver.Options{Protocol: proto})
	transport := server.Transport()
	counter := newTransportCounter(transport)
	t.Cleanup(func() {
		assert.Zero(t, counter.open.Load(), "response bodies left open")
		transport.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		counts, err := server.WaitConnsClosed(ctx)
		assert.NoError(t, err, "connections left open: %+v", counts)
		server.Close()
	})
	api, err := NewBlobs(server.URL,
		feign.WithHTTPClient(&http.Client{Transport: counter}),
		feign.WithRetryer(fast()),
		feign.WithMaxResponseBytes(limit),
	)
	require.NoError(t, err)
	return api, server, counter
}

// blobCalls are the methods of Blobs, each returning the size of its result.
var blobCalls = []struct {
	name  string
	call  func(context.Context, Blobs, string) (int, error)
	limit string // the limit its error names, with the Client's at 1 MiB
}{
	{"Get", func(ctx context.Context, b Blobs, id string) (int, error) {
		e, err := b.Get(ctx, id)
		if e != nil {
			return 1, err
		}
		return 0, err
	}, "1048576 bytes (1 MiB)"},
	{"Bytes", func(ctx context.Context, b Blobs, id string) (int, error) {
		r, err := b.Bytes(ctx, id)
		return len(r), err
	}, "1048576 bytes (1 MiB)"},
	{"Text", func(ctx context.Context, b Blobs, id string) (int, error) {
		r, err := b.Text(ctx, id)
		return len(r), err
	}, "1048576 bytes (1 MiB)"},
	{"Small", func(ctx context.Context, b Blobs, id string) (int, error) {
		r, err := b.Small(ctx, id)
		return len(r), err
	}, "65536 bytes (64 KiB)"},
}

// Huge and compressed 2xx bodies, on every protocol, through every method: every call
// ends with ErrResponseTooLarge naming its limit, after exactly one attempt on both
// sides, and the server stops sending soon after the limit.
func TestHugeResultsEndAtTheLimit(t *testing.T) {
	const calls = 8 // per protocol, kind and method, four at a time
	for _, proto := range []faultserver.Protocol{faultserver.HTTP1, faultserver.H2C, faultserver.H2TLS} {
		for _, kind := range []faultserver.Kind{faultserver.HugeBody, faultserver.HugeStream, faultserver.GzipBomb} {
			t.Run(proto.String()+"/"+kind.String(), func(t *testing.T) {
				api, server, counter := newBlobsFixture(t, proto,
					faultserver.Always(faultserver.Fault{Kind: kind, BodyBytes: hugeBytes}), 1<<20)
				var wg sync.WaitGroup
				sem := make(chan struct{}, 4)
				errs := make(map[string]error)
				var mu sync.Mutex
				for _, m := range blobCalls {
					for i := range calls {
						id := fmt.Sprintf("%s-%d", m.name, i)
						wg.Add(1)
						sem <- struct{}{}
						go func() {
							defer wg.Done()
							defer func() { <-sem }()
							n, err := m.call(context.Background(), api, id)
							if n != 0 {
								err = fmt.Errorf("a result of %d: %w", n, err)
							}
							mu.Lock()
							errs[id] = err
							mu.Unlock()
						}()
					}
				}
				wg.Wait()

				for _, m := range blobCalls {
					for i := range calls {
						id := fmt.Sprintf("%s-%d", m.name, i)
						err := errs[id]
						require.ErrorIs(t, err, feign.ErrResponseTooLarge, id)
						var callErr *feign.CallError
						require.ErrorAs(t, err, &callErr)
						assert.Equal(t, 1, callErr.Attempts, id)
						assert.Contains(t, err.Error(), "over the limit of "+m.limit, id)
					}
				}
				perCall := map[string]int{}
				for _, rec := range server.SettledRecords() {
					perCall[rec.CallID]++
					assert.Less(t, rec.BodyWritten, int64(128<<20), "%s: the server stopped soon after the limit", rec.CallID)
				}
				counter.mu.Lock()
				defer counter.mu.Unlock()
				for id := range errs {
					assert.Equal(t, 1, perCall[id], "%s: attempts the server saw", id)
					assert.Equal(t, 1, counter.attempts[id], "%s: attempts the client sent", id)
				}
				assert.Len(t, perCall, len(errs))
			})
		}
	}
}

// The limit is the memory a call may take: while a 2 GiB body streams, plain or as a
// gzip bomb, the heap grows by no more than the limit and a few MiB (the transport's
// buffers, HTTP/2 flow control included), and the call ends at the limit. Should the
// heap grow far past that, the call is cancelled, so that a regression fails the test
// instead of exhausting the machine.
func TestHugeBodyCostsNoMoreThanTheLimit(t *testing.T) {
	const (
		limit = 16 << 20
		slack = 8 << 20
	)
	for _, proto := range []faultserver.Protocol{faultserver.HTTP1, faultserver.H2C} {
		for _, kind := range []faultserver.Kind{faultserver.HugeStream, faultserver.GzipBomb} {
			for _, m := range blobCalls[:2] {
				t.Run(proto.String()+"/"+kind.String()+"/"+m.name, func(t *testing.T) {
					api, _, _ := newBlobsFixture(t, proto,
						faultserver.Always(faultserver.Fault{Kind: kind, BodyBytes: hugeBytes}), limit)
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()

					runtime.GC()
					var stats runtime.MemStats
					runtime.ReadMemStats(&stats)
					base := stats.HeapAlloc
					var peak uint64
					done := make(chan struct{})
					sampled := make(chan struct{})
					go func() {
						defer close(sampled)
						tick := time.NewTicker(time.Millisecond)
						defer tick.Stop()
						for {
							var s runtime.MemStats
							runtime.ReadMemStats(&s)
							if s.HeapAlloc > base {
								peak = max(peak, s.HeapAlloc-base)
							}
							if peak > 4*limit {
								cancel() // far past the bound: stop before the machine suffers
							}
							select {
							case <-done:
								return
							case <-tick.C:
							}
						}
					}()
					n, err := m.call(ctx, api, "memory")
					close(done)
					<-sampled
					t.Logf("heap growth: %.1f MiB", float64(peak)/(1<<20))

					require.ErrorIs(t, err, feign.ErrResponseTooLarge)
					assert.False(t, errors.Is(err, context.Canceled), "ended by the limit, not by the guard")
					assert.Zero(t, n)
					assert.Less(t, peak, uint64(limit+slack), "heap growth %d MiB for a limit of %d MiB", peak>>20, limit>>20)
				})
			}
		}
	}
}
