package runtime_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

type result struct {
	Attempt int `json:"attempt"`
}

func TestGetRetriedUntilSuccess(t *testing.T) {
	srv := newServer(t, statuses(503, 503, 200))
	f := newFixture(t, srv.URL)

	var got result
	err := f.NewCall(context.Background(), endpoint("GET")).Decode(&got)

	require.NoError(t, err)
	assert.Equal(t, result{Attempt: 3}, got)
	assert.EqualValues(t, 3, srv.hits.Load(), "server-side attempts")
	assert.EqualValues(t, 3, f.sent.Load(), "client-side attempts")
}

func TestPostRetriedOnlyWhenNotProcessed(t *testing.T) {
	for _, tc := range []struct {
		name     string
		codes    []int
		attempts int
		ok       bool
	}{
		{"502 is not retried", []int{502, 201}, 1, false},
		{"500 is not retried", []int{500, 201}, 1, false},
		{"504 is not retried", []int{504, 201}, 1, false},
		{"503 is retried", []int{503, 201}, 2, true},
		{"429 is retried", []int{429, 201}, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(tc.codes...))
			f := newFixture(t, srv.URL)

			call := f.NewCall(context.Background(), endpoint("POST"))
			call.Body(map[string]string{"title": "t"})
			err := call.Do()

			assert.EqualValues(t, tc.attempts, srv.hits.Load(), "server-side attempts")
			assert.EqualValues(t, tc.attempts, f.sent.Load(), "client-side attempts")
			if tc.ok {
				require.NoError(t, err)
				return
			}
			var httpErr *errordecoder.HTTPError
			require.ErrorAs(t, err, &httpErr)
			assert.Equal(t, tc.codes[0], httpErr.StatusCode)
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Equal(t, 1, callErr.Attempts)
		})
	}
}

func TestReplayablePostRetriedOn502(t *testing.T) {
	for _, tc := range []struct {
		name       string
		idempotent bool
		header     string
	}{
		{name: "feign:idempotent", idempotent: true},
		{name: "Idempotency-Key", header: "k-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(502, 502, 201))
			f := newFixture(t, srv.URL)
			e := &runtime.Endpoint{MethodKey: "API#Create", Method: "POST", Idempotent: tc.idempotent}
			call := f.NewCall(context.Background(), e)
			if tc.header != "" {
				call.Header("Idempotency-Key", tc.header)
			}
			call.Body("order")

			require.NoError(t, call.Do())
			assert.EqualValues(t, 3, srv.hits.Load())
			assert.EqualValues(t, 3, f.sent.Load())
		})
	}
}

func TestIdempotencyKeyFromInterceptorMakesPostReplayable(t *testing.T) {
	srv := newServer(t, statuses(502, 201))
	f := newFixture(t, srv.URL, runtime.WithRequestInterceptor(func(r *http.Request) error {
		r.Header.Set("Idempotency-Key", "from-interceptor")
		return nil
	}))
	require.NoError(t, f.NewCall(context.Background(), endpoint("POST")).Do())
	assert.EqualValues(t, 2, srv.hits.Load())
}

// hangUp reads the whole request, then closes the connection without an answer: the
// server may have acted on the request, the client cannot know.
func hangUp(w http.ResponseWriter, _ *http.Request, _ int) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err) // the test server always supports hijacking
	}
	conn.Close()
}

func TestBrokenConnectionAfterWrite(t *testing.T) {
	t.Run("POST is sent once", func(t *testing.T) {
		srv := newServer(t, hangUp)
		f := newFixture(t, srv.URL)
		call := f.NewCall(context.Background(), endpoint("POST"))
		call.Body(map[string]int{"amount": 100})

		err := call.Do()

		require.Error(t, err)
		assert.EqualValues(t, 1, srv.hits.Load(), "a POST that may have been processed must not be sent again")
		assert.EqualValues(t, 1, f.sent.Load())
		var retryable *errordecoder.RetryableError
		assert.False(t, errors.As(err, &retryable), "not offered to the retryer: %v", err)
	})
	t.Run("GET is retried", func(t *testing.T) {
		srv := newServer(t, hangUp)
		f := newFixture(t, srv.URL)

		err := f.NewCall(context.Background(), endpoint("GET")).Do()

		require.Error(t, err)
		assert.EqualValues(t, maxAttempts, srv.hits.Load())
		assert.EqualValues(t, maxAttempts, f.sent.Load())
		var callErr *runtime.CallError
		require.ErrorAs(t, err, &callErr)
		assert.Equal(t, maxAttempts, callErr.Attempts)
		var retryable *errordecoder.RetryableError
		assert.ErrorAs(t, err, &retryable)
	})
}

