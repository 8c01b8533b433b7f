package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
)

// internalDetail is the whole detail of a 500: the error itself stays on the server.
const internalDetail = "the server could not complete the request"

// NoContent answers a method that returns only an error: 204 No Content, or err.
func (q *Request) NoContent(err error) {
	if err != nil {
		q.Error(err)
		return
	}
	q.w.WriteHeader(http.StatusNoContent)
}

// Encode answers v, encoded by the Server's Encoder with status 200, or err.
func (q *Request) Encode(v any, err error) {
	if err != nil {
		q.Error(err)
		return
	}
	q.encode(http.StatusOK, v)
}

// encode writes v, encoded by the Server's Encoder, which may set the response's
// headers: a Content-Type already set (by a runtime.Response's Header) stays. An
// Encoder that fails leaves a 500, whose problem detail replaces what it set.
func (q *Request) encode(status int, v any) {
	data, err := q.s.encoder.Encode(v, q.w.Header())
	if err != nil {
		q.internal(err)
		return
	}
	q.write(status, data)
}

// Bytes answers b as it is, application/octet-stream, or err.
func (q *Request) Bytes(b []byte, err error) {
	if err != nil {
		q.Error(err)
		return
	}
	q.w.Header().Set("Content-Type", "application/octet-stream")
	q.write(http.StatusOK, b)
}

// Text answers s as it is, text/plain; charset=utf-8, or err.
func (q *Request) Text(s string, err error) {
	if err != nil {
		q.Error(err)
		return
	}
	q.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	q.writeString(http.StatusOK, s)
}

// Stream answers the body rc streams, application/octet-stream, or err; it closes rc.
func (q *Request) Stream(rc io.ReadCloser, err error) {
	if err != nil {
		if rc != nil {
			rc.Close()
		}
		q.Error(err)
		return
	}
	if rc == nil {
		q.w.WriteHeader(http.StatusOK)
		return
	}
	defer rc.Close()
	q.w.Header().Set("Content-Type", "application/octet-stream")
	q.w.WriteHeader(http.StatusOK)
	io.Copy(q.w, rc) // a failed copy is a client gone or a broken body: the status is sent
}

// Response answers with resp, the status, headers and body the implementation built
// for an (*http.Response, error) method, or err; it closes resp.Body.
func (q *Request) Response(resp *http.Response, err error) {
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		q.Error(err)
		return
	}
	if resp == nil {
		q.internal(errors.New("server: the implementation returned a nil *http.Response"))
		return
	}
	copyHeader(q.w.Header(), resp.Header)
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	q.w.WriteHeader(status)
	if resp.Body != nil {
		defer resp.Body.Close()
		io.Copy(q.w, resp.Body)
	}
}

// Respond answers a (runtime.Response[T], error) method: res.StatusCode (200 when 0)
// with res.Header, and res.Value as the body: a []byte or string T as it is, any other
// encoded by the Server's Encoder. A 204 or 304 has no body. Or it answers err.
func Respond[T any](q *Request, res runtime.Response[T], err error) {
	if err != nil {
		q.Error(err)
		return
	}
	copyHeader(q.w.Header(), res.Header)
	q.respond(res.StatusCode, res.Value)
}

// respond writes value with status (200 when 0) and the headers already set: a []byte
// or string as it is, any other value encoded by the Server's Encoder; a 204 or 304
// without a body.
func (q *Request) respond(status int, value any) {
	if status == 0 {
		status = http.StatusOK
	}
	if status < 100 || status > 999 {
		q.internal(errors.New("server: runtime.Response with status " + strconv.Itoa(status)))
		return
	}
	if status == http.StatusNoContent || status == http.StatusNotModified {
		q.w.WriteHeader(status)
		return
	}
	switch v := value.(type) {
	case []byte:
		if q.w.Header().Get("Content-Type") == "" {
			q.w.Header().Set("Content-Type", "application/octet-stream")
		}
		q.write(status, v)
	case string:
		if q.w.Header().Get("Content-Type") == "" {
			q.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		}
		q.writeString(status, v)
	default:
		q.encode(status, value)
	}
}

