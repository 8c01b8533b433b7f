package runtime_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// eager retries every failure at once and never looks at the context: the call itself
// must notice that its context is done.
type eager struct{}

func (eager) ContinueOrPropagate(context.Context, *errordecoder.RetryableError) error { return nil }
func (e eager) Clone() retryer.Retryer                                                { return e }

// within runs f on a goroutine and fails the test if it has not returned after d: a
// regression that loops or hangs fails fast instead of hanging the test binary.
func within(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("the call has not returned after %v", d)
		return nil
	}
}

// TestCancelledContextWithZeroBackoffReturnsAtOnce: with no wait between attempts, a
// context cancelled during the call still ends it at the next attempt, not after every
// attempt the Retryer would allow (here a million, or no limit at all).
func TestCancelledContextWithZeroBackoffReturnsAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name  string
		retry retryer.Retryer
	}{
		{"retryer.New with zero periods", retryer.New(0, 0, 1_000_000)},
		{"a Retryer that ignores the context", eager{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
				if attempt == 3 {
					cancel() // while the third attempt is in flight
				}
				w.WriteHeader(http.StatusServiceUnavailable)
			})
			f := newFixture(t, srv.URL, runtime.WithRetryer(tc.retry))

			err := within(t, 5*time.Second, func() error {
				return f.NewCall(ctx, endpoint("GET")).Do()
			})

			require.ErrorIs(t, err, context.Canceled)
			var callErr *runtime.CallError
			require.True(t, errors.As(err, &callErr), "a *runtime.CallError: %T", err)
			assert.Equal(t, 3, callErr.Attempts)
			assert.EqualValues(t, 3, f.sent.Load(), "client-side attempts")
			assert.EqualValues(t, 3, srv.hits.Load(), "server-side attempts")
		})
	}

	t.Run("cancelled before the call", func(t *testing.T) {
		srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.WriteHeader(http.StatusServiceUnavailable)
		})
		f := newFixture(t, srv.URL, runtime.WithRetryer(eager{}))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()

		err := within(t, 5*time.Second, func() error {
			return f.NewCall(ctx, endpoint("GET")).Do()
		})

		require.ErrorIs(t, err, context.Canceled)
		assert.EqualValues(t, 0, f.sent.Load(), "client-side attempts")
		assert.EqualValues(t, 0, srv.hits.Load(), "server-side attempts")
	})
}

// cancelOnRead is a response body that cancels the call's context when it is read and
// then fails, as a body does whose connection the peer resets while the caller gives up.
type cancelOnRead struct{ cancel context.CancelFunc }

func (b cancelOnRead) Read([]byte) (int, error) {
	b.cancel()
	return 0, errors.New("connection reset by peer")
}

func (cancelOnRead) Close() error { return nil }

// TestContextDoneWhileReadingTheBody: a call whose context ends while its 2xx body is
// read is not retried, and its error says why: errors.Is finds the context's error
// even when the read failed with an error of its own.
func TestContextDoneWhileReadingTheBody(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
		resp := respond(r, http.StatusOK, nil, "")
		resp.ContentLength = -1
		resp.Body = cancelOnRead{cancel}
		return resp, nil
	}, runtime.WithRetryer(eager{}))

	_, err := runtime.Decode[map[string]string](client.NewCall(ctx, endpoint("GET")))

	require.Error(t, err)
	assert.Equal(t, "API#GET: context canceled: codec.JSON: decode *map[string]string: connection reset by peer", err.Error())
	assert.ErrorIs(t, err, context.Canceled)
	assert.EqualValues(t, 1, rt.hits.Load(), "not retried")
}
