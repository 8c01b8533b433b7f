package errordecoder

import "net/http"

// ErrorDecoder turns a response whose status is not 2xx into the error a call returns.
//
// The runtime calls Decode at most once per response and closes the body afterwards;
// Decode may read the body but must not close it. Returning a *RetryableError (or an
// error wrapping one) asks the runtime to retry the call when its method allows it.
// Implementations must be safe for concurrent use.
type ErrorDecoder interface {
	Decode(methodKey string, resp *http.Response) error
}

// Func adapts an ordinary function to the ErrorDecoder interface.
type Func func(methodKey string, resp *http.Response) error

// Decode calls f(methodKey, resp).
func (f Func) Decode(methodKey string, resp *http.Response) error { return f(methodKey, resp) }
