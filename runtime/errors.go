package runtime

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/redact"
)

// CallError is the error every ending method of a Call returns. It says which method
// failed and after how many attempts; Err is the cause, found through it with errors.Is
// and errors.As: an *ArgumentError, an encoding error, an *errordecoder.RetryableError
// or *errordecoder.HTTPError, a transport error, or the context's error.
type CallError struct {
	MethodKey string // "GitHub#Contributors"
	Attempts  int    // attempts sent; 0 when the call failed before sending anything
	Err       error

	secrets []string // the call's secret values, hidden from the message
}

// Error reads like "GitHub#Contributors: after 3 attempts: dial tcp …: connection
// refused"; the attempt count shows only when there was a retry. When the cause is an
// *errordecoder.HTTPError of the same method, whose Feign-style message names the method
// already, the prefix is left out: "after 3 attempts: [503 Service Unavailable] during
// [GET] to [...] [GitHub#Contributors]: [...]".
//
// The message is safe to log: the secret values the call sent (its Authorization,
// Cookie and secret-looking header values, secret query values, the URL's password)
// show as "REDACTED" even when the server or the cause echoed them, and control
// characters are escaped ("\n", "\x1b"), as in errordecoder.HTTPError.Error.
func (e *CallError) Error() string {
	return redact.Escape(redact.Scrub(e.message(), e.secrets))
}

// message is Error before secrets are hidden and control characters escaped.
func (e *CallError) message() string {
	cause := "<nil>"
	if e.Err != nil {
		cause = e.Err.Error()
	}
	prefix := e.MethodKey + ": "
	var httpErr *errordecoder.HTTPError
	if errors.As(e.Err, &httpErr) && httpErr.MethodKey == e.MethodKey {
		prefix = ""
	}
	if e.Attempts > 1 {
		return prefix + "after " + strconv.Itoa(e.Attempts) + " attempts: " + cause
	}
	return prefix + cause
}

func (e *CallError) Unwrap() error { return e.Err }

// ArgumentError is a parameter value the request cannot be built from: a path variable
// without a value, an empty path segment, a path value that would make a "." or ".."
// segment or a target starting with "//", a header value with a control character, or
// an error generated code reported with Call.Fail (in Err). It never quotes the value,
// which may be a secret.
type ArgumentError struct {
	Param  string // the parameter or header name
	Reason string // "path parameter {id} has no value"
	Err    error  // the cause, if any
}

func (e *ArgumentError) Error() string {
	if e.Err != nil {
		return e.Reason + ": " + e.Err.Error()
	}
	return e.Reason
}

func (e *ArgumentError) Unwrap() error { return e.Err }

// redactError hides the secrets of the URL in err, a *url.Error as http.Client.Do and
// url.Parse return: their messages hold the full URL, query included. It returns a copy,
// keeping Err so that errors.Is and errors.As still see through it.
func redactError(err error) error {
	urlErr, ok := err.(*url.Error)
	if !ok {
		return err
	}
	redacted := *urlErr
	redacted.URL = redact.URLString(urlErr.URL)
	return &redacted
}
