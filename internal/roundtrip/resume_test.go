package roundtrip

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/server"
)

// resumingFeed serves Events from a log: its first request breaks after breakAfter
// events, and a reconnection starts after the event server.LastEventID names.
type resumingFeed struct {
	*feed
	log        []runtime.SSE[Entry]
	breakAfter int

	mu      sync.Mutex
	lastIDs []string // server.LastEventID of each request
}

func (f *resumingFeed) Events(ctx context.Context) iter.Seq2[runtime.SSE[Entry], error] {
	id := server.LastEventID(ctx)
	f.mu.Lock()
	f.lastIDs = append(f.lastIDs, id)
	first := len(f.lastIDs) == 1
	f.mu.Unlock()
	start := 0
	for i, ev := range f.log {
		if id != "" && ev.ID == id {
			start = i + 1
		}
	}
	return func(yield func(runtime.SSE[Entry], error) bool) {
		for i := start; i < len(f.log); i++ {
			if first && i == f.breakAfter {
				yield(runtime.SSE[Entry]{}, errors.New("the database went away"))
				return
			}
			if !yield(f.log[i], nil) {
				return
			}
		}
	}
}

// TestStreamResumesAtLastEventID: a server-sent event stream that breaks is resumed by
// the client with Last-Event-ID, which the implementation reads with
// server.LastEventID: the client receives every event once, in order.
func TestStreamResumesAtLastEventID(t *testing.T) {
	impl := &resumingFeed{feed: newFeed(), breakAfter: 3}
	for i := range 7 {
		impl.log = append(impl.log, runtime.SSE[Entry]{ID: "e" + strconv.Itoa(i), Event: "message", Data: Entry{Text: "event", N: i}})
	}
	var requests atomic.Int64
	h := NewFeedHandler(impl, server.WithErrorHook(func(*http.Request, int, error) {}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client, err := NewFeed(srv.URL, runtime.WithHTTPClient(srv.Client()), runtime.WithRetryer(retryer.New(0, 0, 3)))
	require.NoError(t, err)

	var got []runtime.SSE[Entry]
	for ev, err := range client.Events(context.Background()) {
		require.NoError(t, err)
		got = append(got, ev)
	}
	assert.Equal(t, impl.log, got)
	assert.Equal(t, int64(2), requests.Load(), "the first request, and one reconnection")
	assert.Equal(t, []string{"", "e2"}, impl.lastIDs)
}

// TestLastEventIDOutsideAResumedRequest is "".
func TestLastEventIDOutsideAResumedRequest(t *testing.T) {
	assert.Equal(t, "", server.LastEventID(context.Background()))
}
