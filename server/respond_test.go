package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/server"
)

// serve runs one route on a recorder.
func serve(t *testing.T, answer func(*server.Request), opts ...server.Option) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	server.New(opts...).Route("API#M", answer).ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), "GET", "/", nil))
	return rec
}

// closer records whether it was closed.
type closer struct {
	io.Reader
	closed bool
}

func (c *closer) Close() error { c.closed = true; return nil }

func TestStreamCopiesAndCloses(t *testing.T) {
	body := &closer{Reader: strings.NewReader("streamed")}
	rec := serve(t, func(q *server.Request) { q.Stream(body, nil) })
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/octet-stream", rec.Header().Get("Content-Type"))
	assert.Equal(t, "streamed", rec.Body.String())
	assert.True(t, body.closed)

	failed := &closer{Reader: strings.NewReader("")}
	rec = serve(t, func(q *server.Request) { q.Stream(failed, errors.New("broken")) })
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.True(t, failed.closed, "a body returned with an error is closed too")
}

func TestResponseIsWrittenAsBuilt(t *testing.T) {
	body := &closer{Reader: strings.NewReader("made by hand")}
	resp := &http.Response{StatusCode: http.StatusTeapot, Header: http.Header{"X-Made": {"hand"}, "Content-Length": {"999"}, "Connection": {"close"}}, Body: body}
	rec := serve(t, func(q *server.Request) { q.Response(resp, nil) })
	assert.Equal(t, http.StatusTeapot, rec.Code)
	assert.Equal(t, "hand", rec.Header().Get("X-Made"))
	assert.Empty(t, rec.Header().Get("Content-Length"), "framing headers are never copied")
	assert.Empty(t, rec.Header().Get("Connection"))
	assert.Equal(t, "made by hand", rec.Body.String())
	assert.True(t, body.closed)

	rec = serve(t, func(q *server.Request) { q.Response(nil, nil) })
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
}

func TestRespond(t *testing.T) {
	rec := serve(t, func(q *server.Request) {
		server.Respond(q, runtime.Response[map[string]int]{Value: map[string]int{"a": 1}, StatusCode: http.StatusCreated, Header: http.Header{"Location": {"/a"}}}, nil)
	})
	assert.Equal(t, http.StatusCreated, rec.Code)
	assert.Equal(t, "/a", rec.Header().Get("Location"))
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, `{"a":1}`, rec.Body.String())

	rec = serve(t, func(q *server.Request) {
		server.Respond(q, runtime.Response[[]int]{Value: []int{1}, Header: http.Header{"Content-Type": {"application/vnd.list+json"}}}, nil)
	})
	assert.Equal(t, "application/vnd.list+json", rec.Header().Get("Content-Type"), "the Response's Content-Type stays")
	assert.Equal(t, `[1]`, rec.Body.String())

	rec = serve(t, func(q *server.Request) { server.Respond(q, runtime.Response[func()]{Value: func() {}}, nil) })
	assert.Equal(t, http.StatusInternalServerError, rec.Code, "a value the Encoder refuses")
	assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))

	rec = serve(t, func(q *server.Request) {
		server.Respond(q, runtime.Response[map[string]int]{Value: map[string]int{"a": 1}, StatusCode: http.StatusNoContent}, nil)
	})
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.Empty(t, rec.Body.String(), "a 204 has no body")

	rec = serve(t, func(q *server.Request) { server.Respond(q, runtime.Response[[]byte]{Value: []byte{1, 2}}, nil) })
	assert.Equal(t, http.StatusOK, rec.Code, "status 0 is 200")
	assert.Equal(t, "application/octet-stream", rec.Header().Get("Content-Type"))
	assert.Equal(t, []byte{1, 2}, rec.Body.Bytes())

	rec = serve(t, func(q *server.Request) { server.Respond(q, runtime.Response[string]{StatusCode: 7}, nil) })
	assert.Equal(t, http.StatusInternalServerError, rec.Code, "a status that is none")
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		status     int
		retryAfter string
		body       string
	}{
		{"an HTTPError", &errordecoder.HTTPError{StatusCode: 409, Body: []byte("conflict")}, 409, "", "conflict"},
		{"a wrapped HTTPError", errors.Join(errors.New("context"), &errordecoder.HTTPError{StatusCode: 410}), 410, "", ""},
		{"an HTTPError with a status that is no error", &errordecoder.HTTPError{StatusCode: 200, Body: []byte("ok?")}, 500, "", `{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"the server could not complete the request"}`},
		{"a RetryableError rounds its Retry-After up", &errordecoder.RetryableError{Err: &errordecoder.HTTPError{StatusCode: 429}, RetryAfter: time.Now().Add(1900 * time.Millisecond)}, 429, "2", ""},
		{"a RetryableError in the past", &errordecoder.RetryableError{Err: &errordecoder.HTTPError{StatusCode: 503}, RetryAfter: time.Now().Add(-time.Hour)}, 503, "0", ""},
		{"a RetryableError of a transport error", &errordecoder.RetryableError{Err: errors.New("dial: refused")}, 503, "", `{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the service is unavailable; try again later"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, func(q *server.Request) { q.NoContent(tc.err) })
			assert.Equal(t, tc.status, rec.Code)
			assert.Equal(t, tc.retryAfter, rec.Header().Get("Retry-After"))
			assert.Equal(t, tc.body, rec.Body.String())
		})
	}
}
