// Package errordecoder turns HTTP responses whose status is not 2xx into Go errors.
//
// A Client calls its ErrorDecoder with the method key ("GitHub#Contributors") and the
// response; the error it returns is what the generated method returns. Default, which a
// Client uses when none is given, returns an *HTTPError holding the status, the request
// method, the URL with its secrets redacted, the headers and the first 64 KiB of the body,
// and prints it as Feign does:
//
//	[503 Service Unavailable] during [GET] to [https://api.example.com/x?token=REDACTED] [API#Get]: [busy]
//
// Default wraps the *HTTPError in a *RetryableError, which asks the Client to try again,
// when the response has a Retry-After header (any status, as in Feign) or its status is
// 429, 502, 503 or 504. New changes those statuses and the body limit. errors.As finds the
// *HTTPError through the *RetryableError.
//
// A custom decoder is a Func. It may read the body (the Client closes it afterwards),
// return the caller's own error type, and hand the responses it does not recognise to
// Default:
//
//	errordecoder.Func(func(methodKey string, resp *http.Response) error {
//		if resp.StatusCode == http.StatusNotFound {
//			return ErrNotFound
//		}
//		return errordecoder.Default().Decode(methodKey, resp)
//	})
//
// ParseRetryAfter parses a Retry-After header in every form RFC 9110 allows.
package errordecoder
