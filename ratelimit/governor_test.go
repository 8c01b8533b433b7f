package ratelimit_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/ratelimit"
)

const origin = "https://api.example.com"

// spent records a response that says the quota is spent for d.
func spent(t *testing.T, g *ratelimit.Governor, d time.Duration) {
	t.Helper()
	require.NoError(t, g.Observe(context.Background(), origin, http.StatusOK, http.Header{
		"Ratelimit": {`"default";r=0;t=` + strconv.Itoa(int(d/time.Second))},
	}))
}

func TestWaitReturnsAtOnceWhenNothingStopsIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New()
		start := time.Now()
		for range 100 {
			require.NoError(t, g.Wait(context.Background(), origin))
		}
		assert.Zero(t, time.Since(start))
	})
}

// A spent quota holds every request to the origin until the reset, not only the one
// that saw it; other origins go on.
func TestSpentQuotaHoldsEveryRequestUntilTheReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New()
		start := time.Now()
		spent(t, g, 5*time.Second)
		var wg sync.WaitGroup
		ended := make([]time.Duration, 4)
		for i := range ended {
			wg.Go(func() {
				assert.NoError(t, g.Wait(context.Background(), origin))
				ended[i] = time.Since(start)
			})
		}
		require.NoError(t, g.Wait(context.Background(), "https://other.example.com"))
		assert.Zero(t, time.Since(start), "another origin is not held")
		wg.Wait()
		assert.Equal(t, []time.Duration{5 * time.Second, 5 * time.Second, 5 * time.Second, 5 * time.Second}, ended)
	})
}

func TestRetryAfterOn429HoldsTheOrigin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New()
		start := time.Now()
		require.NoError(t, g.Observe(context.Background(), origin, http.StatusTooManyRequests, http.Header{"Retry-After": {"3"}}))
		require.NoError(t, g.Wait(context.Background(), origin))
		assert.Equal(t, 3*time.Second, time.Since(start))
		require.NoError(t, g.Wait(context.Background(), origin))
		assert.Equal(t, 3*time.Second, time.Since(start))
	})
}

// The remaining count is counted down by Wait: the request after the last waits.
func TestRemainingIsCountedDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New()
		start := time.Now()
		require.NoError(t, g.Observe(context.Background(), origin, http.StatusOK, http.Header{
			"Ratelimit": {`"default";r=3;t=10`}, "Ratelimit-Policy": {`"default";q=3;w=10`},
		}))
		for range 3 {
			require.NoError(t, g.Wait(context.Background(), origin))
		}
		assert.Zero(t, time.Since(start))
		for range 3 { // the next window, of the policy's quota
			require.NoError(t, g.Wait(context.Background(), origin))
			assert.Equal(t, 10*time.Second, time.Since(start))
		}
	})
}

// Never sleep past a deadline: a reset after it is refused at once.
func TestDeadlineBeforeTheResetIsRefusedAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New()
		start := time.Now()
		spent(t, g, 5*time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := g.Wait(ctx, origin)
		assert.Zero(t, time.Since(start), "a reset at the deadline: refused without sleeping")
		require.ErrorIs(t, err, ratelimit.ErrRateLimited)
		var limited *ratelimit.LimitedError
		require.ErrorAs(t, err, &limited)
		assert.Equal(t, ratelimit.LimitedError{Key: origin, Until: start.Add(5 * time.Second)}, *limited)
		assert.Equal(t, `ratelimit: "https://api.example.com" is rate limited until `+
			start.Add(5*time.Second).UTC().Format(time.RFC3339Nano), err.Error())

		ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second+time.Millisecond)
		defer cancel()
		require.NoError(t, g.Wait(ctx, origin), "a reset before the deadline is waited for")
		assert.Equal(t, 5*time.Second, time.Since(start))
	})
}

func TestMaxWaitBoundsTheSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New()
		start := time.Now()
		spent(t, g, 31*time.Second)
		err := g.Wait(context.Background(), origin)
		require.ErrorIs(t, err, ratelimit.ErrRateLimited, "longer than the default 30s")
		assert.Zero(t, time.Since(start))

		g = ratelimit.New(ratelimit.WithMaxWait(time.Minute))
		spent(t, g, 31*time.Second)
		require.NoError(t, g.Wait(context.Background(), origin))
		assert.Equal(t, 31*time.Second, time.Since(start))

		g = ratelimit.New(ratelimit.WithMaxWait(0))
		spent(t, g, time.Second)
		require.ErrorIs(t, g.Wait(context.Background(), origin), ratelimit.ErrRateLimited, "0: never sleep")
	})
}

// A reset or Retry-After days away is kept to MaxBlock.
func TestMaxBlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New(ratelimit.WithMaxWait(48 * time.Hour))
		start := time.Now()
		require.NoError(t, g.Observe(context.Background(), origin, http.StatusServiceUnavailable,
			http.Header{"Retry-After": {"9999999"}}))
		require.NoError(t, g.Wait(context.Background(), origin))
		assert.Equal(t, ratelimit.MaxBlock, time.Since(start))
	})
}

func TestWaitEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := ratelimit.New()
		start := time.Now()
		spent(t, g, 10*time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(2*time.Second, cancel)
		err := g.Wait(ctx, origin)
		require.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, ratelimit.ErrRateLimited)
		assert.Equal(t, 2*time.Second, time.Since(start))
		require.ErrorIs(t, g.Wait(ctx, origin), context.Canceled, "a done context is not waited on")
	})
}

// failingStore fails every operation.
type failingStore struct{}

var errStore = errors.New("store down")

func (failingStore) Reserve(context.Context, string, time.Time) (time.Duration, error) {
	return 0, errStore
}
func (failingStore) Observe(context.Context, string, ratelimit.Limits, time.Time) error {
	return errStore
}

func TestStoreErrorsAreReturned(t *testing.T) {
	g := ratelimit.New(ratelimit.WithStore(failingStore{}))
	err := g.Wait(context.Background(), origin)
	require.ErrorIs(t, err, errStore)
	assert.Equal(t, "ratelimit: store: store down", err.Error())
	err = g.Observe(context.Background(), origin, 429, http.Header{"Retry-After": {"1"}})
	require.ErrorIs(t, err, errStore)
	assert.NoError(t, g.Observe(context.Background(), origin, 200, http.Header{}), "nothing to record: the store is not asked")
}

func TestNilGovernor(t *testing.T) {
	var g *ratelimit.Governor
	assert.NoError(t, g.Observe(context.Background(), origin, 429, http.Header{"Retry-After": {"100"}}))
	assert.NoError(t, g.Wait(context.Background(), origin))
}
