package runtime

import (
	"net/http"

	"github.com/gofeign/feign/codec"
	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
)

// Option configures a Client. A nil Option is ignored, and an Option given a nil value
// keeps the default.
type Option func(*Client)

// WithHTTPClient sends every attempt with hc instead of the runtime's own HTTP client.
// Its Timeout, if any, applies to each attempt; the call's context bounds the whole
// call.
//
// The runtime sends with a shallow copy of hc, so hc itself is never changed, and
// shares its Transport, Jar and Timeout. When hc has no CheckRedirect, the copy gets the
// runtime's: at most 10 redirects (then ErrTooManyRedirects), and no credentials or
// other headers, and no body without WithRedirectBodies, sent to another origin. A
// CheckRedirect of hc's own wins, and decides alone; an error it returns ends the call
// without a retry. WithResponseHeaderTimeout does not apply (hc's Transport has its own
// bounds); WithBodyStallTimeout applies only when given. A client with neither a Jar nor
// a Timeout is sent over its Transport by the runtime itself, which follows redirects
// with http.Client's rules and hc's CheckRedirect: what Do would do, without the copy
// of every request's header Do keeps for a redirect.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.httpClient = hc }
}

// WithRetryer decides after a retryable failure whether a call makes another attempt
// (default retryer.Default()). It is cloned at the start of every call that needs it;
// retryer.Never turns retries off.
func WithRetryer(r retryer.Retryer) Option {
	return func(c *Client) { c.retryer = r }
}

// WithErrorDecoder turns responses whose status is not 2xx into errors (default
// errordecoder.Default()).
func WithErrorDecoder(d errordecoder.ErrorDecoder) Option {
	return func(c *Client) { c.errorDecoder = d }
}

// WithEncoder encodes the body parameter of calls (default codec.JSON{}).
//
// The default sends a []byte or string body (Call.BodyBytes, Call.BodyString) as it
// is, never as JSON. An Encoder given here, other than codec.JSON, has the final say:
// it is handed those bodies too, as a []byte or a string, with the declared
// Content-Type in the header, and what it returns is sent; an Encoder that means to
// send them as they are handles []byte and string first, as codec.Bytes does.
func WithEncoder(e codec.Encoder) Option {
	return func(c *Client) { c.encoder = e }
}

// WithDecoder decodes 2xx response bodies into results (default codec.JSON{}).
func WithDecoder(d codec.Decoder) Option {
	return func(c *Client) { c.decoder = d }
}

// WithRequestInterceptor adds f to the functions that may change a request just before
// it is sent, such as to add an Authorization header. Interceptors run in the order they
// were added, on every attempt, each time on a fresh request: what one adds is never
// added twice. An error from f ends the call without a retry. f must be safe for
// concurrent use.
func WithRequestInterceptor(f func(*http.Request) error) Option {
	return func(c *Client) {
		if f != nil {
			c.interceptors = append(c.interceptors, f)
		}
	}
}

// WithResponseInterceptor adds f to the functions that see every attempt's response
// before the runtime acts on it, in the order they were added; f may inspect the
// response or change its header, but must not consume its body. An error from f ends
// the call without a retry, and the body is drained and closed. f must be safe for
// concurrent use.
func WithResponseInterceptor(f func(*http.Response) error) Option {
	return func(c *Client) {
		if f != nil {
			c.responseInterceptors = append(c.responseInterceptors, f)
		}
	}
}

// WithDismiss404 makes a 404 Not Found answer every call with the zero value of its
// result and a nil error, as //feign:options dismiss404=true does for one method.
func WithDismiss404() Option {
	return func(c *Client) { c.dismiss404 = true }
}

// WithMaxResponseBytes bounds every result a call reads into memory to n bytes (default
// DefaultMaxResponseBytes, 32 MiB, whose doc says why): a decoded value, a []byte or a
// string, whatever the Decoder; an Endpoint's MaxResponseBytes (//feign:options
// maxResponse=) replaces it for one method. The bound applies to the body as the
// Decoder reads it, after net/http's transparent gzip decompression, so a small
// compressed body cannot inflate past it. A larger body ends the call with an error
// wrapping ErrResponseTooLarge, without retrying it; a Content-Length over n ends it
// before anything is read. A body whose Content-Length is within n is read into one
// buffer of that size, so n is also what a server can make a call allocate up front.
//
// Stream and Response results are not bounded: their caller reads them at its own
// pace and decides what to keep. An n of 0 or less keeps the default; math.MaxInt64
// lifts the bound.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) {
		if n > 0 {
			c.maxResponse = n
		}
	}
}
