package runtime_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// kinds counts the Events of each kind.
type kinds struct {
	n [runtime.CallEnd + 1]atomic.Int32
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
			assert.Equal(t, i > 0, errorsIs(err, runtime.ErrBudgetExhausted), "call %d", i)
		}

		// The first call drains the bucket from 10 to 5 tokens in 5 attempts, the
		// Retryer's limit; every later call makes one attempt and is refused a retry.
		assert.EqualValues(t, calls+4, rt.hits.Load())
		assert.EqualValues(t, calls-1, events.n[runtime.BudgetRefused].Load())
		assert.EqualValues(t, 4, events.n[runtime.RetryWait].Load())
	})
}

func TestBudgetRefusesHedges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var events kinds
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return after(r, 100*time.Millisecond, respond(r, http.StatusServiceUnavailable, nil, ""))
		}, runtime.WithRetryer(retryer.Never), events.observer(),
			runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond, MaxAttempts: 2}))

		for range 10 {
			client.NewCall(context.Background(), endpoint("GET")).Do()
		}

		// Calls 1-3 hedge and fail twice each (10 -> 4 tokens); from then on the bucket
		// holds 5 tokens or less and every hedge is refused.
		assert.EqualValues(t, 3*2+7, rt.hits.Load())
		assert.EqualValues(t, 3, events.n[runtime.HedgeFired].Load())
		assert.EqualValues(t, 7, events.n[runtime.BudgetRefused].Load())
	})
}

func TestBudgetTurnedOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, http.StatusServiceUnavailable, nil, ""), nil
		}, runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 5)), runtime.WithRetryBudget(runtime.RetryBudget{}))

		for range 10 {
			err := client.NewCall(context.Background(), endpoint("GET")).Do()
			assert.False(t, errorsIs(err, runtime.ErrBudgetExhausted))
		}
		assert.EqualValues(t, 50, rt.hits.Load(), "5 attempts per call, as the Retryer says")
	})
}

// TestBudgetAccountingOver10000Calls checks the bucket against gRPC's retry throttling,
// simulated here, over 10,000 calls: 5 % of attempts fail at random, and three outages
// of 300 attempts drain the bucket, which the successes after them refill. The attempt
// counts must agree to ±1.
func TestBudgetAccountingOver10000Calls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const calls, maxAttempts = 10_000, 5
		fails := func(hit int) bool { return hit%3000 >= 1000 && hit%3000 < 1300 || hit*7919%100 < 5 }
		client, rt := inMemory(t, func(r *http.Request, hit int) (*http.Response, error) {
			if fails(hit) {
				return respond(r, http.StatusServiceUnavailable, nil, ""), nil
			}
			return respond(r, http.StatusOK, nil, ""), nil
		}, runtime.WithRetryer(retryer.New(0, 0, maxAttempts)))

		failed := 0
		for range calls {
			if client.NewCall(context.Background(), endpoint("GET")).Do() != nil {
				failed++
			}
		}

		// The model: gRPC's algorithm, step by step.
		tokens, hits, modelFailed := 10.0, 0, 0
		for range calls {
			for attempt := 1; ; attempt++ {
				hits++
				if !fails(hits) {
					tokens = min(tokens+0.1, 10)
					break
				}
				tokens = max(tokens-1, 0)
				if attempt == maxAttempts || tokens <= 5 {
					modelFailed++
					break
				}
			}
		}
		assert.InDelta(t, hits, rt.hits.Load(), 1, "attempts")
		assert.InDelta(t, modelFailed, failed, 1, "failed calls")
		t.Logf("%d calls, %d attempts (%.3f per call), %d failed", calls, hits, float64(hits)/calls, failed)
	})
}

func TestBudgetUnderConcurrentCalls(t *testing.T) {
	// 10,000 failing calls on 8 goroutines: the bucket is drained by the first few, and
	// then no call retries. One caller alone would make 4 retries (10 tokens, down to
	// 5). A check and the take that follows it are not one atomic step, and first
	// attempts of racing calls drain the bucket too, so the count is exact within the
	// number of goroutines either way.
	var sent atomic.Int32
	client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
		return respond(r, http.StatusServiceUnavailable, nil, ""), nil
	}, runtime.WithRetryer(retryer.New(0, 0, 5)), runtime.WithRequestInterceptor(func(*http.Request) error {
		sent.Add(1)
		return nil
	}))
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
	assert.GreaterOrEqual(t, hits, calls+4-workers)
	assert.LessOrEqual(t, hits, calls+4+workers)
}
