package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/iotest"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// These tests measure waits, so they run in a synctest bubble, where time is fake and
// advances only when every goroutine is blocked, against an in-memory RoundTripper: no
// socket, no sleep, exact durations.

// roundTripper answers the attempts of a call in memory.
type roundTripper struct {
	hits   atomic.Int32
	answer func(r *http.Request, attempt int) (*http.Response, error)
}

func (rt *roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	return rt.answer(r, int(rt.hits.Add(1)))
}

func inMemory(t *testing.T, answer func(*http.Request, int) (*http.Response, error), opts ...runtime.Option) (*runtime.Client, *roundTripper) {
	t.Helper()
	rt := &roundTripper{answer: answer}
	bodies := &bodyCounter{next: rt}
	t.Cleanup(func() {
		if n := bodies.open.Load(); n != 0 {
			t.Errorf("%d response bodies left open", n)
		}
	})
	client, err := runtime.New("http://api.test", append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: bodies}),
	}, opts...)...)
	require.NoError(t, err)
	return client, rt
}

func respond(r *http.Request, code int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{
		StatusCode:    code,
		Status:        strconv.Itoa(code) + " " + http.StatusText(code),
		Header:        header,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}
}

func TestRetryAfterIsHonouredExactly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, attempt int) (*http.Response, error) {
			if attempt == 1 {
				return respond(r, http.StatusServiceUnavailable, http.Header{"Retry-After": {"2"}}, ""), nil
			}
			return respond(r, http.StatusOK, nil, `{"attempt":2}`), nil
		}, runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 5)))

		start := time.Now()
		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("POST")).Decode(&got))

		assert.Equal(t, 2*time.Second, time.Since(start), "never sooner than the server asked, and no later")
		assert.Equal(t, result{Attempt: 2}, got)
		assert.EqualValues(t, 2, rt.hits.Load())
	})
}

func TestDefaultBackoffWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var at []time.Duration
		start := time.Now()
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			at = append(at, time.Since(start))
			return respond(r, http.StatusBadGateway, nil, ""), nil
		}, runtime.WithRetryer(retryer.New(100*time.Millisecond, time.Second, 5)))

		err := client.NewCall(context.Background(), endpoint("GET")).Do()

		var callErr *runtime.CallError
		require.ErrorAs(t, err, &callErr)
		assert.Equal(t, 5, callErr.Attempts)
		assert.EqualValues(t, 5, rt.hits.Load())
		ms := time.Millisecond
		assert.Equal(t, []time.Duration{0, 150 * ms, 375 * ms, 712 * ms, 1218 * ms}, at, "Feign's waits: 150, 225, 337, 506 ms")
	})
}

func TestContextCancelledWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, http.StatusServiceUnavailable, nil, "down"), nil
		}, runtime.WithRetryer(retryer.New(time.Second, time.Second, 5)))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(500*time.Millisecond, cancel)

		start := time.Now()
		err := client.NewCall(ctx, endpoint("GET")).Do()

		assert.Equal(t, 500*time.Millisecond, time.Since(start), "the wait ends with the context")
		require.ErrorIs(t, err, context.Canceled)
		var httpErr *errordecoder.HTTPError
		assert.ErrorAs(t, err, &httpErr, "the failure that was being retried is kept")
		assert.EqualValues(t, 1, rt.hits.Load())
	})
}

func TestContextDeadlineDuringAttemptIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			<-r.Context().Done() // a server that never answers
			return nil, r.Context().Err()
		})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()

		err := client.NewCall(ctx, endpoint("GET")).Do()

		require.ErrorIs(t, err, context.DeadlineExceeded)
		var callErr *runtime.CallError
		require.ErrorAs(t, err, &callErr)
		assert.Equal(t, 1, callErr.Attempts)
		assert.EqualValues(t, 1, rt.hits.Load())
	})
}

func TestContextDoneWithAnotherTransportError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		boom := errors.New("connection reset")
		client, rt := inMemory(t, func(*http.Request, int) (*http.Response, error) {
			cancel() // the context ends while the transport fails for its own reason
			return nil, boom
		})

		err := client.NewCall(ctx, endpoint("GET")).Do()

		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, boom)
		assert.EqualValues(t, 1, rt.hits.Load())
	})
}

func TestTransportErrorsInMemory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reset := errors.New("connection reset by peer")
		client, rt := inMemory(t, func(*http.Request, int) (*http.Response, error) {
			return nil, reset
		}, runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 3)))

		post := client.NewCall(context.Background(), endpoint("POST"))
		post.Body("x")
		require.ErrorIs(t, post.Do(), reset)
		assert.EqualValues(t, 1, rt.hits.Load(), "POST: the request may have been written")

		rt.hits.Store(0)
		require.ErrorIs(t, client.NewCall(context.Background(), endpoint("PUT")).Do(), reset)
		assert.EqualValues(t, 3, rt.hits.Load(), "PUT is idempotent")
	})
}

