package runtime_test

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/faultserver"
	"github.com/gofeign/feign/retrybudget"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// kinds counts the Events of each kind.
type kinds struct {
	n [runtime.CircuitOpen + 1]atomic.Int32
}

func (k *kinds) observer() runtime.Option {
	return runtime.WithObserver(runtime.ObserverFunc(func(_ context.Context, e runtime.Event) {
		k.n[e.Kind].Add(1)
	}))
}

func TestBudgetStopsRetriesInAFullOutage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var events kinds
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, http.StatusServiceUnavailable, nil, "down"), nil
		}, runtime.WithRetryer(retryer.New(10*time.Millisecond, 10*time.Millisecond, 5)), events.observer())

		const calls = 1000
		for i := range calls {
			err := client.NewCall(context.Background(), endpoint("GET")).Do()
			var httpErr *errordecoder.HTTPError
			require.ErrorAs(t, err, &httpErr, "the last failure is kept")
			assert.Equal(t, 503, httpErr.StatusCode)
			assert.Equal(t, i >= 25, errorsIs(err, runtime.ErrBudgetExhausted), "call %d", i)
		}

		// The floor of the default budget, 10 a second over 10 s, pays for the 4
		// retries of each of the first 25 calls; from then on 100 retries are more than
		// a tenth of the calls, so every later call makes one attempt: 1.1 per call.
		assert.EqualValues(t, calls+100, rt.hits.Load())
		assert.EqualValues(t, calls-25, events.n[runtime.BudgetRefused].Load())
		assert.EqualValues(t, 100, events.n[runtime.RetryWait].Load())
	})
}

func TestBudgetRefusesHedges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var events kinds
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return after(r, 100*time.Millisecond, respond(r, http.StatusServiceUnavailable, nil, ""))
		}, runtime.WithRetryer(retryer.Never), events.observer(),
			runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond, MaxAttempts: 2}),
			runtime.WithRetryBudget(runtime.RetryBudget{Ratio: 0.1, MinPerSecond: 1, Window: 10 * time.Second}))

		for range 20 {
			client.NewCall(context.Background(), endpoint("GET")).Do()
		}

		// A floor of 10 in the window: calls 1-10 hedge, and their 10 hedges are more
		// than a tenth of 20 calls, so calls 11-20 send one attempt each.
		assert.EqualValues(t, 10*2+10, rt.hits.Load())
		assert.EqualValues(t, 10, events.n[runtime.HedgeFired].Load())
		assert.EqualValues(t, 10, events.n[runtime.BudgetRefused].Load())
	})
}

func TestBudgetTurnedOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, http.StatusServiceUnavailable, nil, ""), nil
		}, runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 5)), runtime.WithRetryBudget(runtime.RetryBudget{}))

		for range 100 {
			err := client.NewCall(context.Background(), endpoint("GET")).Do()
			assert.False(t, errorsIs(err, runtime.ErrBudgetExhausted))
		}
		assert.EqualValues(t, 500, rt.hits.Load(), "5 attempts per call, as the Retryer says")
	})
}

func TestBudgetThatNewCannotHonour(t *testing.T) {
	_, err := runtime.New("http://api.test", runtime.WithRetryBudget(runtime.RetryBudget{Window: time.Millisecond}))
	require.ErrorIs(t, err, retrybudget.ErrConfig)
	assert.Equal(t, "feign: RetryBudget: retrybudget: invalid config: Window 1ms is shorter than 100ms", err.Error())
}

// TestBudgetAccountingOver10000Calls checks the budget against a model of its rule,
// simulated here, over 10,000 calls whose attempts take 1 ms of fake time each, so the
// window slides 3 times: 5 % of attempts fail at random, and outages of 1,000 attempts
// in every 3,000 spend the budget. The attempt counts must agree to ±1.
func TestBudgetAccountingOver10000Calls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const calls, maxAttempts = 10_000, 5
		fails := func(hit int) bool { return hit%3000 >= 1000 && hit%3000 < 2000 || hit*7919%100 < 5 }
		var events kinds
		client, rt := inMemory(t, func(r *http.Request, hit int) (*http.Response, error) {
			code := http.StatusOK
			if fails(hit) {
				code = http.StatusServiceUnavailable
			}
			return after(r, time.Millisecond, respond(r, code, nil, ""))
		}, runtime.WithRetryer(retryer.New(0, 0, maxAttempts)), events.observer())

		failed := 0
		for range calls {
			if client.NewCall(context.Background(), endpoint("GET")).Do() != nil {
				failed++
			}
		}

		// The model: per tenth of the 10 s window (1,000 attempts of 1 ms), the calls and
		// retries made; a retry is allowed while the retries of the last ten tenths,
		// itself included, are at most max(calls/10, 100).
		var callsIn, retriesIn [64]int
		window := func(ring *[64]int, tenth int) (n int) {
			for k := max(tenth-9, 0); k <= tenth; k++ {
				n += ring[k]
			}
			return n
		}
		hits, modelFailed, refused := 0, 0, 0
		for range calls {
			callsIn[hits/1000]++
			for attempt := 1; ; attempt++ {
				hits++
				if !fails(hits) {
					break
				}
				if attempt == maxAttempts {
					modelFailed++
					break
				}
				tenth := hits / 1000
				if 10*(window(&retriesIn, tenth)+1) > max(window(&callsIn, tenth), 1000) {
					modelFailed++
					refused++
					break
				}
				retriesIn[tenth]++
			}
		}
		require.Positive(t, refused, "the outages must spend the budget")
		assert.InDelta(t, hits, rt.hits.Load(), 1, "attempts")
		assert.InDelta(t, modelFailed, failed, 1, "failed calls")
		assert.InDelta(t, refused, events.n[runtime.BudgetRefused].Load(), 1, "refusals")
		t.Logf("%d calls, %d attempts (%.3f per call), %d failed, %d refused", calls, hits, float64(hits)/calls, failed, refused)
	})
}