// Error answers err, an error of the implementation, as the client's ErrorDecoder
// reads it back:
//
//   - an *errordecoder.RetryableError: the status, headers and body of its
//     HTTPError, or 503 Service Unavailable without one, and Retry-After in seconds
//     when it has a RetryAfter;
//   - an *errordecoder.HTTPError: its status, headers and body; a status that is no
//     error (below 400 or above 599) becomes a 500, since a client would take it for
//     a result;
//   - an *http.MaxBytesError, an io.Reader body read past WithMaxBodyBytes: 413;
//   - any other error: a 500 whose problem detail is a fixed message, so that nothing
//     of the error reaches the client; WithErrorHook sees it.
func (q *Request) Error(err error) {
	var re *errordecoder.RetryableError
	var he *errordecoder.HTTPError
	switch {
	case errors.As(err, &re) && errors.As(re.Err, &he):
		q.httpError(he, err, re.RetryAfter)
	case re != nil:
		q.retryAfter(re.RetryAfter)
		q.problem(http.StatusServiceUnavailable, "the service is unavailable; try again later", err)
	case errors.As(err, &he):
		q.httpError(he, err, time.Time{})
	case errors.As(err, new(*http.MaxBytesError)):
		// An io.Reader body read past the limit: the request's fault, not the server's.
		q.readFailed("body", err)
		q.Failed()
	default:
		q.internal(err)
	}
}

// retryAfter sets Retry-After to the whole seconds until t, rounded up; none for a
// zero t.
func (q *Request) retryAfter(t time.Time) {
	if t.IsZero() {
		return
	}
	d := time.Until(t)
	secs := int64(0)
	if d > 0 {
		secs = int64((d + time.Second - 1) / time.Second)
	}
	q.w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
}

func (q *Request) httpError(he *errordecoder.HTTPError, err error, retryAt time.Time) {
	status := he.StatusCode
	if status < 400 || status > 599 {
		q.internal(err)
		return
	}
	copyHeader(q.w.Header(), he.Header)
	q.retryAfter(retryAt)
	if _, ok := q.w.Header()["Content-Type"]; !ok {
		q.w.Header()["Content-Type"] = nil // no sniffed type: the body is sent as the implementation gave it
	}
	q.hook(status, err)
	q.write(status, he.Body)
}

// internal answers a 500 with the fixed detail and hands err to the hook.
func (q *Request) internal(err error) {
	q.problem(http.StatusInternalServerError, internalDetail, err)
}

// problem writes an RFC 9457 problem detail and hands err to the hook.
func (q *Request) problem(status int, detail string, err error) {
	q.hook(status, err)
	body, _ := json.Marshal(struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}{"about:blank", http.StatusText(status), status, detail})
	h := q.w.Header()
	for name := range h {
		if name != "Retry-After" {
			delete(h, name)
		}
	}
	h.Set("Content-Type", "application/problem+json")
	h.Set("X-Content-Type-Options", "nosniff")
	q.write(status, body)
}

func (q *Request) hook(status int, err error) {
	if q.s.hook != nil {
		q.s.hook(q.r, status, err)
	}
}

func (q *Request) write(status int, body []byte) {
	q.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	q.w.WriteHeader(status)
	q.w.Write(body) // a failed write is a client gone: nothing is left to tell it
}

func (q *Request) writeString(status int, body string) {
	q.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	q.w.WriteHeader(status)
	io.WriteString(q.w, body)
}

// hopHeaders describe one connection or one body's framing, not the response: they
// are never copied from what the implementation returns.
var hopHeaders = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Transfer-Encoding": true,
	"Upgrade": true, "Te": true, "Trailer": true, "Content-Length": true,
}

func copyHeader(dst, src http.Header) {
	for name, values := range src {
		if hopHeaders[http.CanonicalHeaderKey(name)] {
			continue
		}
		dst[http.CanonicalHeaderKey(name)] = append(dst[http.CanonicalHeaderKey(name)], values...)
	}
}
