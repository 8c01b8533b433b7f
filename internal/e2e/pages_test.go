package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func newPages(t *testing.T, url string) (Pages, *bodyTracker) {
	t.Helper()
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	tracker := &bodyTracker{next: transport}
	p, err := NewPages(url,
		runtime.WithHTTPClient(&http.Client{Transport: tracker}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 5)))
	require.NoError(t, err)
	t.Cleanup(func() { assert.Zero(t, tracker.open.Load(), "response bodies left open") })
	return p, tracker
}

// TestResponseResultsFollowLinks walks three pages by their Link headers; the first
// attempt of every page fails with a 503, so each Response is the one of a retry.
func TestResponseResultsFollowLinks(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		if n%2 == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page < 3 {
			w.Header().Add("Link", fmt.Sprintf(`<%s?page=%d>; rel="next"`, r.URL.Path, page+1))
		}
		w.Header().Add("Link", `</items?page=1>; rel="first"`)
		w.Header().Set("X-Page", strconv.Itoa(page))
		w.WriteHeader(http.StatusOK)
		fmt.Fprintf(w, `[{"id":"%d","name":"item %d"}]`, page, page)
	}))
	t.Cleanup(srv.Close)
	api, tracker := newPages(t, srv.URL)

	var items []Item
	for page := 1; ; {
		resp, err := api.List(context.Background(), page)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, strconv.Itoa(page), resp.Header.Get("X-Page"))
		items = append(items, resp.Value...)
		first, ok := resp.Link("first")
		require.True(t, ok)
		assert.Equal(t, srv.URL+"/items?page=1", first.String())
		next, ok := resp.Link("next")
		if !ok {
			break
		}
		assert.Equal(t, srv.URL+"/items?page="+strconv.Itoa(page+1), next.String(), "resolved against the request URL")
		page, _ = strconv.Atoi(next.Query().Get("page"))
	}
	assert.Equal(t, []Item{{"1", "item 1"}, {"2", "item 2"}, {"3", "item 3"}}, items)
	assert.EqualValues(t, 6, hits.Load(), "two attempts per page on the server")
	assert.EqualValues(t, 6, tracker.sent.Load(), "and on the client")
}

func TestResponseResultsDismiss404AndRawBodies(t *testing.T) {
	s := newServer(t, reply{status: 404, header: map[string]string{"X-Why": "gone"}, body: `{"message":"not found"}`},
		reply{status: 200, body: `{"raw": true}`})
	api, _ := newPages(t, s.URL)

	found, err := api.Find(context.Background(), "7")
	require.NoError(t, err)
	assert.Nil(t, found.Value, "a dismissed 404 is the zero value")
	assert.Equal(t, http.StatusNotFound, found.StatusCode)
	assert.Equal(t, "gone", found.Header.Get("X-Why"))

	raw, err := api.Raw(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []byte(`{"raw": true}`), raw.Value, "a []byte value is the raw body under a JSON Accept")
	assert.Equal(t, http.StatusOK, raw.StatusCode)
	require.Len(t, s.requests(), 2)
}
