package runtime_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/ratelimit"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// quotaServer is a server with a quota of quota requests per window, counted in
// windows of fake time from its start, which announces what remains as the
// rate-limit headers draft does, and answers 429 past the quota.
type quotaServer struct {
	quota  int
	window time.Duration
	start  time.Time

	mu       sync.Mutex
	current  int64 // the window the count is of
	used     int
	hits     atomic.Int32
	rejected atomic.Int32
}

func newQuotaServer(quota int, window time.Duration) *quotaServer {
	return &quotaServer{quota: quota, window: window, start: time.Now()}
}

func (s *quotaServer) answer(r *http.Request, _ int) (*http.Response, error) {
	s.hits.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	elapsed := time.Since(s.start)
	if w := int64(elapsed / s.window); w != s.current {
		s.current, s.used = w, 0
	}
	reset := s.window - elapsed%s.window
	h := http.Header{}
	h.Set("RateLimit-Policy", `"default";q=`+strconv.Itoa(s.quota)+`;w=`+strconv.Itoa(int(s.window/time.Second)))
	t := strconv.Itoa(int((reset + time.Second - 1) / time.Second))
	if s.used >= s.quota {
		s.rejected.Add(1)
		h.Set("RateLimit", `"default";r=0;t=`+t)
		h.Set("Retry-After", t)
		return respond(r, http.StatusTooManyRequests, h, ""), nil
	}
	s.used++
	h.Set("RateLimit", `"default";r=`+strconv.Itoa(s.quota-s.used)+`;t=`+t)
	return respond(r, http.StatusOK, h, "{}"), nil
}

// 20 concurrent callers of a server with a quota of 5 per 10 s: once the first
// response told the quota, every call waits for its window instead of meeting a 429.
func TestRateLimitsHoldEveryCallUntilTheReset(t *testing.T) {
	for _, governed := range []bool{true, false} {
		t.Run("governed="+strconv.FormatBool(governed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				server := newQuotaServer(5, 10*time.Second)
				var events kinds
				opts := []runtime.Option{runtime.WithRetryer(retryer.Never), events.observer()}
				if governed {
					opts = append(opts, runtime.WithRateLimits())
				}
				client, rt := inMemory(t, server.answer, opts...)
				start := time.Now()
				require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do())

				var wg sync.WaitGroup
				var failed atomic.Int32
				for range 20 {
					wg.Go(func() {
						if client.NewCall(context.Background(), endpoint("GET")).Do() != nil {
							failed.Add(1)
						}
					})
				}
				wg.Wait()

				assert.EqualValues(t, 21, rt.hits.Load())
				if !governed {
					assert.EqualValues(t, 16, server.rejected.Load(), "without the governor, every call past the quota meets a 429")
					return
				}
				assert.Zero(t, server.rejected.Load(), "no 429 once the quota is known")
				assert.Zero(t, failed.Load())
				assert.Equal(t, 40*time.Second, time.Since(start), "5 calls a window: the 21st in the fifth")
				assert.GreaterOrEqual(t, events.n[runtime.RateLimitWait].Load(), int32(16), "every call past the first window waited")
			})
		})
	}
}

// A call whose deadline comes before the reset is not sent: it fails at once with
// ErrRateLimited, saying until when.
func TestRateLimitedCallFailsAtOnceWhenItsDeadlineComesFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, http.StatusTooManyRequests, http.Header{"Retry-After": {"60"}}, ""), nil
		}, runtime.WithRetryer(retryer.Never), runtime.WithRateLimits())
		start := time.Now()
		err := client.NewCall(context.Background(), endpoint("GET")).Do()
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &httpErr, "the first call meets the 429")
		assert.False(t, errorsIs(err, runtime.ErrRateLimited))

		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = client.NewCall(ctx, endpoint("GET")).Do()
		require.ErrorIs(t, err, runtime.ErrRateLimited)
		require.ErrorIs(t, err, ratelimit.ErrRateLimited, "the same sentinel")
		var limited *ratelimit.LimitedError
		require.ErrorAs(t, err, &limited)
		assert.Equal(t, "http://api.test", limited.Key)
		assert.Equal(t, start.Add(60*time.Second), limited.Until)
		var callErr *runtime.CallError
		require.ErrorAs(t, err, &callErr)
		assert.Zero(t, callErr.Attempts, "nothing was sent")
		assert.Zero(t, time.Since(start), "at once")
		assert.EqualValues(t, 1, rt.hits.Load())
	})
}

// A hedge is never held by the governor: when the quota is spent by the time it is
// due, it is not sent, and the call goes on with its first attempt.
func TestRateLimitsDoNotHoldAHedge(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var events kinds
		client, rt := inMemory(t, func(r *http.Request, hit int) (*http.Response, error) {
			// The first call's answer spends the quota after 5 ms, while the second
			// call's first attempt, sent before, is still on its way.
			h := http.Header{"Ratelimit": {`"default";r=0;t=30`}}
			return after(r, []time.Duration{5 * time.Millisecond, 100 * time.Millisecond, 0}[min(hit, 3)-1],
				respond(r, http.StatusOK, h, "{}"))
		}, runtime.WithRetryer(retryer.Never), runtime.WithRateLimits(), events.observer(),
			runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond}))
		start := time.Now()
		var wg sync.WaitGroup
		wg.Go(func() { assert.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do()) })
		synctest.Wait()
		var took time.Duration
		wg.Go(func() {
			assert.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do())
			took = time.Since(start)
		})
		wg.Wait()
		assert.Equal(t, 100*time.Millisecond, took, "the hedge due at 10 ms was not sent, nor waited for")
		assert.EqualValues(t, 2, rt.hits.Load())
		assert.Zero(t, events.n[runtime.HedgeFired].Load())
		assert.Zero(t, events.n[runtime.RateLimitWait].Load())
	})
}

func TestRateLimitWaitIsLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime}))
		rec := &recorder{}
		client, _ := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, http.StatusOK, http.Header{"Ratelimit": {`"default";r=0;t=2`}}, "{}"), nil
		}, runtime.WithRateLimits(), runtime.WithLogger(logger, runtime.LogBasic), runtime.WithObserver(rec))
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do())
		buf.Reset()
		rec.lines = nil
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do())
		assert.Equal(t, []string{"RateLimitWait #1", "AttemptStart #1", "AttemptEnd #1 200 0s err=false", "CallEnd #1 2s err=false"}, rec.lines)
		assert.Equal(t, `level=INFO msg="feign rate limit wait" method_key=API#GET method=GET url=http://api.test attempt=1 wait=2s`+"\n", buf.String())
	})
}

// dropTime removes the time from log lines, so that they compare whole.
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
