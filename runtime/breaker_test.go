package runtime_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/breaker"
	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// A failing endpoint opens its circuit: calls fail at once, unsent, until OpenFor has
// passed; a probe that fails opens it again, one that succeeds closes it.
func TestCircuitOpensFailsFastAndProbes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var down atomic.Bool
		down.Store(true)
		var events kinds
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			if down.Load() {
				return respond(r, http.StatusServiceUnavailable, nil, ""), nil
			}
			return respond(r, http.StatusOK, nil, "{}"), nil
		}, runtime.WithRetryer(retryer.Never), events.observer(),
			runtime.WithCircuitBreaker(breaker.Config{MinCalls: 5, OpenFor: 5 * time.Second, Probes: 1}))
		call := func() error { return client.NewCall(context.Background(), endpoint("GET")).Do() }

		for i := range 5 {
			var httpErr *errordecoder.HTTPError
			require.ErrorAs(t, call(), &httpErr, "call %d is sent", i)
		}
		start := time.Now()
		for range 10 {
			err := call()
			require.ErrorIs(t, err, runtime.ErrCircuitOpen)
			require.ErrorIs(t, err, breaker.ErrCircuitOpen, "the same sentinel")
			var open *breaker.OpenError
			require.ErrorAs(t, err, &open)
			assert.Equal(t, "API#GET http://api.test", open.Key)
			assert.Equal(t, start.Add(5*time.Second), open.Until)
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Zero(t, callErr.Attempts, "not sent")
		}
		assert.EqualValues(t, 5, rt.hits.Load(), "no call reached the server while open")
		assert.EqualValues(t, 10, events.n[runtime.CircuitOpen].Load())

		time.Sleep(5 * time.Second)
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, call(), &httpErr, "the probe is sent, and fails")
		require.ErrorIs(t, call(), runtime.ErrCircuitOpen, "open again")
		assert.EqualValues(t, 6, rt.hits.Load())

		down.Store(false)
		time.Sleep(5 * time.Second)
		require.NoError(t, call(), "the probe succeeds and closes the circuit")
		for range 10 {
			require.NoError(t, call())
		}
		assert.EqualValues(t, 17, rt.hits.Load())
	})
}

// A Retry-After keeps the circuit open until then; a 404 is a success, and circuits
// are per endpoint.
func TestCircuitHonoursRetryAfterAndIsPerEndpoint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			if r.Method == http.MethodDelete {
				return respond(r, http.StatusNotFound, nil, ""), nil
			}
			return respond(r, http.StatusServiceUnavailable, http.Header{"Retry-After": {"20"}}, ""), nil
		}, runtime.WithRetryer(retryer.Never),
			runtime.WithCircuitBreaker(breaker.Config{MinCalls: 2, OpenFor: time.Second}))
		start := time.Now()
		for range 2 {
			client.NewCall(context.Background(), endpoint("GET")).Do()
		}
		for range 5 {
			err := client.NewCall(context.Background(), endpoint("DELETE")).Do()
			var httpErr *errordecoder.HTTPError
			require.ErrorAs(t, err, &httpErr, "another endpoint's circuit, and 404s do not open it")
			assert.Equal(t, http.StatusNotFound, httpErr.StatusCode)
		}
		err := client.NewCall(context.Background(), endpoint("GET")).Do()
		var open *breaker.OpenError
		require.ErrorAs(t, err, &open)
		assert.True(t, start.Add(20*time.Second).Equal(open.Until), "the server's Retry-After, not OpenFor: %v", open.Until)
		assert.EqualValues(t, 7, rt.hits.Load())
	})
}

// A probe draws on the retry budget: when the budget refuses, the probe is not sent,
// and its place is given back for the next.
func TestCircuitProbeDrawsOnTheRetryBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, http.StatusServiceUnavailable, nil, ""), nil
		}, runtime.WithRetryer(retryer.Never),
			runtime.WithRetryBudget(runtime.RetryBudget{Ratio: -1, MinPerSecond: -1}), // no retry, no probe
			runtime.WithCircuitBreaker(breaker.Config{MinCalls: 2, OpenFor: time.Second, Probes: 1}))
		for range 2 {
			client.NewCall(context.Background(), endpoint("GET")).Do()
		}
		time.Sleep(time.Second)
		for range 3 {
			err := client.NewCall(context.Background(), endpoint("GET")).Do()
			require.ErrorIs(t, err, runtime.ErrBudgetExhausted)
			require.ErrorIs(t, err, runtime.ErrCircuitOpen)
			var open *breaker.OpenError
			require.ErrorAs(t, err, &open)
			assert.Zero(t, open.Until)
		}
		assert.EqualValues(t, 2, rt.hits.Load(), "no probe was sent")
	})
}

func TestCircuitBreakerThatNewCannotHonour(t *testing.T) {
	_, err := runtime.New("http://api.test", runtime.WithCircuitBreaker(breaker.Config{FailureRatio: 2}))
	require.ErrorIs(t, err, breaker.ErrConfig)
}

// A hedge the circuit refuses is not sent, and does not end the call: here the hedge
// of a half-open circuit's only probe.
func TestCircuitRefusesAHedgeWithoutEndingTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var events kinds
		client, rt := inMemory(t, func(r *http.Request, hit int) (*http.Response, error) {
			if hit <= 2 {
				return respond(r, http.StatusServiceUnavailable, nil, ""), nil
			}
			return after(r, 100*time.Millisecond, respond(r, http.StatusOK, nil, "{}"))
		}, runtime.WithRetryer(retryer.Never),
			runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond}), events.observer(),
			runtime.WithCircuitBreaker(breaker.Config{MinCalls: 2, OpenFor: time.Second, Probes: 1}))
		for range 2 {
			client.NewCall(context.Background(), endpoint("GET")).Do()
		}
		time.Sleep(time.Second)
		start := time.Now()
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do(), "the probe succeeds")
		assert.Equal(t, 100*time.Millisecond, time.Since(start))
		assert.EqualValues(t, 3, rt.hits.Load(), "the hedge was not sent")
		assert.EqualValues(t, 1, events.n[runtime.CircuitOpen].Load())
		assert.Zero(t, events.n[runtime.HedgeFired].Load())
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do(), "closed again")
	})
}
