package runtime_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// hangs is a server that never answers: only the request's context ends an attempt.
func hangs(r *http.Request, _ int) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}

func TestWhichLimitEndedTheCall(t *testing.T) {
	ms := time.Millisecond
	unavailable := func(r *http.Request, _ int) (*http.Response, error) {
		return after(r, 300*ms, respond(r, http.StatusServiceUnavailable, nil, "down"))
	}
	for _, tc := range []struct {
		name     string
		answer   func(*http.Request, int) (*http.Response, error)
		e        runtime.Endpoint
		callerTO time.Duration
		opts     []runtime.CallOption
		limit    error // ErrCallTimeout, ErrAttemptTimeout or a context error
		took     time.Duration
		attempts int
		httpErr  bool
	}{
		{name: "call timeout during an attempt", answer: hangs, e: runtime.Endpoint{Timeout: time.Second},
			limit: runtime.ErrCallTimeout, took: time.Second, attempts: 1},
		{name: "CallTimeout replaces the method's", answer: hangs, e: runtime.Endpoint{Timeout: time.Second},
			opts: []runtime.CallOption{runtime.CallTimeout(200 * ms)}, limit: runtime.ErrCallTimeout, took: 200 * ms, attempts: 1},
		{name: "a wait past the call timeout is not begun", answer: unavailable, e: runtime.Endpoint{Timeout: time.Second},
			limit: runtime.ErrCallTimeout, took: 300 * ms, attempts: 1, httpErr: true},
		{name: "attempt timeout, retried until the Retryer gives up", answer: hangs, e: runtime.Endpoint{AttemptTimeout: 100 * ms},
			limit: runtime.ErrAttemptTimeout, took: 3*100*ms + 2*time.Second, attempts: 3},
		{name: "attempt timeout, then the call timeout", answer: hangs, e: runtime.Endpoint{AttemptTimeout: 100 * ms, Timeout: 1500 * ms},
			limit: runtime.ErrCallTimeout, took: 100*ms + time.Second + 100*ms, attempts: 2},
		{name: "caller's deadline first", answer: hangs, e: runtime.Endpoint{Timeout: time.Second}, callerTO: 500 * ms,
			limit: context.DeadlineExceeded, took: 500 * ms, attempts: 1},
		{name: "a wait past the caller's deadline is not begun", answer: unavailable, callerTO: time.Second,
			limit: context.DeadlineExceeded, took: 300 * ms, attempts: 1, httpErr: true},
		{name: "retry=false", answer: unavailable, e: runtime.Endpoint{NoRetry: true},
			took: 300 * ms, attempts: 1, httpErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				client, rt := inMemory(t, tc.answer, runtime.WithRetryer(retryer.New(time.Second, time.Second, 3)))
				ctx := context.Background()
				if tc.callerTO > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tc.callerTO)
					defer cancel()
				}
				e := tc.e
				e.MethodKey, e.Method = "API#GET", "GET"

				start := time.Now()
				err := client.NewCall(ctx, &e, tc.opts...).Do()

				require.Error(t, err)
				assert.Equal(t, tc.took, time.Since(start))
				var callErr *runtime.CallError
				require.ErrorAs(t, err, &callErr)
				assert.Equal(t, tc.attempts, callErr.Attempts)
				assert.EqualValues(t, tc.attempts, rt.hits.Load())
				for _, limit := range []error{runtime.ErrCallTimeout, context.DeadlineExceeded, context.Canceled} {
					want := limit == tc.limit || limit == context.DeadlineExceeded && tc.limit == runtime.ErrCallTimeout
					assert.Equal(t, want, errors.Is(err, limit), "errors.Is(err, %v): %v", limit, err)
				}
				if tc.limit == runtime.ErrAttemptTimeout {
					assert.ErrorIs(t, err, runtime.ErrAttemptTimeout)
				}
				var httpErr *errordecoder.HTTPError
				assert.Equal(t, tc.httpErr, errors.As(err, &httpErr), "the last HTTPError is kept")
			})
		})
	}
}

func TestAttemptTimeoutRetriedThenSucceeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, hit int) (*http.Response, error) {
			if hit == 1 {
				return hangs(r, hit)
			}
			return respond(r, http.StatusOK, nil, `{"attempt":2}`), nil
		}, runtime.WithRetryer(retryer.New(10*time.Millisecond, 10*time.Millisecond, 3)))
		e := &runtime.Endpoint{MethodKey: "API#GET", Method: "GET", AttemptTimeout: 100 * time.Millisecond}

		start := time.Now()
		var got result
		require.NoError(t, client.NewCall(context.Background(), e).Decode(&got))

		assert.Equal(t, 110*time.Millisecond, time.Since(start), "100ms timeout, then a 10ms wait")
		assert.Equal(t, result{Attempt: 2}, got)
		assert.EqualValues(t, 2, rt.hits.Load())
	})
}

func TestPostAttemptTimeoutIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, hangs)
		e := &runtime.Endpoint{MethodKey: "API#POST", Method: "POST", AttemptTimeout: 100 * time.Millisecond}
		call := client.NewCall(context.Background(), e)
		call.Body("x")

		err := call.Do()

		require.ErrorIs(t, err, runtime.ErrAttemptTimeout, "the server may be processing it")
		assert.NotErrorIs(t, err, context.Canceled)
		assert.EqualValues(t, 1, rt.hits.Load())
	})
}

// slowBody is a response body that delivers its content after a delay, or fails when
// its request's context ends first.
func slowBody(r *http.Request, d time.Duration, content string) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
			io.Copy(pw, strings.NewReader(content))
			pw.Close()
		case <-r.Context().Done():
			pw.CloseWithError(context.Cause(r.Context()))
		}
	}()
	return pr
}

func TestAttemptTimeoutDoesNotCutTheBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, _ := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			resp := respond(r, http.StatusOK, nil, "")
			resp.Body = slowBody(r, 500*time.Millisecond, "all of it")
			return resp, nil
		})
		e := &runtime.Endpoint{MethodKey: "API#GET", Method: "GET", AttemptTimeout: 100 * time.Millisecond, Timeout: time.Second}

		body, err := client.NewCall(context.Background(), e).Stream()
		require.NoError(t, err)
		b, err := io.ReadAll(body)

		require.NoError(t, err, "the attempt timeout ends with the headers")
		assert.Equal(t, "all of it", string(b))
		require.NoError(t, body.Close())
	})
}

func TestCallTimeoutBoundsTheBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, _ := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			resp := respond(r, http.StatusOK, nil, "")
			resp.Body = slowBody(r, 2*time.Second, "too late")
			return resp, nil
		})
		e := &runtime.Endpoint{MethodKey: "API#GET", Method: "GET", Timeout: time.Second}

		start := time.Now()
		body, err := client.NewCall(context.Background(), e).Stream()
		require.NoError(t, err)
		_, err = io.ReadAll(body)

		require.ErrorIs(t, err, runtime.ErrCallTimeout, "as http.Client.Timeout, the call timeout bounds the body")
		assert.Equal(t, time.Second, time.Since(start))
		require.NoError(t, body.Close())
	})
}

func TestCallTimeoutIsReleasedWithTheBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var reqCtx context.Context
		client, _ := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			reqCtx = r.Context()
			return respond(r, http.StatusOK, nil, "ok"), nil
		})
		e := &runtime.Endpoint{MethodKey: "API#GET", Method: "GET", Timeout: time.Hour, AttemptTimeout: time.Minute}

		resp, err := client.NewCall(context.Background(), e).Response()
		require.NoError(t, err)
		require.NoError(t, reqCtx.Err(), "the body is still readable")
		require.NoError(t, resp.Body.Close())

		assert.ErrorIs(t, reqCtx.Err(), context.Canceled, "closing the body frees the call's timers")
	})
}
