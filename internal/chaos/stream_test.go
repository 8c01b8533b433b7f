package chaos

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/faultserver"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// recordedTicks is a generated Ticks client whose every request is recorded on the
// client side: the Last-Event-ID it carried.
type recordedTicks struct {
	api      Ticks
	mu       sync.Mutex
	requests []string
}

func newTicks(t *testing.T, url string, opts ...runtime.Option) *recordedTicks {
	t.Helper()
	tc := &recordedTicks{}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	all := append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: tr}),
		runtime.WithRequestInterceptor(func(r *http.Request) error {
			tc.mu.Lock()
			tc.requests = append(tc.requests, r.Header.Get("Last-Event-ID"))
			tc.mu.Unlock()
			return nil
		}),
	}, opts...)
	api, err := NewTicks(url, all...)
	require.NoError(t, err)
	tc.api = api
	return tc
}

// TestSSECutMidEventDeliversEveryEventOnce streams 300 events through connections
// that a seeded plan cuts mid-event, resets or answers 503, and checks on both sides:
// every event once, in order; one connection per break and one more; each reconnect
// carrying the id of the last event the client got.
func TestSSECutMidEventDeliversEveryEventOnce(t *testing.T) {
	for _, tc := range []struct {
		seed       uint64
		cutPercent int
	}{{1, 100}, {2, 100}, {3, 90}, {4, 90}} {
		t.Run("seed="+strconv.FormatUint(tc.seed, 10), func(t *testing.T) {
			const events = 300
			srv := faultserver.NewSSE(events, faultserver.NewSSEPlan(tc.seed, tc.cutPercent, 12), 0)
			t.Cleanup(srv.Close)
			api := newTicks(t, srv.URL,
				runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 10_000)),
				runtime.WithRetryBudget(runtime.RetryBudget{}))

			var got []int
			var lastID []string // the id the client had before each event
			for ev, err := range api.api.Ticks(context.Background()) {
				require.NoError(t, err)
				require.Equal(t, strconv.Itoa(ev.Data.N), ev.ID)
				got = append(got, ev.Data.N)
				lastID = append(lastID, ev.ID)
			}
			want := make([]int, events)
			for i := range want {
				want[i] = i + 1
			}
			require.Equal(t, want, got, "every event exactly once, in order")

			records := srv.Records()
			breaks := 0
			for _, r := range records {
				if r.Broke {
					breaks++
				}
			}
			if tc.cutPercent == 100 {
				assert.Greater(t, breaks, 10, "the plan cut every connection")
			} else {
				assert.Positive(t, breaks)
			}
			assert.Len(t, records, breaks+1, "server: one connection per break, and the last one")
			last := records[len(records)-1]
			assert.False(t, last.Broke, "the last connection ended the stream: with its last event, or a 204 after it")
			api.mu.Lock()
			requests := append([]string(nil), api.requests...)
			api.mu.Unlock()
			assert.Len(t, requests, len(records), "client: as many requests as the server saw")
			for i, r := range records {
				assert.Equal(t, requests[i], r.LastEventID, "connection %d", r.Conn)
			}
			// Each reconnect resumes after the last event the client got.
			for i, r := range records[1:] {
				prev := records[i]
				if r.LastEventID == "" {
					continue // nothing was delivered yet
				}
				n, _ := strconv.Atoi(r.LastEventID)
				assert.LessOrEqual(t, n, lastSent(records[:i+1]), "connection %d after %d", r.Conn, prev.Conn)
				assert.Equal(t, strconv.Itoa(got[n-1]), lastID[n-1])
			}
		})
	}
}

// lastSent returns the id of the last event written whole on the given connections.
func lastSent(records []faultserver.SSERecord) int {
	last := 0
	for _, r := range records {
		if len(r.Sent) > 0 {
			last = r.Sent[len(r.Sent)-1]
		}
	}
	return last
}

// TestSSEFlappingServerEndsWithTheRetryersAttempts: a server that cuts every connection
// gets exactly as many connections as the Retryer has attempts, whatever it delivers
// in between.
func TestSSEFlappingServerEndsWithTheRetryersAttempts(t *testing.T) {
	srv := faultserver.NewSSE(1000, func(int) faultserver.Cut {
		return faultserver.Cut{Kind: faultserver.CutMidData, After: 2}
	}, 0)
	t.Cleanup(srv.Close)
	api := newTicks(t, srv.URL, runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 7)),
		runtime.WithRetryBudget(runtime.RetryBudget{}))
	var got []int
	var errs []error
	for ev, err := range api.api.Ticks(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, ev.Data.N)
	}
	require.Len(t, got, 14, "two events on each of 7 connections")
	for i, n := range got {
		assert.Equal(t, i+1, n)
	}
	require.Len(t, errs, 1)
	var callErr *runtime.CallError
	require.True(t, errors.As(errs[0], &callErr))
	assert.Equal(t, 7, callErr.Attempts)
	assert.Len(t, srv.Records(), 7)
	assert.Len(t, api.requests, 7)
}

// TestSSEReconnectsDrawOnTheBudget: a server that cuts every connection before any
// event spends the retry budget, and the stream ends with ErrBudgetExhausted before
// the Retryer's attempts are spent.
func TestSSEReconnectsDrawOnTheBudget(t *testing.T) {
	srv := faultserver.NewSSE(1000, func(int) faultserver.Cut {
		return faultserver.Cut{Kind: faultserver.CutReset, After: 0}
	}, 0)
	t.Cleanup(srv.Close)
	api := newTicks(t, srv.URL, runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 100)),
		runtime.WithRetryBudget(runtime.RetryBudget{MinPerSecond: 0.5})) // a floor of 5 retries in 10 s
	var errs []error
	for _, err := range api.api.Ticks(context.Background()) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], runtime.ErrBudgetExhausted)
	// One call: its tenth is below the floor of 5, so 5 reconnections are allowed and the
	// sixth break is refused; reconnecting is not a new call and deposits nothing.
	assert.Len(t, srv.Records(), 6)
	assert.Len(t, api.requests, 6)
}
