package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/stream"
)

var (
	sseSpec   = &runtime.StreamSpec{Format: runtime.StreamSSE}
	doneSpec  = &runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}
	jsonlSpec = &runtime.StreamSpec{Format: runtime.StreamJSONLines}
	seqSpec   = &runtime.StreamSpec{Format: runtime.StreamJSONSeq}
)

type chunk struct {
	N int `json:"n"`
}

// sseWriter writes events and flushes each, so the client sees them as they are sent.
func sseWriter(w http.ResponseWriter) func(format string, args ...any) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	f := w.(http.Flusher)
	return func(format string, args ...any) {
		fmt.Fprintf(w, format, args...)
		f.Flush()
	}
}

// collect ranges over seq and returns the items and the errors it yielded.
func collect[T any](seq func(func(T, error) bool)) ([]T, []error) {
	var items []T
	var errs []error
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return items, errs
}

func TestStreamIsLazyAndBreakClosesTheBodyAtOnce(t *testing.T) {
	done := make(chan struct{})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		defer close(done)
		send := sseWriter(w)
		for i := 1; ; i++ {
			select {
			case <-r.Context().Done():
				return // the client closed the connection
			default:
			}
			send("data: {\"n\":%d}\n\n", i)
			time.Sleep(time.Millisecond)
		}
	})
	f := newFixture(t, s.URL)
	seq := runtime.Stream[chunk](f.NewCall(context.Background(), endpoint("GET")), sseSpec)
	time.Sleep(10 * time.Millisecond)
	assert.Zero(t, s.hits.Load(), "nothing is sent before the loop starts")

	var got []int
	for c, err := range seq {
		require.NoError(t, err)
		got = append(got, c.N)
		if len(got) == 3 {
			break
		}
	}
	assert.Equal(t, []int{1, 2, 3}, got)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the server still writes: the body was not closed at break")
	}
	assert.EqualValues(t, 1, s.hits.Load())
	assert.EqualValues(t, 1, f.sent.Load())
	assert.Zero(t, f.bodies.open.Load())

	_, errs := collect(seq)
	require.Len(t, errs, 1, "a second loop yields an error")
}

func TestStreamEventsCarryIDTypeAndRetry(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		send := sseWriter(w)
		send(": a comment\nretry: 1500\n\n")
		send("id: 1\nevent: delta\ndata: \"he\"\n\n")
		send("data: \"llo\"\n\n")
		send("data: [DONE]\n\n")
		send("data: \"never\"\n\n")
	})
	f := newFixture(t, s.URL)
	events, errs := collect(runtime.StreamEvents[string](f.NewCall(context.Background(), endpoint("GET")), doneSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []runtime.SSE[string]{
		{ID: "1", Event: "delta", Retry: 1500 * time.Millisecond, Data: `"he"`},
		{ID: "1", Event: "message", Retry: 1500 * time.Millisecond, Data: `"llo"`},
	}, events, "raw data for a string T; the done marker and what follows are not yielded")
}

func TestStreamDecodesJSONLinesAndSequences(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/seq" {
			io.WriteString(w, "\x1e{\"n\":1}\n\x1e{\"n\":\n\x1e{\"n\":3}\n")
			return
		}
		io.WriteString(w, "{\"n\":1}\n\n{\"n\":2}\r\n{\"n\":3}")
	})
	f := newFixture(t, s.URL)
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/lines")
	items, errs := collect(runtime.Stream[chunk](call, jsonlSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []chunk{{1}, {2}, {3}}, items)

	call = f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/seq")
	items, errs = collect(runtime.Stream[chunk](call, seqSpec))
	assert.Equal(t, []chunk{{1}, {3}}, items, "a record cut short is reported and skipped (RFC 7464)")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], stream.ErrTruncated)
}

func TestStreamErrorStatusIsRetriedThenTheOnlyError(t *testing.T) {
	s := newServer(t, statuses(503, 503, 404))
	f := newFixture(t, s.URL)
	items, errs := collect(runtime.Stream[chunk](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Empty(t, items)
	require.Len(t, errs, 1)
	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, errs[0], &httpErr)
	assert.Equal(t, 404, httpErr.StatusCode)
	var callErr *runtime.CallError
	require.ErrorAs(t, errs[0], &callErr)
	assert.Equal(t, 3, callErr.Attempts)
	assert.EqualValues(t, 3, s.hits.Load())
	assert.EqualValues(t, 3, f.sent.Load())
}

func TestStreamEventTooLargeEndsIt(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		send := sseWriter(w)
		send("id: 1\ndata: small\n\n")
		send("id: 2\ndata: %s\n\n", strings.Repeat("x", 100))
	})
	f := newFixture(t, s.URL, runtime.WithMaxEventBytes(64))
	items, errs := collect(runtime.Stream[[]byte](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Equal(t, [][]byte{[]byte("small")}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], stream.ErrEventTooLarge)
	assert.EqualValues(t, 1, s.hits.Load(), "a bound passed is not a break: no reconnect")
}

// resumingServer serves events 1..total with ids; each connection delivers at most
// perConn events and then cuts the next one in the middle, until the last.
type resumingServer struct {
	*server
	mu          sync.Mutex
	lastEventID []string // the Last-Event-ID of every request
}

