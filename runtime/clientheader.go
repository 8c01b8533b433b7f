package runtime

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrInvalidHeader is what New returns, wrapped with the name of the header, when a
// WithHeader option is given a header that cannot be sent: errors.Is finds it.
var ErrInvalidHeader = errors.New("feign: invalid header")

// WithHeader adds the header name: value to every attempt of every call of the Client,
// such as an API key or a tenant: WithHeader("Authorization", "Bearer "+token). The name
// is canonicalised (x-api-key becomes X-Api-Key). Its values come before the method's
// declared ones and the CallHeaders of a call, which add to them; a declared
// Content-Type replaces it, and a User-Agent given here replaces the runtime's own.
// Request interceptors run after, and may change or remove it.
//
// A name that is no RFC 9110 token, a header the transport sets (Host,
// Content-Length, Transfer-Encoding, Connection), or a value with a CR, LF or another
// control character makes New fail with an error wrapping ErrInvalidHeader; the value
// is never part of the message, since headers carry secrets. Logging redacts
// Authorization and the other secret headers as it does for every call.
func WithHeader(name, value string) Option {
	return func(c *Client) {
		canonical := http.CanonicalHeaderKey(name)
		var err error
		switch {
		case !validHeaderName(canonical):
			err = fmt.Errorf("%w: WithHeader: %q is no valid header name", ErrInvalidHeader, name)
		case transportHeader(canonical):
			err = fmt.Errorf("%w: WithHeader: %s is set by the HTTP transport", ErrInvalidHeader, canonical)
		case !validHeaderValue(value):
			err = fmt.Errorf("%w: WithHeader: the value of %s has a control character (CR, LF, ...)", ErrInvalidHeader, canonical)
		}
		if err != nil {
			if c.optionErr == nil {
				c.optionErr = err
			}
			return
		}
		if c.header == nil {
			c.header = make(http.Header, 1)
		}
		c.header[canonical] = append(c.header[canonical], value)
	}
}

// transportHeader reports whether the HTTP transport writes the header itself, from
// the request rather than its Header, so that a value given for it would be lost.
func transportHeader(canonical string) bool {
	switch canonical {
	case "Host", "Content-Length", "Transfer-Encoding", "Connection":
		return true
	}
	return false
}

// addClientHeaders adds the Client's WithHeader values to a new call, before anything
// else: the declared headers and CallHeaders add to them.
func (c *Call) addClientHeaders() {
	for name, values := range c.client.header {
		for _, v := range values {
			c.addHeader(name, v)
		}
	}
}
