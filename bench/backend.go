package bench

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
)

// issueJSON is the answer to every call: an Issue of about 200 bytes.
var issueJSON = []byte(`{"number":42,"title":"Calls should cost what hand-written net/http costs","state":"open","labels":["performance","runtime"],"user":{"login":"gopher","id":583231}}`)

// Backend is the server side of the benchmarks: it answers every request with
// issueJSON after reading the request body. With Flaky set, every other request (the
// first, the third, ...) gets 503 Service Unavailable instead, so that a call that
// retries once succeeds.
//
// It is both an http.Handler, for loopback servers, and an http.RoundTripper that
// answers in memory without a network, so that a benchmark over it measures the
// client alone.
type Backend struct {
	Flaky bool
	n     atomic.Int64
}

// fail reports whether the current request gets a 503.
func (b *Backend) fail() bool {
	return b.Flaky && b.n.Add(1)%2 == 1
}

// ServeHTTP answers over a real connection.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	if b.fail() {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(issueJSON))}
	_, _ = w.Write(issueJSON)
}

// RoundTrip answers in memory, keeping the RoundTripper contract: it closes the
// request body and returns a fresh response body for every request.
func (b *Backend) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	if b.fail() {
		return &http.Response{
			Status:     "503 Service Unavailable",
			StatusCode: http.StatusServiceUnavailable,
			Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:  http.Header{},
			Body:    http.NoBody,
			Request: r,
		}, nil
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(issueJSON)),
		ContentLength: int64(len(issueJSON)),
		Request:       r,
	}, nil
}
