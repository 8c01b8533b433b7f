package runtime

import (
	"net/http"
	"time"

	"github.com/gofeign/feign/internal/redact"
	"github.com/gofeign/feign/retryer"
)

// A CallOption changes one call. Methods of a declared interface accept them when their
// last parameter is ...runtime.CallOption; a nil CallOption is ignored.
type CallOption func(*Call)

// CallBaseURL sends the call to baseURL instead of the Client's base URL. baseURL must be
// what New accepts; a bad one fails the call before anything is sent.
func CallBaseURL(baseURL string) CallOption {
	return func(c *Call) {
		base, err := parseBaseURL(baseURL)
		if err != nil {
			c.fail(&ArgumentError{Param: "CallBaseURL", Reason: "base URL " + redact.URLString(baseURL), Err: err})
			return
		}
		c.base = base
	}
}

// CallTimeout bounds the whole call, every attempt and wait included, by d. It takes
// the place of the method's //feign:options timeout=; the caller's context deadline
// still applies. d <= 0 leaves the method's timeout in place.
func CallTimeout(d time.Duration) CallOption {
	return func(c *Call) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// CallHeader adds a header to every attempt of the call, after the declared headers and
// before the request interceptors run. A value with a CR, LF or another control
// character fails the call before anything is sent.
func CallHeader(name, value string) CallOption {
	return func(c *Call) {
		name = http.CanonicalHeaderKey(name)
		if !validHeaderName(name) {
			c.fail(&ArgumentError{Param: name, Reason: "CallHeader: invalid header name"})
			return
		}
		if !validHeaderValue(value) {
			c.fail(&ArgumentError{Param: name, Reason: "header " + name + " has a value with a control character (CR, LF, ...)"})
			return
		}
		if c.extraHeader == nil {
			c.extraHeader = make(http.Header, 1)
		}
		c.extraHeader[name] = append(c.extraHeader[name], value)
	}
}

// CallRetryer decides the retries of this call instead of the Client's Retryer; it is
// cloned when the call first needs it. retryer.Never turns retries off for the call.
func CallRetryer(r retryer.Retryer) CallOption {
	return func(c *Call) { c.retryer = r }
}
