package runtime

import (
	"io"
	"net/http"
	"unsafe"

	"github.com/gofeign/feign/internal/bounded"
)

// The ending methods. Each sends the call with send and consumes the response it gives:
// every body is closed here unless it is handed to the caller (Response, Stream). The
// ones that read the result into memory (Decode, Bytes, Text) give send a read function,
// and send bounds the body it hands to it (see boundBody).

// Do sends the call and discards a 2xx response body.
func (c *Call) Do() error {
	resp, err := c.send(want2xx, nil)
	if resp == nil {
		return err
	}
	drainAndClose(resp.Body)
	return nil
}

// Decode sends the call and decodes a 2xx response body into v with the Decoder.
//
// v is left untouched when the call answers with the zero value: a dismissed 404, or an
// ErrorDecoder that returned nil. A body the Decoder cannot decode ends the call. A body
// whose connection breaks while it is read is retried like a transport error when the
// call may be retried (see readResult); v is then decoded again from the next
// response, so a Decoder that streams into v, unlike codec.JSON, may leave fields of
// the broken body in it that the next one lacks. Decode[T], which generated code
// uses, decodes each retry into a fresh T instead.
//
// The Decoder reads at most the call's limit (WithMaxResponseBytes, maxResponse=):
// past it, the call ends with ErrResponseTooLarge.
func (c *Call) Decode(v any) error {
	_, err := c.send(want2xx, func(resp *http.Response) error {
		return c.client.decoder.Decode(resp, v)
	})
	return err
}

// Bytes sends the call and returns a 2xx response body as is.
//
// It returns nil when the call answers with the zero value (see Decode). A body whose
// connection breaks while it is read is retried as Decode's is, and one over the
// call's limit ends it with ErrResponseTooLarge. A body whose Content-Length is known
// is read into one buffer of that size.
func (c *Call) Bytes() ([]byte, error) {
	var b []byte
	_, err := c.send(want2xx, func(resp *http.Response) (err error) {
		b, err = bounded.ReadAll(resp.Body)
		return err
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Text sends the call and returns a 2xx response body as a string.
//
// It returns "" when the call answers with the zero value (see Decode); it is bounded
// as Bytes is.
func (c *Call) Text() (string, error) {
	b, err := c.Bytes()
	if len(b) == 0 {
		return "", err
	}
	// b was just read and nothing else holds it: the string may own its memory, as
	// strings.Builder's does, instead of copying a body that may be many MiB.
	return unsafe.String(unsafe.SliceData(b), len(b)), err
}

// Response sends the call and returns the response whatever its status; the caller
// closes its body. No ErrorDecoder runs, so only transport errors are retried.
//
// The body is not bounded by WithMaxResponseBytes: the caller reads it at its own pace
// and decides how much to keep.
func (c *Call) Response() (*http.Response, error) {
	return c.send(wantAnyStatus, nil)
}

// Stream sends the call and returns a 2xx response body unread; the caller closes it.
// Other statuses go through the ErrorDecoder.
//
// When the call answers with the zero value (see Decode) the body is http.NoBody, not
// nil, so that the caller's deferred Close is always safe.
//
// The body is not bounded by WithMaxResponseBytes: a stream may be longer than any
// in-memory result, and the caller decides how much of it to keep.
func (c *Call) Stream() (io.ReadCloser, error) {
	resp, err := c.send(want2xx, nil)
	if err != nil {
		return nil, err
	}
	if resp == nil {
		return http.NoBody, nil
	}
	return resp.Body, nil
}
