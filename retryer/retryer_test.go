package retryer_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const ms = time.Millisecond

// unavailable is the failure the tests retry: a 503, with a Retry-After when after > 0
// (or after < 0: in the past), relative to the current, possibly fake, time.
func unavailable(after time.Duration) *errordecoder.RetryableError {
	err := &errordecoder.RetryableError{Err: &errordecoder.HTTPError{
		StatusCode: http.StatusServiceUnavailable,
		Status:     "503 Service Unavailable",
		Method:     http.MethodGet,
		URL:        "https://api.example.com/x",
		MethodKey:  "API#Get",
	}}
	if after != 0 {
		err.RetryAfter = time.Now().Add(after)
	}
	return err
}

// timed runs r.ContinueOrPropagate and returns its error and how long it waited on the
// fake clock of the synctest bubble.
func timed(ctx context.Context, r retryer.Retryer, err *errordecoder.RetryableError) (time.Duration, error) {
	start := time.Now()
	got := r.ContinueOrPropagate(ctx, err)
	return time.Since(start), got
}

func TestFeignSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, time.Second, 5)
		failure := unavailable(0)
		start := time.Now()

		wantWaits := []time.Duration{150 * ms, 225 * ms, 337 * ms, 506 * ms}
		wantTotals := []time.Duration{150 * ms, 375 * ms, 712 * ms, 1218 * ms}
		for i, want := range wantWaits {
			waited, err := timed(t.Context(), r, failure)
			require.NoError(t, err, "retry %d", i+1)
			assert.Equal(t, want, waited, "wait before attempt %d", i+2)
			assert.Equal(t, wantTotals[i], time.Since(start), "time before attempt %d", i+2)
		}

		waited, err := timed(t.Context(), r, failure)
		assert.Same(t, failure, err, "the fifth call returns the error itself, as Feign rethrows it")
		assert.Zero(t, waited)
	})
}

func TestMaxPeriod(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, 300*ms, 6)
		for _, want := range []time.Duration{150 * ms, 225 * ms, 300 * ms, 300 * ms, 300 * ms} {
			waited, err := timed(t.Context(), r, unavailable(0))
			require.NoError(t, err)
			assert.Equal(t, want, waited)
		}
	})
}

func TestSubMillisecondPeriodIsNotTruncated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(10*time.Microsecond, time.Second, 3)
		waited, err := timed(t.Context(), r, unavailable(0))
		require.NoError(t, err)
		assert.Equal(t, 15*time.Microsecond, waited)
	})
}

func TestNewNormalisesArguments(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		failure := unavailable(0)

		_, err := timed(t.Context(), retryer.New(100*ms, time.Second, 0), failure)
		assert.Same(t, failure, err, "maxAttempts 0 means one attempt: no retry")

		r := retryer.New(-time.Second, -time.Second, 3)
		waited, err := timed(t.Context(), r, failure)
		require.NoError(t, err)
		assert.Zero(t, waited, "negative durations become zero")

		r = retryer.New(100*ms, 10*ms, 3)
		for range 2 {
			waited, err = timed(t.Context(), r, failure)
			require.NoError(t, err)
			assert.Equal(t, 100*ms, waited, "a maxPeriod below period becomes period")
		}
	})
}

func TestRetryAfterIsAFloor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, time.Second, 5)

		waited, err := timed(t.Context(), r, unavailable(3*time.Second))
		require.NoError(t, err)
		assert.Equal(t, 3*time.Second, waited, "the server asked for 3s, the backoff is 150ms")

		waited, err = timed(t.Context(), r, unavailable(50*ms))
		require.NoError(t, err)
		assert.Equal(t, 225*ms, waited, "a Retry-After shorter than the backoff leaves the backoff")
	})
}

func TestRetryAfterInThePastUsesTheBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, time.Second, 5)
		waited, err := timed(t.Context(), r, unavailable(-time.Hour))
		require.NoError(t, err)
		assert.Equal(t, 150*ms, waited, "not Feign's zero-wait hot loop")
	})
}

func TestRetryAfterTooLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, time.Second, 5)
		failure := unavailable(time.Hour)

		waited, err := timed(t.Context(), r, failure)

		assert.Zero(t, waited, "returns at once, without sleeping")
		require.ErrorIs(t, err, retryer.ErrRetryAfterTooLong)
		var retryable *errordecoder.RetryableError
		require.ErrorAs(t, err, &retryable)
		assert.Same(t, failure, retryable)
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &httpErr)
		assert.Equal(t, http.StatusServiceUnavailable, httpErr.StatusCode)
		assert.Equal(t,
			"retryer: server asked to wait 1h0m0s, longer than 30s: retry-after longer than the retryer allows: "+
				"[503 Service Unavailable] during [GET] to [https://api.example.com/x] [API#Get]: [] "+
				"(retry after 2000-01-01T01:00:00Z)",
			err.Error())
	})
}

func TestWithMaxRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, time.Second, 5, retryer.WithMaxRetryAfter(2*time.Hour))
		waited, err := timed(t.Context(), r, unavailable(time.Hour))
		require.NoError(t, err)
		assert.Equal(t, time.Hour, waited)

		r = retryer.New(100*ms, time.Second, 5, retryer.WithMaxRetryAfter(time.Second))
		_, err = timed(t.Context(), r, unavailable(2*time.Second))
		require.ErrorIs(t, err, retryer.ErrRetryAfterTooLong)

		r = retryer.New(100*ms, time.Second, 5, retryer.WithMaxRetryAfter(0))
		waited, err = timed(t.Context(), r, unavailable(30*time.Second))
		require.NoError(t, err, "zero keeps the default of 30s")
		assert.Equal(t, 30*time.Second, waited)
	})
}

func TestWaitPastDeadlineReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		r := retryer.New(100*ms, time.Second, 5)
		failure := unavailable(3 * time.Second)

		waited, err := timed(ctx, r, failure)

		assert.Zero(t, waited)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var retryable *errordecoder.RetryableError
		require.ErrorAs(t, err, &retryable)
		assert.Same(t, failure, retryable)

		waited, err = timed(ctx, r, unavailable(0))
		require.NoError(t, err, "a backoff that ends before the deadline is waited")
		assert.Equal(t, 225*ms, waited)
	})
}

func TestCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(time.Second, cancel)
		r := retryer.New(100*ms, time.Second, 5)
		failure := unavailable(3 * time.Second)

		waited, err := timed(ctx, r, failure)

		assert.Equal(t, time.Second, waited, "the wait ends when the context is cancelled")
		require.ErrorIs(t, err, context.Canceled)
		var retryable *errordecoder.RetryableError
		require.ErrorAs(t, err, &retryable)
		assert.Same(t, failure, retryable)
	})
}

func TestDoneContextReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()

		waited, err := timed(ctx, retryer.New(100*ms, time.Second, 5), unavailable(0))

		assert.Zero(t, waited)
		require.ErrorIs(t, err, context.Canceled)
		var retryable *errordecoder.RetryableError
		require.ErrorAs(t, err, &retryable)
	})
}

func TestJitterBounds(t *testing.T) {
	backoffs := []time.Duration{150 * ms, 225 * ms, 337 * ms, 506 * ms}
	tests := []struct {
		name   string
		jitter retryer.Jitter
		low    func(backoff time.Duration) time.Duration
	}{
		{"full", retryer.FullJitter, func(time.Duration) time.Duration { return 0 }},
		{"equal", retryer.EqualJitter, func(b time.Duration) time.Duration { return b / 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				template := retryer.New(100*ms, time.Second, 5, retryer.WithJitter(tt.jitter))
				seen := map[time.Duration]bool{}
				for range 500 {
					r := template.Clone()
					for _, backoff := range backoffs {
						waited, err := timed(t.Context(), r, unavailable(0))
						require.NoError(t, err)
						require.GreaterOrEqual(t, waited, tt.low(backoff))
						require.LessOrEqual(t, waited, backoff)
						seen[waited] = true
					}
				}
				assert.Greater(t, len(seen), 100, "the waits are spread out")
			})
		})
	}
}

func TestJitterDoesNotLowerTheRetryAfterFloor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, time.Second, 5, retryer.WithJitter(retryer.FullJitter))
		waited, err := timed(t.Context(), r, unavailable(2*time.Second))
		require.NoError(t, err)
		assert.Equal(t, 2*time.Second, waited)
	})
}

func TestDefault(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.Default()
		failure := unavailable(0)
		for _, backoff := range []time.Duration{150 * ms, 225 * ms, 337 * ms, 506 * ms} {
			waited, err := timed(t.Context(), r, failure)
			require.NoError(t, err)
			assert.LessOrEqual(t, waited, backoff)
		}
		_, err := timed(t.Context(), r, failure)
		assert.Same(t, failure, err, "five attempts in all")
	})
}

func TestCloneResetsAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := retryer.New(100*ms, time.Second, 3)
		failure := unavailable(0)
		for range 2 {
			require.NoError(t, r.ContinueOrPropagate(t.Context(), failure))
		}
		require.Same(t, failure, r.ContinueOrPropagate(t.Context(), failure))

		clone := r.Clone()
		waited, err := timed(t.Context(), clone, failure)
		require.NoError(t, err)
		assert.Equal(t, 150*ms, waited, "the clone starts again from the first attempt")
		assert.Same(t, failure, r.ContinueOrPropagate(t.Context(), failure), "the original is unchanged")
	})
}

func TestCloneIsSafeForConcurrentUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		template := retryer.New(100*ms, time.Second, 3, retryer.WithJitter(retryer.EqualJitter))
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				r := template.Clone()
				failure := unavailable(0)
				for range 2 {
					assert.NoError(t, r.ContinueOrPropagate(t.Context(), failure))
				}
				assert.Same(t, failure, r.ContinueOrPropagate(t.Context(), failure))
			})
		}
		wg.Wait()
	})
}

func TestNever(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		failure := unavailable(0)
		waited, err := timed(t.Context(), retryer.Never, failure)
		assert.Same(t, failure, err)
		assert.Zero(t, waited)
		assert.Equal(t, retryer.Never, retryer.Never.Clone())
	})
}

func TestNilErrorDoesNotPanic(t *testing.T) {
	for _, r := range []retryer.Retryer{retryer.Never, retryer.New(0, 0, 3)} {
		err := r.ContinueOrPropagate(context.Background(), nil)
		require.Error(t, err)
		assert.NotEmpty(t, err.Error(), "not a nil *RetryableError in an error interface")
	}
}