func newResumingServer(t *testing.T, total, perConn int, extra string) *resumingServer {
	rs := &resumingServer{}
	rs.server = newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		rs.mu.Lock()
		rs.lastEventID = append(rs.lastEventID, r.Header.Get("Last-Event-ID"))
		rs.mu.Unlock()
		from := 1
		if id := r.Header.Get("Last-Event-ID"); id != "" {
			n, _ := strconv.Atoi(id)
			from = n + 1
		}
		send := sseWriter(w)
		send(extra)
		for i := from; i <= total; i++ {
			if i-from == perConn {
				send("id: %d\ndata: {\"n\":", i) // cut in the middle of an event
				return
			}
			send("id: %d\ndata: {\"n\":%d}\n\n", i, i)
		}
	})
	return rs
}

func (rs *resumingServer) ids() []string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]string(nil), rs.lastEventID...)
}

func TestStreamResumesWithLastEventIDExactlyOnce(t *testing.T) {
	rs := newResumingServer(t, 7, 3, "")
	f := newFixture(t, rs.URL)
	items, errs := collect(runtime.Stream[chunk](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []chunk{{1}, {2}, {3}, {4}, {5}, {6}, {7}}, items, "every event once, in order")
	assert.Equal(t, []string{"", "3", "6"}, rs.ids())
	assert.EqualValues(t, 3, f.sent.Load())
	assert.Zero(t, f.bodies.open.Load())
}

func TestStreamReconnectsAreAttemptsOfTheRetryer(t *testing.T) {
	rs := newResumingServer(t, 100, 1, "")
	f := newFixture(t, rs.URL)
	items, errs := collect(runtime.Stream[chunk](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Equal(t, []chunk{{1}, {2}, {3}, {4}, {5}}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], stream.ErrTruncated)
	var callErr *runtime.CallError
	require.ErrorAs(t, errs[0], &callErr)
	assert.Equal(t, maxAttempts, callErr.Attempts)
	assert.EqualValues(t, maxAttempts, rs.hits.Load(), "a flapping server gets as many connections as the Retryer has attempts")
	assert.EqualValues(t, maxAttempts, f.sent.Load())
}

func TestStreamReconnectWaitsTheStreamsRetry(t *testing.T) {
	rs := newResumingServer(t, 2, 1, "retry: 80\n\n")
	var waits []time.Duration
	f := newFixture(t, rs.URL, runtime.WithObserver(runtime.ObserverFunc(func(_ context.Context, e runtime.Event) {
		if e.Kind == runtime.RetryWait {
			waits = append(waits, e.Wait)
		}
	})))
	items, errs := collect(runtime.Stream[chunk](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []chunk{{1}, {2}}, items)
	require.Len(t, waits, 1)
	assert.InDelta(t, 80*time.Millisecond, waits[0], float64(10*time.Millisecond), "the retry field, longer than the backoff")
}

func TestStreamOfPOSTIsNotResumed(t *testing.T) {
	rs := newResumingServer(t, 5, 2, "")
	f := newFixture(t, rs.URL)
	items, errs := collect(runtime.Stream[chunk](f.NewCall(context.Background(), endpoint("POST")), sseSpec))
	assert.Equal(t, []chunk{{1}, {2}}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], runtime.ErrNotResumed)
	assert.ErrorIs(t, errs[0], stream.ErrTruncated)
	assert.Equal(t, "API#POST: feign: the stream broke and was not resumed: POST is not idempotent, so the request may not be sent again (//feign:idempotent allows it): stream: server-sent events: the stream ended in the middle of an event", errs[0].Error())
	assert.EqualValues(t, 1, rs.hits.Load())

	idem := &runtime.Endpoint{MethodKey: "API#Complete", Method: "POST", Idempotent: true}
	items, errs = collect(runtime.Stream[chunk](f.NewCall(context.Background(), idem), sseSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []chunk{{1}, {2}, {3}, {4}, {5}}, items, "//feign:idempotent resumes")
}

func TestStreamWithoutIDsIsNotResumedAfterAnEvent(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		send := sseWriter(w)
		send("data: 1\n\ndata: 2")
	})
	f := newFixture(t, s.URL)
	items, errs := collect(runtime.Stream[string](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Equal(t, []string{"1"}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], runtime.ErrNotResumed)
	assert.Contains(t, errs[0].Error(), "no event ID")
	assert.EqualValues(t, 1, s.hits.Load())
}

func TestStream204OnReconnectEndsIt(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt > 1 {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		sseWriter(w)("id: 1\ndata: 1\n\nid: 2\ndata: ")
	})
	f := newFixture(t, s.URL)
	items, errs := collect(runtime.Stream[string](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"1"}, items)
	assert.EqualValues(t, 2, s.hits.Load())
}

func TestStreamReconnectThrough503HonoursRetryAfterAndAttempts(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		switch attempt {
		case 1:
			sseWriter(w)("id: 1\ndata: 1\n\nid: 2\ndata: ")
		case 2:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			assert.Equal(t, "1", r.Header.Get("Last-Event-ID"))
			sseWriter(w)("id: 2\ndata: 2\n\n")
		}
	})
	f := newFixture(t, s.URL)
	call := f.NewCall(context.Background(), endpoint("GET"))
	items, errs := collect(runtime.Stream[string](call, sseSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"1", "2"}, items)
	assert.EqualValues(t, 3, s.hits.Load())
	assert.EqualValues(t, 3, f.sent.Load())
}

