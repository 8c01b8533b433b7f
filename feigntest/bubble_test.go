package feigntest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/feigntest"
	"github.com/gofeign/feign/feigntest/internal/petstore"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// These tests run in testing/synctest bubbles, on in-memory connections: every wait,
// the server's latency as much as the client's backoff and Retry-After, passes on the
// bubble's fake clock, so the durations asserted are exact and minutes of retries take
// milliseconds of real time.

// arrivals returns when each call the server recorded arrived, counted from start.
func arrivals(s *feigntest.Server, start time.Time) []time.Duration {
	var out []time.Duration
	for _, r := range s.Requests() {
		out = append(out, r.At.Sub(start))
	}
	return out
}

// TestRetryAfterInABubble is the package doc's example: three 503s that ask for 30
// seconds each, and a client that honours them, tested in a blink.
func TestRetryAfterInABubble(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter feigntest.Option
	}{
		{"seconds", feigntest.RetryAfter(30 * time.Second)},
		{"HTTP date", feigntest.RetryAfterDate(30 * time.Second)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			realStart := time.Now()
			synctest.Test(t, func(t *testing.T) {
				s := feigntest.NewServer(t, petHandler(),
					feigntest.InMemory(),
					feigntest.FailFirst(3, http.StatusServiceUnavailable),
					tc.retryAfter,
				)
				// The default Retryer (full jitter, waits of at most a second): the
				// server's Retry-After is the floor of every wait.
				store, attempts := storeClient(t, s)

				start := time.Now()
				pet, err := store.Get(t.Context(), 1)
				require.NoError(t, err)
				assert.Equal(t, &petstore.Pet{ID: 1, Name: "Rex"}, pet)

				assert.Equal(t, 90*time.Second, time.Since(start), "three waits of exactly 30s")
				assert.EqualValues(t, 4, attempts.Load(), "client attempts")
				assert.Equal(t, 4, s.Calls("GET /pets/{id}"), "server calls")
				assert.Equal(t, []time.Duration{0, 30 * time.Second, 60 * time.Second, 90 * time.Second}, arrivals(s, start))
			})
			// Milliseconds on an idle machine; the bound leaves room for a loaded one,
			// and 90 real seconds of waiting could never meet it.
			took := time.Since(realStart)
			t.Logf("real time: %v", took)
			assert.Less(t, took, time.Second)
		})
	}
}

// TestRetryAfterLongerThanTheClientWaits: a Retry-After over the Retryer's
// MaxRetryAfter ends the call at once, after one attempt on each side.
func TestRetryAfterLongerThanTheClientWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := feigntest.NewServer(t, petHandler(), feigntest.InMemory(),
			feigntest.FailFirst(1, http.StatusTooManyRequests), feigntest.RetryAfter(time.Hour))
		store, attempts := storeClient(t, s)

		start := time.Now()
		_, err := store.Get(t.Context(), 1)
		assert.ErrorIs(t, err, retryer.ErrRetryAfterTooLong)
		assert.Zero(t, time.Since(start))
		assert.EqualValues(t, 1, attempts.Load())
		assert.Equal(t, 1, s.Calls("/"))
		assert.Equal(t, feigntest.Behavior{Status: 429, Header: http.Header{"Retry-After": {"3600"}}}, s.Requests()[0].Behavior)
	})
}

// TestBackoffAfterResetsInABubble: two resets and Feign's waits without jitter, 150ms
// then 225ms, exactly.
func TestBackoffAfterResetsInABubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := feigntest.NewServer(t, petHandler(), feigntest.InMemory(), feigntest.ResetConnections(2))
		store, attempts := storeClient(t, s, runtime.WithRetryer(retryer.New(100*time.Millisecond, time.Second, 5)))

		start := time.Now()
		pet, err := store.Get(t.Context(), 4)
		require.NoError(t, err)
		assert.Equal(t, 4, pet.ID)
		assert.Equal(t, 375*time.Millisecond, time.Since(start))
		assert.EqualValues(t, 3, attempts.Load())
		assert.Equal(t, []time.Duration{0, 150 * time.Millisecond, 375 * time.Millisecond}, arrivals(s, start))
	})
}

func TestLatencyFuncInABubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := feigntest.NewServer(t, petHandler(), feigntest.InMemory(),
			feigntest.Latency(10*time.Millisecond),
			feigntest.LatencyFunc(func(call int) time.Duration { return time.Duration(call) * time.Second }),
		)
		store, _ := storeClient(t, s)
		for call := 1; call <= 3; call++ {
			start := time.Now()
			_, err := store.Get(t.Context(), call)
			require.NoError(t, err)
			assert.Equal(t, time.Duration(call)*time.Second+10*time.Millisecond, time.Since(start))
		}
		var got []time.Duration
		for _, r := range s.Requests() {
			got = append(got, r.Behavior.Latency)
		}
		assert.Equal(t, []time.Duration{1010 * time.Millisecond, 2010 * time.Millisecond, 3010 * time.Millisecond}, got)
	})
}

// TestLatencyPastTheDeadline: the client gives up at its deadline, exactly, and the
// server stops waiting with it (the bubble would not end otherwise).
func TestLatencyPastTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := feigntest.NewServer(t, petHandler(), feigntest.InMemory(), feigntest.Latency(time.Minute))
		store, attempts := storeClient(t, s)

		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		start := time.Now()
		_, err := store.Get(ctx, 1)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 2*time.Second, time.Since(start))
		assert.EqualValues(t, 1, attempts.Load())
		assert.Equal(t, 1, s.Calls("/"))
	})
}

// TestHedgingAgainstAStraggler: the first attempt is slow, the hedge sent after 100ms
// answers at once and wins; the server saw both, and the loser's wait ended with it.
func TestHedgingAgainstAStraggler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := feigntest.NewServer(t, petHandler(), feigntest.InMemory(),
			feigntest.LatencyFunc(func(call int) time.Duration {
				if call == 1 {
					return 10 * time.Second
				}
				return 0
			}),
		)
		store, attempts := storeClient(t, s, runtime.WithHedging(runtime.Hedging{Delay: 100 * time.Millisecond, MaxAttempts: 2}))

		start := time.Now()
		pet, err := store.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, 1, pet.ID)
		assert.Equal(t, 100*time.Millisecond, time.Since(start))
		assert.EqualValues(t, 2, attempts.Load())
		assert.Equal(t, []time.Duration{0, 100 * time.Millisecond}, arrivals(s, start))
	})
}

// TestCloseInABubble: Close ends a wait of an hour at once, and the call with it.
func TestCloseInABubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := feigntest.NewServer(t, petHandler(), feigntest.InMemory(), feigntest.Latency(time.Hour))
		done := make(chan error)
		go func() {
			resp, err := s.Client().Get(s.URL() + "/pets/1")
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		synctest.Wait() // the call is waiting in the server, and recorded already
		require.Equal(t, 1, s.Calls("/"))
		assert.Equal(t, feigntest.Behavior{Latency: time.Hour}, s.Requests()[0].Behavior)
		start := time.Now()
		s.Close()
		err := <-done
		assert.Error(t, err)
		assert.False(t, errors.Is(err, context.DeadlineExceeded))
		assert.Zero(t, time.Since(start))
	})
}

// TestRetryAfterDateRoundsUp: an answer sent at 0.5s asking for 1s gets the HTTP date
// of the next whole second, 2s, and the client comes back exactly then, never sooner.
func TestRetryAfterDateRoundsUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := feigntest.NewServer(t, petHandler(), feigntest.InMemory(),
			feigntest.Script(feigntest.Behavior{Latency: 500 * time.Millisecond, Status: http.StatusServiceUnavailable}),
			feigntest.RetryAfterDate(time.Second),
		)
		store, attempts := storeClient(t, s)

		start := time.Now()
		_, err := store.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, 2*time.Second, time.Since(start))
		assert.EqualValues(t, 2, attempts.Load())
		assert.Equal(t, []time.Duration{0, 2 * time.Second}, arrivals(s, start))
		assert.Equal(t, http.Header{"Retry-After": {"Sat, 01 Jan 2000 00:00:02 GMT"}}, s.Requests()[0].Behavior.Header)
	})
}
