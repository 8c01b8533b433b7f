package runtime_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/codec"
	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
)

// Every test here runs on a fixture, which fails the test if a response body is left
// open: the runtime closes every body but the ones Response and Stream hand over.

func TestDoDiscardsBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		io.WriteString(w, strings.Repeat("x", 1<<20)) // larger than the drain limit
	})
	f := newFixture(t, srv.URL)
	require.NoError(t, f.NewCall(context.Background(), endpoint("DELETE")).Do())
}

func TestKeepAliveConnectionsAreReused(t *testing.T) {
	srv := newServer(t, statuses(503, 503, 200))
	f := newFixture(t, srv.URL)
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Do())
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Do())

	seen := srv.attempts()
	require.Len(t, seen, 4)
	for _, s := range seen {
		assert.Equal(t, seen[0].RemoteAddr, s.RemoteAddr, "drained bodies let every attempt reuse the connection")
	}
}

func TestBytesAndText(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)

	b, err := f.NewCall(context.Background(), endpoint("GET")).Bytes()
	require.NoError(t, err)
	assert.Equal(t, `{"attempt":1}`, string(b))

	s, err := f.NewCall(context.Background(), endpoint("GET")).Text()
	require.NoError(t, err)
	assert.Equal(t, `{"attempt":2}`, s)
}

func TestBytesErrorStatus(t *testing.T) {
	srv := newServer(t, statuses(400))
	f := newFixture(t, srv.URL)
	b, err := f.NewCall(context.Background(), endpoint("GET")).Bytes()
	assert.Nil(t, b)
	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, `{"attempt":1}`, string(httpErr.Body))
}

func TestDecodeFailureIsNotRetried(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		io.WriteString(w, `{"attempt":"not a number"}`)
	})
	f := newFixture(t, srv.URL)
	var got result
	err := f.NewCall(context.Background(), endpoint("GET")).Decode(&got)
	assert.ErrorContains(t, err, "codec.JSON: decode *runtime_test.result")
	var callErr *runtime.CallError
	require.ErrorAs(t, err, &callErr)
	assert.Equal(t, 1, callErr.Attempts)
	assert.EqualValues(t, 1, srv.hits.Load())
}

func TestDecodeNoContent(t *testing.T) {
	srv := newServer(t, statuses(204))
	f := newFixture(t, srv.URL)
	got := result{Attempt: 9}
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Decode(&got))
	assert.Equal(t, result{Attempt: 9}, got, "an empty body leaves the value as it was")
}

func TestDecodeWithCustomDecoder(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL, runtime.WithDecoder(codec.Text{}))
	var s string
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Decode(&s))
	assert.Equal(t, `{"attempt":1}`, s)
}

func TestCustomEncoder(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL, runtime.WithEncoder(codec.Text{}))
	call := f.NewCall(context.Background(), endpoint("POST"))
	call.Body("plain")
	require.NoError(t, call.Do())
	seen := srv.attempts()[0]
	assert.Equal(t, "plain", string(seen.Body))
	assert.Equal(t, "text/plain; charset=utf-8", seen.Header.Get("Content-Type"))
}

func TestEmptyEncodedBodySendsNoBody(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	f := newFixture(t, srv.URL, runtime.WithEncoder(codec.Bytes{}))
	call := f.NewCall(context.Background(), endpoint("PUT"))
	call.Body([]byte{})
	require.NoError(t, call.Do())
	for _, s := range srv.attempts() {
		assert.Empty(t, s.Body)
	}
}

func TestResponseReturnsEveryStatus(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	f := newFixture(t, srv.URL)

	resp, err := f.NewCall(context.Background(), endpoint("GET")).Response()

	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "no ErrorDecoder, no retry on a status")
	assert.EqualValues(t, 1, srv.hits.Load())
	assert.EqualValues(t, 1, f.bodies.open.Load(), "the caller owns the body")
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, `{"attempt":1}`, string(b))
	require.NoError(t, resp.Body.Close())
}

func TestResponseRetriesTransportErrors(t *testing.T) {
	f := newFixture(t, closedPortURL(t))
	resp, err := f.NewCall(context.Background(), endpoint("GET")).Response()
	assert.Nil(t, resp)
	require.Error(t, err)
	assert.EqualValues(t, maxAttempts, f.sent.Load())
}

func TestStream(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	f := newFixture(t, srv.URL)

	body, err := f.NewCall(context.Background(), endpoint("GET")).Stream()

	require.NoError(t, err)
	assert.EqualValues(t, 1, f.bodies.open.Load(), "the 503's body is closed, the 200's is handed over")
	b, err := io.ReadAll(body)
	require.NoError(t, err)
	assert.Equal(t, `{"attempt":2}`, string(b))
	require.NoError(t, body.Close())
}

func TestStreamErrorStatus(t *testing.T) {
	srv := newServer(t, statuses(500))
	f := newFixture(t, srv.URL)
	body, err := f.NewCall(context.Background(), endpoint("GET")).Stream()
	assert.Nil(t, body)
	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
}

func TestErrorDecoderSeesTheAttemptsRequest(t *testing.T) {
	srv := newServer(t, statuses(418))
	var gotMethod, gotURL string
	f := newFixture(t, srv.URL, runtime.WithErrorDecoder(errordecoder.Func(func(key string, resp *http.Response) error {
		gotMethod, gotURL = resp.Request.Method, resp.Request.URL.String()
		return errors.New("teapot")
	})))
	call := f.NewCall(context.Background(), endpoint("PATCH"))
	call.Path("/pots/")
	call.PathSegment("id", "1")
	assert.ErrorContains(t, call.Do(), "API#PATCH: teapot")
	assert.Equal(t, "PATCH", gotMethod)
	assert.Equal(t, srv.URL+"/pots/1", gotURL)
}

func TestRedirectResendsTheBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			http.Redirect(w, r, "/moved", http.StatusPermanentRedirect)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("POST"))
	call.Path("/old")
	call.Body("payload")

	require.NoError(t, call.Do())

	seen := srv.attempts()
	require.Len(t, seen, 2)
	assert.Equal(t, "/moved", seen[1].RequestURI)
	assert.Equal(t, `"payload"`, string(seen[1].Body), "GetBody gives the redirected request its body")
	assert.EqualValues(t, 1, f.sent.Load(), "a redirect is part of one attempt")
}

func TestContextDoneBeforeSending(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	err := f.NewCall(ctx, endpoint("GET")).Do()

	require.ErrorIs(t, err, context.Canceled)
	var callErr *runtime.CallError
	require.ErrorAs(t, err, &callErr)
	assert.Equal(t, 0, callErr.Attempts)
	assert.EqualValues(t, 0, srv.hits.Load())
	assert.EqualValues(t, 0, f.sent.Load())
}
