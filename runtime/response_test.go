package runtime_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
)

type named string

// numberedReplies answers the attempts with the given statuses in turn, each carrying
// its number in a header and in a JSON body.
func numberedReplies(codes ...int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, attempt int) {
		w.Header().Set("X-Attempt", strconv.Itoa(attempt))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(codes[min(attempt, len(codes))-1])
		io.WriteString(w, `"attempt `+strconv.Itoa(attempt)+`"`)
	}
}

func TestDecodeResponseRetriesAndReportsTheLastResponse(t *testing.T) {
	srv := newServer(t, numberedReplies(503, 429, 201))
	f := newFixture(t, srv.URL)
	resp, err := runtime.DecodeResponse[named](f.NewCall(context.Background(), endpoint("GET")))
	require.NoError(t, err)
	assert.Equal(t, named("attempt 3"), resp.Value, "a named string type is decoded")
	assert.Equal(t, 201, resp.StatusCode)
	assert.Equal(t, http.Header{
		"X-Attempt":      {"3"},
		"Content-Type":   {"application/json"},
		"Content-Length": {"11"},
		"Date":           resp.Header["Date"],
	}, resp.Header)
	assert.EqualValues(t, 3, f.sent.Load())
	assert.EqualValues(t, 3, srv.hits.Load())
}

func TestDecodeResponseRawBodies(t *testing.T) {
	srv := newServer(t, numberedReplies(200))
	f := newFixture(t, srv.URL)
	b, err := runtime.DecodeResponse[[]byte](f.NewCall(context.Background(), endpoint("GET")))
	require.NoError(t, err)
	assert.Equal(t, []byte(`"attempt 1"`), b.Value, "a []byte is the raw body, under a JSON Content-Type too")
	s, err := runtime.DecodeResponse[string](f.NewCall(context.Background(), endpoint("GET")))
	require.NoError(t, err)
	assert.Equal(t, `"attempt 2"`, s.Value)
	assert.Equal(t, "2", s.Header.Get("X-Attempt"))
}

func TestDecodeResponseGoesThroughTheErrorDecoder(t *testing.T) {
	srv := newServer(t, numberedReplies(400))
	f := newFixture(t, srv.URL)
	resp, err := runtime.DecodeResponse[named](f.NewCall(context.Background(), endpoint("GET")))
	var httpErr *errordecoder.HTTPError
	require.True(t, errors.As(err, &httpErr), "%v", err)
	assert.Equal(t, 400, httpErr.StatusCode)
	assert.Equal(t, runtime.Response[named]{}, resp)
	assert.EqualValues(t, 1, srv.hits.Load())
}

func TestDecodeResponseDismissed404(t *testing.T) {
	srv := newServer(t, numberedReplies(404))
	f := newFixture(t, srv.URL)
	e := endpoint("GET")
	e.Dismiss404 = true
	resp, err := runtime.DecodeResponse[named](f.NewCall(context.Background(), e))
	require.NoError(t, err)
	assert.Equal(t, named(""), resp.Value)
	assert.Equal(t, 404, resp.StatusCode)
	assert.Equal(t, "1", resp.Header.Get("X-Attempt"))

	zeroing := errordecoder.Func(func(string, *http.Response) error { return nil })
	g := newFixture(t, srv.URL, runtime.WithErrorDecoder(zeroing))
	resp, err = runtime.DecodeResponse[named](g.NewCall(context.Background(), endpoint("GET")))
	require.NoError(t, err)
	assert.Equal(t, 404, resp.StatusCode, "an ErrorDecoder that returns nil answers with the zero value, and its status")
}

func TestDecodeResponseOfAHedgeReportsTheWinner(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			<-r.Context().Done() // the loser, cancelled when the other attempt wins
			return
		}
		w.Header().Set("X-Attempt", strconv.Itoa(attempt))
		io.WriteString(w, `"won"`)
	})
	f := newFixture(t, srv.URL, runtime.WithHedging(runtime.Hedging{MaxAttempts: 2}))
	resp, err := runtime.DecodeResponse[named](f.NewCall(context.Background(), endpoint("GET")))
	require.NoError(t, err)
	assert.Equal(t, named("won"), resp.Value)
	assert.Equal(t, "2", resp.Header.Get("X-Attempt"))
	assert.EqualValues(t, 2, f.sent.Load())
}
