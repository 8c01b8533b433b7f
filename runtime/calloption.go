package runtime

import (
	"context"
	"net/http"
	"time"

	"github.com/gofeign/feign/internal/redact"
	"github.com/gofeign/feign/retryer"
)

// A CallOption changes one call. Methods of a declared interface accept them when their
// last parameter is ...runtime.CallOption, and every call takes them from its context
// (see ContextWithCallOptions); a nil CallOption is ignored.
type CallOption func(*Call)

// callOptionsKey is the context key of the CallOptions of ContextWithCallOptions.
type callOptionsKey struct{}

// ContextWithCallOptions returns a copy of ctx that carries opts, after any ctx already
// carries: every call made with it, or with a context derived from it, applies them,
// whether or not its method declares ...runtime.CallOption. It is how per-call options
// reach methods that do not declare them, or travel through code that only passes a
// context along, as gRPC's outgoing metadata does.
//
// The options of the context apply first and the call's explicit CallOptions after
// them: where both set one thing (a base URL, a timeout, a Retryer) the explicit one
// wins, and a header given both ways is sent with both values.
func ContextWithCallOptions(ctx context.Context, opts ...CallOption) context.Context {
	if len(opts) == 0 {
		return ctx
	}
	prev, _ := ctx.Value(callOptionsKey{}).([]CallOption)
	all := make([]CallOption, 0, len(prev)+len(opts))
	all = append(append(all, prev...), opts...) // never shared with the parent's slice
	return context.WithValue(ctx, callOptionsKey{}, all)
}

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
