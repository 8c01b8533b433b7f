package runtime_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

// A Client's hedged calls work in one testing/synctest bubble after another and outside
// any: nothing a round uses (timers, channels, contexts) is kept from one call to the
// next, where it would belong to the bubble of the call that made it, and the runtime
// would fail fatally when another bubble, or code outside one, used it.
func TestHedgedCallsInSuccessiveBubblesAndOutside(t *testing.T) {
	const delay = 5 * time.Millisecond
	// Each phase makes two calls: one answered at once (attempt 3k+1), whose hedge never
	// fires, then one whose first attempt (3k+2) hangs until it loses to its hedge
	// (3k+3).
	client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
		n := attemptOf(r)
		if n%3 == 2 {
			<-r.Context().Done()
			return nil, r.Context().Err()
		}
		return respond(r, 200, nil, `{"attempt":`+strconv.Itoa(n)+`}`), nil
	}, numbered(), runtime.WithHedging(runtime.Hedging{Delay: delay}))

	phase := func(t *testing.T, k int) {
		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))
		assert.Equal(t, result{Attempt: 3*k + 1}, got, "answered before the delay")
		start := time.Now()
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))
		assert.Equal(t, result{Attempt: 3*k + 3}, got, "the hedge wins")
		assert.GreaterOrEqual(t, time.Since(start), delay)
		assert.EqualValues(t, 3*k+3, rt.hits.Load())
	}
	synctest.Test(t, func(t *testing.T) { phase(t, 0) })
	synctest.Test(t, func(t *testing.T) { phase(t, 1) })
	phase(t, 2)
}

// Over net/http's Transport, which derives a context of its own from each request's,
// a first attempt run inline that loses to its hedge is cancelled on the wire, and
// Observers find ErrAttemptLost in its AttemptEnd.
func TestInlineFirstAttemptLosesOverLoopback(t *testing.T) {
	var cancelled sync.WaitGroup
	cancelled.Add(1)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			<-r.Context().Done() // the client cancels the loser
			cancelled.Done()
			return
		}
		io.WriteString(w, `{"attempt":`+strconv.Itoa(attempt)+`}`)
	})
	var mu sync.Mutex
	ends := map[int]error{}
	f := newFixture(t, srv.URL, runtime.WithHedging(runtime.Hedging{Delay: time.Millisecond}),
		runtime.WithObserver(runtime.ObserverFunc(func(_ context.Context, e runtime.Event) {
			if e.Kind == runtime.AttemptEnd {
				mu.Lock()
				ends[e.Attempt] = e.Err
				mu.Unlock()
			}
		})))

	var got result
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Decode(&got))
	assert.Equal(t, result{Attempt: 2}, got)
	cancelled.Wait() // the server saw the loser cancelled
	assert.EqualValues(t, 2, srv.hits.Load(), "server-side attempts")
	assert.EqualValues(t, 2, f.sent.Load(), "client-side attempts")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, ends, 2)
	assert.NoError(t, ends[2])
	assert.True(t, errors.Is(ends[1], runtime.ErrAttemptLost), "the loser's AttemptEnd: %v", ends[1])
}

// Over net/http's Transport, a first attempt run inline that wins after its hedge was
// sent keeps its body readable until the caller closes it, while the hedge is cancelled
// on the wire before the call returns.
func TestInlineFirstAttemptWinsAfterItsHedgeOverLoopback(t *testing.T) {
	hedgeArrived := make(chan struct{})
	hedgeCancelled := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 2 {
			close(hedgeArrived)
			<-r.Context().Done()
			close(hedgeCancelled)
			return
		}
		<-hedgeArrived // the first attempt answers once its hedge is in flight
		w.Header().Set("Content-Length", "13")
		io.WriteString(w, `{"attempt":1}`)
	})
	f := newFixture(t, srv.URL, runtime.WithHedging(runtime.Hedging{Delay: time.Millisecond}))

	body, err := f.NewCall(context.Background(), endpoint("GET")).Stream()
	require.NoError(t, err)
	assert.EqualValues(t, 1, f.bodies.open.Load(), "only the winner's body is open when the call returns")
	<-hedgeCancelled
	b, err := io.ReadAll(body)
	require.NoError(t, err)
	require.NoError(t, body.Close())
	assert.Equal(t, `{"attempt":1}`, string(b))
	assert.EqualValues(t, 2, srv.hits.Load(), "server-side attempts")
	assert.EqualValues(t, 2, f.sent.Load(), "client-side attempts")
}

// Over net/http's Transport, the inline first attempt of a hedged round is cancelled on
// the wire before its hedge is due, whichever of its two contexts it has: under a
// context the caller can cancel it is a context.WithCancelCause of that context, and
// the caller's cancel ends it; under context.Background it has a Done channel of its
// own, which the transport's derived context hears of through AfterFunc, and its
// attempt timeout ends it, after which the retry answers.
func TestInlineFirstAttemptIsCancelledOverLoopback(t *testing.T) {
	for _, tc := range []struct {
		name           string
		cancelByCaller bool
		wantErr        error
		wantHits       int32
	}{
		{"the caller cancels", true, context.Canceled, 1},
		{"its attempt timeout passes", false, nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arrived := make(chan struct{})
			var cancelled sync.WaitGroup
			cancelled.Add(1)
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
				if attempt == 1 {
					close(arrived)
					<-r.Context().Done() // the client cancels the first attempt
					cancelled.Done()
					return
				}
				io.WriteString(w, `{"attempt":`+strconv.Itoa(attempt)+`}`)
			})
			f := newFixture(t, srv.URL, runtime.WithHedging(runtime.Hedging{Delay: time.Hour}))
			e := endpoint("GET")
			ctx := context.Background()
			if tc.cancelByCaller {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
				go func() { <-arrived; cancel() }()
			} else {
				e.AttemptTimeout = 50 * time.Millisecond
			}

			var got result
			err := f.NewCall(ctx, e).Decode(&got)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
				assert.Equal(t, result{Attempt: 2}, got)
			}
			cancelled.Wait() // the server saw the first attempt cancelled
			assert.EqualValues(t, tc.wantHits, srv.hits.Load(), "server-side attempts")
			assert.EqualValues(t, tc.wantHits, f.sent.Load(), "client-side attempts")
		})
	}
}