func TestTransportErrorsBeforeTheRequestWasSentAreRetried(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		attempts int
	}{
		{"DNS", &net.DNSError{Err: "no such host", Name: "api.test", IsNotFound: true}, 3},
		{"dial", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, 3},
		{"proxy", &net.OpError{Op: "proxyconnect", Net: "tcp", Err: syscall.ECONNREFUSED}, 3},
		{"read", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, 1},
		{"write", &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}, 1},
		{"EOF", io.EOF, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				client, rt := inMemory(t, func(*http.Request, int) (*http.Response, error) {
					return nil, tc.err
				}, runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 3)))
				call := client.NewCall(context.Background(), endpoint("PATCH"))
				call.Body("x")

				err := call.Do()

				require.ErrorIs(t, err, tc.err)
				assert.EqualValues(t, tc.attempts, rt.hits.Load())
			})
		})
	}
}

// A 2xx body whose connection breaks while the ending method reads it is a transport
// failure: retried when the request may be sent again, never when the server may have
// acted on it. A body that arrives whole but does not decode is not retried.
func TestBodyBrokenWhileRead(t *testing.T) {
	reset := errors.New("connection reset")
	broken := func(r *http.Request, prefix string, err error) *http.Response {
		resp := respond(r, http.StatusOK, nil, "")
		resp.Body = io.NopCloser(io.MultiReader(strings.NewReader(prefix), iotest.ErrReader(err)))
		return resp
	}
	brokenOnce := func(r *http.Request, attempt int) (*http.Response, error) {
		if attempt == 1 {
			return broken(r, `{"name":"par`, io.ErrUnexpectedEOF), nil
		}
		return respond(r, http.StatusOK, nil, `{"name":"whole"}`), nil
	}
	alwaysBroken := func(r *http.Request, _ int) (*http.Response, error) {
		return broken(r, "partial", reset), nil
	}
	type result struct{ Name string }

	for _, tc := range []struct {
		name     string
		method   string
		noRetry  bool
		answer   func(*http.Request, int) (*http.Response, error)
		end      func(*runtime.Call) (string, error)
		want     string
		wantErr  error
		attempts int32

		wantSyntaxErr bool // the JSON does not parse, instead of wantErr
	}{
		{
			name: "GET Bytes, broken once", method: "GET", answer: brokenOnce,
			end:  func(c *runtime.Call) (string, error) { b, err := c.Bytes(); return string(b), err },
			want: `{"name":"whole"}`, attempts: 2,
		},
		{
			name: "GET Decode, broken once: decoded from the whole body", method: "GET", answer: brokenOnce,
			end: func(c *runtime.Call) (string, error) {
				var v result
				err := c.Decode(&v)
				return v.Name, err
			},
			want: "whole", attempts: 2,
		},
		{
			name: "GET, always broken: every attempt the Retryer allows", method: "GET", answer: alwaysBroken,
			end:     func(c *runtime.Call) (string, error) { b, err := c.Bytes(); return string(b), err },
			wantErr: reset, attempts: 5,
		},
		{
			name: "POST: the server has acted on it", method: "POST", answer: alwaysBroken,
			end:     func(c *runtime.Call) (string, error) { b, err := c.Bytes(); return string(b), err },
			wantErr: reset, attempts: 1,
		},
		{
			name: "GET with retry=false", method: "GET", noRetry: true, answer: alwaysBroken,
			end:     func(c *runtime.Call) (string, error) { b, err := c.Bytes(); return string(b), err },
			wantErr: reset, attempts: 1,
		},
		{
			name: "GET, whole body that does not decode", method: "GET",
			answer: func(r *http.Request, _ int) (*http.Response, error) {
				return respond(r, http.StatusOK, nil, `{"name":`), nil
			},
			end: func(c *runtime.Call) (string, error) {
				var v result
				err := c.Decode(&v)
				return v.Name, err
			},
			wantSyntaxErr: true, attempts: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var waits []error
				client, rt := inMemory(t, tc.answer, runtime.WithObserver(runtime.ObserverFunc(
					func(_ context.Context, e runtime.Event) {
						if e.Kind == runtime.RetryWait {
							waits = append(waits, e.Err)
						}
					})))
				e := endpoint(tc.method)
				e.NoRetry = tc.noRetry

				got, err := tc.end(client.NewCall(context.Background(), e))

				assert.EqualValues(t, tc.attempts, rt.hits.Load(), "attempts the server saw")
				assert.Len(t, waits, int(tc.attempts)-1, "one RetryWait per retry")
				for _, werr := range waits {
					assert.Error(t, werr, "a RetryWait names the failure it retries")
				}
				if tc.wantErr != nil || tc.wantSyntaxErr {
					if tc.wantErr != nil {
						require.ErrorIs(t, err, tc.wantErr)
					} else {
						var syntaxErr *json.SyntaxError
						require.ErrorAs(t, err, &syntaxErr)
					}
					var callErr *runtime.CallError
					require.ErrorAs(t, err, &callErr)
					assert.Equal(t, int(tc.attempts), callErr.Attempts)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
			})
		})
	}
}
