package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/stream"
)

// feedServer answers every path of Feeds and records the request URIs.
type feedServer struct {
	*httptest.Server
	mu   sync.Mutex
	uris []string
}

func (s *feedServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.uris...)
}

func newFeeds(t *testing.T) (Feeds, *feedServer) {
	t.Helper()
	s := &feedServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.uris = append(s.uris, r.Method+" "+r.URL.RequestURI())
		s.mu.Unlock()
		switch r.URL.Path + "?" + r.URL.RawQuery {
		case "/events?":
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "id: 7\nevent: add\ndata: {\"id\":\"a\",\"name\":\"A\"}\n\nretry: 250\ndata: {\"id\":\"b\"}\n\n")
		case "/complete?":
			body, _ := io.ReadAll(r.Body)
			fmt.Fprintf(w, "data: %s\n\ndata: second\n\ndata: [DONE]\n\ndata: after\n\n", body)
		case "/records?":
			fmt.Fprint(w, "\x1e{\"id\":\"1\"}\n\x1enot json\n\x1e{\"id\":\"3\"}\n")
		case "/search?q=go":
			fmt.Fprint(w, `{"items":[{"id":"1"},{"id":"2"}],"meta":{"next":"c 2"}}`)
		case "/search?q=go&after=c%202":
			fmt.Fprint(w, `{"items":[{"id":"3"}],"meta":{"next":""}}`)
		case "/offsets?limit=2":
			fmt.Fprint(w, `{"items":[{"id":"1"},{"id":"2"}],"meta":{"offset":2}}`)
		case "/offsets?limit=2&offset=2":
			fmt.Fprint(w, `{"items":[{"id":"3"}],"meta":{}}`)
		case "/numbered?":
			fmt.Fprint(w, `{"items":[{"id":"1"}],"next":2}`)
		case "/numbered?page=2":
			w.Header().Set("X-Page", "2")
			fmt.Fprint(w, `{"items":[{"id":"2"}],"next":0}`)
		default:
			http.Error(w, "unexpected "+r.URL.RequestURI(), http.StatusTeapot)
		}
	}))
	t.Cleanup(s.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	api, err := NewFeeds(s.URL, runtime.WithHTTPClient(&http.Client{Transport: tr}),
		runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 3)))
	require.NoError(t, err)
	return api, s
}

func TestGeneratedStreams(t *testing.T) {
	api, s := newFeeds(t)

	var events []runtime.SSE[Item]
	for ev, err := range api.Events(context.Background()) {
		require.NoError(t, err)
		events = append(events, ev)
	}
	assert.Equal(t, []runtime.SSE[Item]{
		{ID: "7", Event: "add", Data: Item{"a", "A"}},
		{ID: "7", Event: "message", Retry: 250 * time.Millisecond, Data: Item{ID: "b"}},
	}, events, "the format from the Accept header")

	var texts []string
	for text, err := range api.Complete(context.Background(), map[string]string{"prompt": "hi"}) {
		require.NoError(t, err)
		texts = append(texts, text)
	}
	assert.Equal(t, []string{`{"prompt":"hi"}`, "second"}, texts, "the body was sent; [DONE] ends the stream")

	var items []Item
	var errs []error
	for it, err := range api.Records(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, it)
	}
	assert.Equal(t, []Item{{ID: "1"}, {ID: "3"}}, items)
	require.Len(t, errs, 1)
	assert.True(t, errors.Is(errs[0], stream.ErrInvalidRecord))
	assert.Equal(t, []string{"GET /events", "POST /complete", "GET /records"}, s.requests())
}

func TestGeneratedPages(t *testing.T) {
	api, s := newFeeds(t)
	ids := func(seq func(func(Item, error) bool)) []string {
		var out []string
		for it, err := range seq {
			require.NoError(t, err)
			out = append(out, it.ID)
		}
		return out
	}
	assert.Equal(t, []string{"1", "2", "3"}, ids(api.Search(context.Background(), "go")))
	assert.Equal(t, []string{"1", "2", "3"}, ids(api.Offsets(context.Background())), "a cursor behind two pointers; nil ends it")

	var pages []string
	for page, err := range api.Numbered(context.Background()) {
		require.NoError(t, err)
		pages = append(pages, fmt.Sprintf("%d %q %v", page.StatusCode, page.Header.Get("X-Page"), page.Value.Items))
	}
	assert.Equal(t, []string{`200 "" [{1 }]`, `200 "2" [{2 }]`}, pages, "an unsigned page number; 0 ends it")
	assert.Equal(t, []string{
		"GET /search?q=go", "GET /search?q=go&after=c%202",
		"GET /offsets?limit=2", "GET /offsets?limit=2&offset=2",
		"GET /numbered", "GET /numbered?page=2",
	}, s.requests())
}
