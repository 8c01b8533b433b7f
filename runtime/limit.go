package runtime

import (
	"errors"
	"net/http"

	"github.com/gofeign/feign/internal/bounded"
)

// ErrResponseTooLarge is the cause, found with errors.Is, of a call whose result was
// larger than its limit: WithMaxResponseBytes, or the Endpoint's MaxResponseBytes
// (//feign:options maxResponse=). The message names the limit. Such a call is not
// retried (the same body would come again), and the connection is closed rather than
// drained, so the rest of the body is never downloaded.
var ErrResponseTooLarge = bounded.ErrTooLarge

// DefaultMaxResponseBytes is the limit of a Client built without WithMaxResponseBytes:
// 32 MiB. gRPC refuses a received message over 4 MiB by default; a JSON API, whose
// bodies are two to four times the size of the same data in protobuf, rarely sends a
// result of more than tens of MiB, and decoding one costs several times its size in
// memory. A method that returns more declares maxResponse=; a Client whose every
// method does uses WithMaxResponseBytes.
const DefaultMaxResponseBytes = 32 << 20

// resultBody is what readResult wraps a result's body in: one allocation per result
// read, for watching and bounding it.
type resultBody struct {
	watch watchedBody // right over the transport's body, unless a.watch already is
	limit bounded.Body
}

// maxResponse returns the call's limit: its Endpoint's, or else its Client's.
func (c *Call) maxResponse() int64 {
	if n := c.endpoint.MaxResponseBytes; n > 0 {
		return n
	}
	if n := c.client.maxResponse; n > 0 {
		return n
	}
	return DefaultMaxResponseBytes
}

// boundBody is the one mechanism that bounds every result read into memory: it wraps
// resp.Body, as the ending method's reader and the Decoder will see it, in limit. From then on no reader can read past the call's limit, and
// bounded.ReadAll reads a body of known Content-Length into one buffer of its size.
// It returns the error at once, reading nothing, when the Content-Length is over
// the limit. Every ending that reads its result, through send's read function, goes
// through it (see readResult); one that gets a response from send and reads it itself
// calls it first.
func (c *Call) boundBody(resp *http.Response, limit *bounded.Body) error {
	err := limit.Reset(resp.Body, c.maxResponse(), resp.ContentLength)
	resp.Body = limit
	return err
}

// tooLarge returns the error that ends a call whose body passed its limit: err, the
// reader's error, when it says so, or else the limit's error (a reader that swallowed
// it still must not produce a result from a truncated body).
func (c *Call) tooLarge(err error, limit *bounded.Body) error {
	if errors.Is(err, ErrResponseTooLarge) {
		return err
	}
	return limit.Err()
}