func TestStreamCancelledMidStream(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		send := sseWriter(w)
		send("id: 1\ndata: 1\n\n")
		<-r.Context().Done()
	})
	f := newFixture(t, s.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var items []string
	var errs []error
	for v, err := range runtime.Stream[string](f.NewCall(ctx, endpoint("GET")), sseSpec) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
		cancel()
	}
	assert.Equal(t, []string{"1"}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.False(t, errors.Is(errs[0], runtime.ErrNotResumed), "the caller's end is no break")
	assert.EqualValues(t, 1, s.hits.Load())
}

// TestStreamCallTimeoutBoundsTheWholeStream: the call's timeout is not restarted by a
// reconnect, and its end is named in the error.
func TestStreamCallTimeoutBoundsTheWholeStream(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		send := sseWriter(w)
		from := 1
		if id := r.Header.Get("Last-Event-ID"); id != "" {
			n, _ := strconv.Atoi(id)
			from = n + 1
		}
		for i := from; i < from+3; i++ {
			send("id: %d\ndata: %d\n\n", i, i)
			time.Sleep(20 * time.Millisecond)
		}
		send("id: %d\ndata: ", from+3) // cut
	})
	f := newFixture(t, s.URL, runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 1000)),
		runtime.WithRetryBudget(runtime.RetryBudget{}))
	e := &runtime.Endpoint{MethodKey: "API#Ticks", Method: "GET", Timeout: 300 * time.Millisecond}
	start := time.Now()
	items, errs := collect(runtime.Stream[string](f.NewCall(context.Background(), e), sseSpec))
	elapsed := time.Since(start)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], runtime.ErrCallTimeout)
	assert.ErrorIs(t, errs[0], context.DeadlineExceeded)
	assert.Less(t, elapsed, 2*time.Second, "the timeout was not restarted by reconnects")
	assert.Greater(t, s.hits.Load(), int32(2), "it reconnected within the timeout")
	for i, v := range items {
		assert.Equal(t, strconv.Itoa(i+1), v, "every event once, in order")
	}
	assert.Zero(t, f.bodies.open.Load())
}

// TestHedgedStreamKeepsTheWinnersBody: a GET stream is hedged like any call; the
// winner's body is the stream, the loser is cancelled, and nothing is left running.
func TestHedgedStreamKeepsTheWinnersBody(t *testing.T) {
	release := make(chan struct{})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			select { // the first attempt stalls until it is cancelled
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		sseWriter(w)("id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n")
	})
	defer close(release)
	f := newFixture(t, s.URL, runtime.WithHedging(runtime.Hedging{Delay: 20 * time.Millisecond, MaxAttempts: 2}))
	items, errs := collect(runtime.Stream[string](f.NewCall(context.Background(), endpoint("GET")), sseSpec))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"1", "2"}, items)
	assert.EqualValues(t, 2, s.hits.Load())
	assert.EqualValues(t, 2, f.sent.Load())
}

// TestPagesAreHedged: each page is a call of its own, hedged as one.
func TestPagesAreHedged(t *testing.T) {
	release := make(chan struct{})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 2 { // the first attempt at page 2 stalls
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		if r.URL.Query().Get("page") == "1" {
			w.Header().Set("Link", `</items?page=2>; rel="next"`)
			io.WriteString(w, `[{"id":1}]`)
			return
		}
		io.WriteString(w, `[{"id":2}]`)
	})
	defer close(release)
	f := newFixture(t, s.URL, runtime.WithHedging(runtime.Hedging{Delay: 20 * time.Millisecond, MaxAttempts: 2}))
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/items")
	call.Query("page", "1")
	items, errs := collect(runtime.PageItems(call, runtime.Pager[[]item]{}, func(p *[]item) []item { return *p }))
	assert.Empty(t, errs)
	assert.Equal(t, []item{{1}, {2}}, items)
	assert.EqualValues(t, 3, s.hits.Load(), "page 1: one attempt; page 2: two, the second a hedge")
	assert.EqualValues(t, 3, f.sent.Load())
}

func TestStreamEventsRefusesAnotherFormat(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { io.WriteString(w, "data: x\n\n") })
	f := newFixture(t, s.URL)
	events, errs := collect(runtime.StreamEvents[string](f.NewCall(context.Background(), endpoint("GET")), jsonlSpec))
	assert.Empty(t, events)
	require.Len(t, errs, 1)
	assert.Equal(t, "API#GET: feign: StreamEvents reads server-sent events, not a jsonl stream", errs[0].Error())
	assert.Zero(t, s.hits.Load(), "nothing sent")

	items, errs := collect(runtime.Stream[string](f.NewCall(context.Background(), endpoint("GET")), nil))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"x"}, items, "a nil spec reads server-sent events")
}