func TestPostToClosedPortIsRetried(t *testing.T) {
	f := newFixture(t, closedPortURL(t))
	call := f.NewCall(context.Background(), endpoint("POST"))
	call.Body("x")

	err := call.Do()

	require.Error(t, err)
	assert.EqualValues(t, maxAttempts, f.sent.Load(), "a connection that was never made is safe to retry")
	var opErr *net.OpError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "dial", opErr.Op)
	var retryable *errordecoder.RetryableError
	assert.ErrorAs(t, err, &retryable)
	assert.Contains(t, err.Error(), "after 5 attempts")
}

func TestRetryAfterTooLongFailsAtOnce(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	f := newFixture(t, srv.URL, runtime.WithRetryer(retryer.Default()))

	err := f.NewCall(context.Background(), endpoint("GET")).Do()

	assert.EqualValues(t, 1, srv.hits.Load())
	assert.EqualValues(t, 1, f.sent.Load())
	var retryable *errordecoder.RetryableError
	require.ErrorAs(t, err, &retryable)
	assert.False(t, retryable.RetryAfter.IsZero())
	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, http.StatusTooManyRequests, httpErr.StatusCode)
	assert.ErrorIs(t, err, retryer.ErrRetryAfterTooLong)
}

func TestBodyIdenticalOnEveryAttempt(t *testing.T) {
	for _, method := range []string{"POST", "PUT"} {
		t.Run(method, func(t *testing.T) {
			srv := newServer(t, statuses(503, 503, 200))
			f := newFixture(t, srv.URL)
			call := f.NewCall(context.Background(), endpoint(method))
			call.Body(map[string]any{"title": "bug", "labels": []string{"a", "b"}})

			require.NoError(t, call.Do())

			seen := srv.attempts()
			require.Len(t, seen, 3)
			for i, s := range seen {
				assert.JSONEq(t, `{"title":"bug","labels":["a","b"]}`, string(s.Body), "attempt %d", i+1)
				assert.Equal(t, seen[0].BodyHash, s.BodyHash, "attempt %d", i+1)
				assert.Equal(t, "application/json", s.Header.Get("Content-Type"))
			}
		})
	}
}

func TestInterceptorsRunOnAFreshRequestPerAttempt(t *testing.T) {
	srv := newServer(t, statuses(503, 503, 200))
	var order []string
	f := newFixture(t, srv.URL,
		runtime.WithRequestInterceptor(func(r *http.Request) error {
			order = append(order, "first")
			r.URL.RawQuery += "&x=1"
			r.Header.Add("X-A", "1")
			return nil
		}),
		runtime.WithRequestInterceptor(func(r *http.Request) error {
			order = append(order, "second")
			assert.Equal(t, []string{"1"}, r.Header["X-A"], "runs after the first")
			return nil
		}),
	)
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/items")
	call.Query("q", "go")
	require.NoError(t, call.Do())

	seen := srv.attempts()
	require.Len(t, seen, 3)
	for i, s := range seen {
		assert.Equal(t, "/items?q=go&x=1", s.RequestURI, "attempt %d", i+1)
		assert.Equal(t, []string{"1"}, s.Header["X-A"], "attempt %d", i+1)
	}
	assert.Equal(t, []string{"first", "second", "first", "second", "first", "second"}, order)
}

func TestInterceptorErrorEndsTheCall(t *testing.T) {
	srv := newServer(t, statuses(200))
	boom := errors.New("no credentials")
	f := newFixture(t, srv.URL, runtime.WithRequestInterceptor(func(*http.Request) error { return boom }))

	err := f.NewCall(context.Background(), endpoint("GET")).Do()

	require.ErrorIs(t, err, boom)
	var callErr *runtime.CallError
	require.ErrorAs(t, err, &callErr)
	assert.Equal(t, 0, callErr.Attempts)
	assert.EqualValues(t, 0, srv.hits.Load())
}

func TestInterceptorErrorOnRetryEndsTheCall(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	boom := errors.New("token refresh failed")
	n := 0
	f := newFixture(t, srv.URL, runtime.WithRequestInterceptor(func(*http.Request) error {
		if n++; n == 2 {
			return boom
		}
		return nil
	}))

	err := f.NewCall(context.Background(), endpoint("GET")).Do()

	require.ErrorIs(t, err, boom)
	var callErr *runtime.CallError
	require.ErrorAs(t, err, &callErr)
	assert.Equal(t, 1, callErr.Attempts)
	assert.EqualValues(t, 1, srv.hits.Load())
}