func TestBudgetUnderConcurrentCalls(t *testing.T) {
	// 10,000 failing calls on 8 goroutines, in a window of a minute that holds them all:
	// retries may add a tenth of the calls, 1,000. A withdrawal is counted before it is
	// checked and taken back when the check fails, so racing withdrawals near the limit
	// may both be refused (a few retries fewer) but the limit is never exceeded.
	var sent atomic.Int32
	client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
		return respond(r, http.StatusServiceUnavailable, nil, ""), nil
	}, runtime.WithRetryer(retryer.New(0, 0, 5)), runtime.WithRequestInterceptor(func(*http.Request) error {
		sent.Add(1)
		return nil
	}), runtime.WithRetryBudget(runtime.RetryBudget{Ratio: 0.1, MinPerSecond: 1, Window: time.Minute}))
	const calls, workers = 10_000, 8
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= calls {
				err := client.NewCall(context.Background(), endpoint("GET")).Do()
				var httpErr *errordecoder.HTTPError
				if !assert.ErrorAs(t, err, &httpErr) {
					return
				}
			}
		})
	}
	wg.Wait()
	hits := int(rt.hits.Load())
	assert.Equal(t, hits, int(sent.Load()), "client- and server-side counts agree")
	assert.GreaterOrEqual(t, hits, calls+1000-workers)
	assert.LessOrEqual(t, hits, calls+1000)
}

// refusedClient returns a Client of a base URL where nothing listens, and the count of
// the connections it tried to open: every attempt fails with a refused connection
// before any request is written.
func refusedClient(t *testing.T, opts ...runtime.Option) (*runtime.Client, *atomic.Int32) {
	t.Helper()
	url, err := faultserver.RefusedURL()
	require.NoError(t, err)
	var dials atomic.Int32
	dialer := &net.Dialer{Control: func(string, string, syscall.RawConn) error {
		dials.Add(1)
		return nil
	}}
	transport := &http.Transport{DialContext: dialer.DialContext}
	t.Cleanup(transport.CloseIdleConnections)
	client, err := runtime.New(url, append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRetryer(retryer.New(0, 0, 5)),
	}, opts...)...)
	require.NoError(t, err)
	return client, &dials
}

// A transport failure is retried at the cost of a status: a quiet client whose calls
// meet refused connections keeps every retry of its Retryer.
func TestBudgetKeepsAQuietClientsRetriesOnRefusedConnections(t *testing.T) {
	var sent atomic.Int32
	client, dials := refusedClient(t, runtime.WithRequestInterceptor(func(*http.Request) error {
		sent.Add(1)
		return nil
	}))
	for i := range 20 {
		err := client.NewCall(context.Background(), endpoint("POST")).Do()
		require.ErrorIs(t, err, syscall.ECONNREFUSED, "call %d", i)
		require.NotErrorIs(t, err, runtime.ErrBudgetExhausted, "call %d: 80 retries fit in the floor of 100", i)
		var callErr *runtime.CallError
		require.ErrorAs(t, err, &callErr)
		assert.Equal(t, 5, callErr.Attempts, "call %d", i)
	}
	assert.EqualValues(t, 100, sent.Load(), "attempts the client made")
	assert.EqualValues(t, 100, dials.Load(), "connections it tried to open")
}

// And a full outage of refused connections is bounded like one of 503s: the floor of
// 60 retries, then a tenth of the calls.
func TestBudgetBoundsAnOutageOfRefusedConnections(t *testing.T) {
	var events kinds
	client, dials := refusedClient(t, events.observer(),
		runtime.WithRetryBudget(runtime.RetryBudget{Ratio: 0.1, MinPerSecond: 1, Window: time.Minute}))
	const calls = 2000
	for i := range calls {
		err := client.NewCall(context.Background(), endpoint("GET")).Do()
		require.ErrorIs(t, err, syscall.ECONNREFUSED, "call %d", i)
	}
	assert.EqualValues(t, calls+calls/10, dials.Load(), "1.1 attempts per call")
	assert.EqualValues(t, calls/10, events.n[runtime.RetryWait].Load())
	assert.EqualValues(t, calls-15, events.n[runtime.BudgetRefused].Load(), "all but the first 15 calls, whose 4 retries fit in the floor")
}
