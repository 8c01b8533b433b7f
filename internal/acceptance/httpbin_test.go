package acceptance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/stream"
)

// bin is a go-httpbin server and what it observed: one Result per request, recorded
// when its handler returned.
type bin struct {
	url     string
	mu      sync.Mutex
	results []httpbin.Result
	ended   chan httpbin.Result
}

func startHTTPBin(t *testing.T) *bin {
	t.Helper()
	b := &bin{ended: make(chan httpbin.Result, 100)}
	app := httpbin.New(httpbin.WithMaxDuration(time.Hour), httpbin.WithObserver(func(_ context.Context, r httpbin.Result) {
		b.mu.Lock()
		b.results = append(b.results, r)
		b.mu.Unlock()
		b.ended <- r
	}))
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	b.url = srv.URL
	return b
}

func (b *bin) requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, r := range b.results {
		out = append(out, r.Method+" "+r.URI)
	}
	return out
}

// client returns a generated HTTPBin client with a transport of its own, whose idle
// connections are closed when the test ends.
func newHTTPBin(t *testing.T, url string, opts ...runtime.Option) HTTPBin {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	api, err := NewHTTPBin(url, append([]runtime.Option{runtime.WithHTTPClient(&http.Client{Transport: tr})}, opts...)...)
	require.NoError(t, err)
	return api
}

func TestHTTPBinServerSentEvents(t *testing.T) {
	b := startHTTPBin(t)
	api := newHTTPBin(t, b.url)
	var got []runtime.SSE[Ping]
	for ev, err := range api.SSE(context.Background(), 5, "50ms", "0s") {
		require.NoError(t, err)
		got = append(got, ev)
	}
	require.Len(t, got, 5)
	for i, ev := range got {
		assert.Equal(t, "ping", ev.Event)
		assert.Equal(t, i, ev.Data.ID)
		assert.NotZero(t, ev.Data.Timestamp)
	}
	assert.Equal(t, []string{"GET /sse?count=5&duration=50ms&delay=0s"}, b.requests())
}

func TestHTTPBinStreamIsLazyAndBreakEndsTheServersHandler(t *testing.T) {
	b := startHTTPBin(t)
	api := newHTTPBin(t, b.url)
	seq := api.SSE(context.Background(), 1000, "100s", "0s")
	assert.Empty(t, b.requests(), "nothing sent before the loop")
	n := 0
	for _, err := range seq {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	select {
	case r := <-b.ended:
		assert.Equal(t, "/sse?count=1000&duration=100s&delay=0s", r.URI)
	case <-time.After(10 * time.Second):
		t.Fatal("go-httpbin still streams: the body was not closed at break")
	}
	assert.Len(t, b.requests(), 1, "no request after break")
}

func TestHTTPBinStreamCancelledMidStream(t *testing.T) {
	b := startHTTPBin(t)
	api := newHTTPBin(t, b.url)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ids []int
	var errs []error
	for ev, err := range api.SSE(ctx, 1000, "100s", "0s") {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if ids = append(ids, ev.Data.ID); len(ids) == 2 {
			cancel()
		}
	}
	assert.Equal(t, []int{0, 1}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	select {
	case <-b.ended:
	case <-time.After(10 * time.Second):
		t.Fatal("go-httpbin still streams after the context ended")
	}
	assert.Len(t, b.requests(), 1, "a cancelled stream is not resumed")
}

func TestHTTPBinJSONLines(t *testing.T) {
	b := startHTTPBin(t)
	api := newHTTPBin(t, b.url)
	for _, tc := range []struct{ n, want int }{{7, 7}, {150, 100}} {
		var ids []int
		for line, err := range api.Lines(context.Background(), tc.n) {
			require.NoError(t, err)
			ids = append(ids, line.ID)
			assert.Equal(t, b.url+"/stream/"+strconv.Itoa(tc.n), line.URL)
		}
		require.Len(t, ids, tc.want)
		for i, id := range ids {
			assert.Equal(t, i, id)
		}
	}
	assert.Equal(t, []string{"GET /stream/7", "GET /stream/150"}, b.requests())
}

func TestHTTPBinEventPastTheBound(t *testing.T) {
	b := startHTTPBin(t)
	api := newHTTPBin(t, b.url, runtime.WithMaxEventBytes(16))
	var errs []error
	n := 0
	for _, err := range api.SSE(context.Background(), 3, "10ms", "0s") {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	assert.Zero(t, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], stream.ErrEventTooLarge)
	<-b.ended
	assert.Len(t, b.requests(), 1, "an event past the bound is no break to resume")
}
