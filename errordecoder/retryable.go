package errordecoder

import "time"

// RetryableError marks a failure after which the call may be attempted again:
// Feign's RetryableException.
type RetryableError struct {
	Err        error     // the *HTTPError, or the transport error
	RetryAfter time.Time // when the server asked to be called again; zero when it gave none
}

// Error returns the message of the wrapped error, followed by the time the server asked
// to be called again when it gave one: "... (retry after 2026-01-02T03:04:05Z)".
func (e *RetryableError) Error() string {
	msg := "retryable error"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.RetryAfter.IsZero() {
		return msg
	}
	return msg + " (retry after " + e.RetryAfter.UTC().Format(time.RFC3339) + ")"
}

// Unwrap returns the wrapped error, so errors.As finds an *HTTPError inside.
func (e *RetryableError) Unwrap() error { return e.Err }