func TestNotFound(t *testing.T) {
	notFound := func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Not Found"}`)
	}
	t.Run("endpoint dismiss404", func(t *testing.T) {
		srv := newServer(t, notFound)
		f := newFixture(t, srv.URL)
		e := endpoint("GET")
		e.Dismiss404 = true
		got := result{Attempt: 42}
		require.NoError(t, f.NewCall(context.Background(), e).Decode(&got))
		assert.Equal(t, result{Attempt: 42}, got, "left untouched")
		assert.EqualValues(t, 1, srv.hits.Load())
	})
	t.Run("client WithDismiss404", func(t *testing.T) {
		srv := newServer(t, notFound)
		f := newFixture(t, srv.URL, runtime.WithDismiss404())
		b, err := f.NewCall(context.Background(), endpoint("GET")).Bytes()
		require.NoError(t, err)
		assert.Nil(t, b)
		s, err := f.NewCall(context.Background(), endpoint("GET")).Text()
		require.NoError(t, err)
		assert.Empty(t, s)
		body, err := f.NewCall(context.Background(), endpoint("GET")).Stream()
		require.NoError(t, err)
		assert.Equal(t, http.NoBody, body, "closable, never nil")
	})
	t.Run("without dismiss404", func(t *testing.T) {
		srv := newServer(t, notFound)
		f := newFixture(t, srv.URL)
		var got result
		err := f.NewCall(context.Background(), endpoint("GET")).Decode(&got)
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &httpErr)
		assert.Equal(t, http.StatusNotFound, httpErr.StatusCode)
		assert.Equal(t, `{"message":"Not Found"}`, string(httpErr.Body))
		assert.EqualValues(t, 1, srv.hits.Load(), "a 404 is not retried")
	})
	t.Run("other statuses are not dismissed", func(t *testing.T) {
		srv := newServer(t, statuses(410))
		f := newFixture(t, srv.URL, runtime.WithDismiss404())
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, f.NewCall(context.Background(), endpoint("GET")).Do(), &httpErr)
		assert.Equal(t, http.StatusGone, httpErr.StatusCode)
	})
}

func TestErrorDecoderReturningNilMeansZeroValue(t *testing.T) {
	srv := newServer(t, statuses(409))
	f := newFixture(t, srv.URL, runtime.WithErrorDecoder(errordecoder.Func(func(string, *http.Response) error {
		return nil
	})))
	got := result{Attempt: 7}
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Decode(&got))
	assert.Equal(t, result{Attempt: 7}, got)
}

// wrapped is an error a custom ErrorDecoder puts around a RetryableError.
type wrapped struct{ err error }

func (w *wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w *wrapped) Unwrap() error { return w.err }

func TestCustomErrorDecoderErrorSurvivesRetries(t *testing.T) {
	srv := newServer(t, statuses(503))
	f := newFixture(t, srv.URL, runtime.WithErrorDecoder(errordecoder.Func(func(key string, resp *http.Response) error {
		return &wrapped{errordecoder.Default().Decode(key, resp)}
	})))

	err := f.NewCall(context.Background(), endpoint("GET")).Do()

	var w *wrapped
	require.ErrorAs(t, err, &w, "the ErrorDecoder's own error type is what the call returns")
	var retryable *errordecoder.RetryableError
	assert.ErrorAs(t, err, &retryable)
	assert.EqualValues(t, maxAttempts, srv.hits.Load())
}

func TestRetriesExhausted(t *testing.T) {
	srv := newServer(t, statuses(503))
	f := newFixture(t, srv.URL)

	err := f.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "GitHub#Contributors", Method: "GET"}).Do()

	assert.EqualValues(t, maxAttempts, srv.hits.Load())
	var callErr *runtime.CallError
	require.ErrorAs(t, err, &callErr)
	assert.Equal(t, runtime.CallError{MethodKey: "GitHub#Contributors", Attempts: maxAttempts, Err: callErr.Err}, *callErr)
	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, "after 5 attempts: "+httpErr.Error(), err.Error(), "the HTTPError names the method already")
	assert.Contains(t, err.Error(), "[503 Service Unavailable] during [GET] to ["+srv.URL+"]")
}

func TestNeverRetryer(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	f := newFixture(t, srv.URL, runtime.WithRetryer(retryer.Never))
	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, f.NewCall(context.Background(), endpoint("GET")).Do(), &httpErr)
	assert.EqualValues(t, 1, srv.hits.Load())
}
