package runtime

import (
	"io"
	"net/http"
)

// The ending methods. Each sends the call with send and consumes the response it gives:
// every body is closed here unless it is handed to the caller (Response, Stream).

// Do sends the call and discards a 2xx response body.
func (c *Call) Do() error {
	resp, err := c.send(want2xx)
	if resp == nil {
		return err
	}
	drainAndClose(resp.Body)
	return nil
}

// Decode sends the call and decodes a 2xx response body into v with the Decoder.
//
// v is left untouched when the call answers with the zero value: a dismissed 404, or an
// ErrorDecoder that returned nil. A decoding error ends the call; it is not retried.
func (c *Call) Decode(v any) error {
	resp, err := c.send(want2xx)
	if resp == nil {
		return err
	}
	err = c.client.decoder.Decode(resp, v)
	drainAndClose(resp.Body)
	if err != nil {
		return c.end(err)
	}
	return nil
}

// Bytes sends the call and returns a 2xx response body as is.
//
// It returns nil when the call answers with the zero value (see Decode).
func (c *Call) Bytes() ([]byte, error) {
	resp, err := c.send(want2xx)
	if resp == nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, c.end(err)
	}
	return b, nil
}

// Text sends the call and returns a 2xx response body as a string.
//
// It returns "" when the call answers with the zero value (see Decode).
func (c *Call) Text() (string, error) {
	b, err := c.Bytes()
	return string(b), err
}

// Response sends the call and returns the response whatever its status; the caller
// closes its body. No ErrorDecoder runs, so only transport errors are retried.
func (c *Call) Response() (*http.Response, error) {
	return c.send(wantAnyStatus)
}

// Stream sends the call and returns a 2xx response body unread; the caller closes it.
// Other statuses go through the ErrorDecoder.
//
// When the call answers with the zero value (see Decode) the body is http.NoBody, not
// nil, so that the caller's deferred Close is always safe.
func (c *Call) Stream() (io.ReadCloser, error) {
	resp, err := c.send(want2xx)
	if err != nil {
		return nil, err
	}
	if resp == nil {
		return http.NoBody, nil
	}
	return resp.Body, nil
}
