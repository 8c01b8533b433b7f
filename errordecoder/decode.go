package errordecoder

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/gofeign/feign/internal/redact"
)

// defaultMaxBodyBytes bounds how much of an error body is kept: enough for any error
// document, small enough that a misbehaving server cannot exhaust memory.
const defaultMaxBodyBytes = 64 << 10

// defaultRetryStatuses are the statuses that ask for another attempt even without a
// Retry-After: too many requests, and the gateway errors a proxy returns while a backend
// restarts.
var defaultRetryStatuses = []int{
	http.StatusTooManyRequests,
	http.StatusBadGateway,
	http.StatusServiceUnavailable,
	http.StatusGatewayTimeout,
}

// errNilResponse is returned by Decode for a nil response rather than panicking.
var errNilResponse = errors.New("errordecoder: nil response")

// Option configures the ErrorDecoder built by New.
type Option func(*config)

type config struct {
	retryStatuses []int
	maxBodyBytes  int
}

// RetryStatuses sets the statuses whose responses are wrapped in a *RetryableError even
// without a Retry-After header. It replaces the default set (429, 502, 503 and 504);
// RetryStatuses() with no status makes only a Retry-After header ask for a retry.
func RetryStatuses(statuses ...int) Option {
	statuses = slices.Clone(statuses) // the caller may reuse its slice
	return func(c *config) { c.retryStatuses = statuses }
}

// MaxBodyBytes sets how many bytes of the response body Decode keeps in HTTPError.Body
// (default 64 KiB); the rest is left unread. n <= 0 means read no body at all.
func MaxBodyBytes(n int) Option {
	return func(c *config) { c.maxBodyBytes = max(n, 0) }
}

// Default returns the default ErrorDecoder, New with no options.
func Default() ErrorDecoder { return defaultDecoder }

var defaultDecoder = New()

// New returns an ErrorDecoder that turns every response into an *HTTPError holding at
// most MaxBodyBytes of its body (default 64 KiB), and wraps it in a *RetryableError when
// the response has a Retry-After header that ParseRetryAfter accepts, whatever its status
// (as Feign does), or when its status is one of RetryStatuses (default 429, 502, 503, 504).
// The ErrorDecoder is safe for concurrent use.
func New(opts ...Option) ErrorDecoder {
	c := config{
		retryStatuses: defaultRetryStatuses,
		maxBodyBytes:  defaultMaxBodyBytes,
	}
	for _, opt := range opts {
		opt(&c)
	}
	return &decoder{c}
}

type decoder struct{ config }

// Decode implements ErrorDecoder. It reads at most MaxBodyBytes of resp.Body and does not
// close it. A nil resp.Request leaves Method and URL empty.
func (d *decoder) Decode(methodKey string, resp *http.Response) error {
	if resp == nil {
		return errNilResponse
	}
	httpErr := &HTTPError{
		StatusCode: resp.StatusCode,
		Status:     resp.Status,
		MethodKey:  methodKey,
		Header:     resp.Header,
		Body:       d.readBody(resp.Body),
	}
	if httpErr.Status == "" {
		httpErr.Status = statusLine(resp.StatusCode)
	}
	if req := resp.Request; req != nil {
		httpErr.Method = req.Method
		httpErr.URL = redact.URL(req.URL)
	}

	if value := resp.Header.Get("Retry-After"); value != "" { // the clock only when needed
		if retryAfter, ok := ParseRetryAfter(value, time.Now()); ok {
			return &RetryableError{Err: httpErr, RetryAfter: retryAfter}
		}
	}
	if slices.Contains(d.retryStatuses, resp.StatusCode) {
		return &RetryableError{Err: httpErr}
	}
	return httpErr
}

// readBody reads at most maxBodyBytes of body. A read error keeps what was read: the
// status is the error being reported, and an error body is only a diagnostic.
func (d *decoder) readBody(body io.Reader) []byte {
	if body == nil || body == http.NoBody || d.maxBodyBytes <= 0 {
		return nil // net/http's body of a response without content: nothing to read or buffer
	}
	// io.ReadAll over an io.LimitReader would allocate the LimitReader as well.
	data := make([]byte, 0, min(d.maxBodyBytes, 512))
	for empty := 0; len(data) < d.maxBodyBytes && empty < 100; { // 100 empty reads: a broken Reader
		if len(data) == cap(data) {
			data = slices.Grow(data, min(cap(data), d.maxBodyBytes-len(data)))
		}
		n, err := body.Read(data[len(data):min(cap(data), d.maxBodyBytes)])
		data = data[:len(data)+n]
		if err != nil {
			break
		}
		if n == 0 {
			empty++
		}
	}
	if len(data) == 0 {
		return nil
	}
	return data
}
