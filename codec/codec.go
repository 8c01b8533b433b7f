package codec

import "net/http"

// Encoder turns a call's body parameter into the bytes sent as the request body. It may
// set headers such as Content-Type in h, but must not replace one that is already set.
// Implementations must be safe for concurrent use.
type Encoder interface {
	Encode(v any, h http.Header) ([]byte, error)
}

// Decoder reads a 2xx response body into v, a non-nil pointer. It must not close the
// body; the runtime does. Implementations must be safe for concurrent use.
type Decoder interface {
	Decode(resp *http.Response, v any) error
}

// EncoderFunc adapts an ordinary function to the Encoder interface.
type EncoderFunc func(v any, h http.Header) ([]byte, error)

// Encode calls f(v, h).
func (f EncoderFunc) Encode(v any, h http.Header) ([]byte, error) { return f(v, h) }

// DecoderFunc adapts an ordinary function to the Decoder interface.
type DecoderFunc func(resp *http.Response, v any) error

// Decode calls f(resp, v).
func (f DecoderFunc) Decode(resp *http.Response, v any) error { return f(resp, v) }
