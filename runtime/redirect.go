package runtime

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects is the number of redirects a request follows, as net/http's default
// CheckRedirect does: a longer chain is a loop or a misconfigured server.
const maxRedirects = 10

// ErrTooManyRedirects ends a call whose request was redirected maxRedirects (10) times,
// the limit of net/http's default. A redirect loop answers the same way every time, so
// the call ends at once, without a retry: retrying a loop would send ten requests per
// attempt for nothing.
var ErrTooManyRedirects = errors.New("feign: stopped after 10 redirects")

// ErrRedirectBody ends a call whose 307 or 308 redirect leads to another origin, and
// would send the request body there, unless the Client was built WithRedirectBodies.
// A body may carry what the credentials protect (a payment, a document), and the
// origin that asked for it is not the one the caller chose. The call ends without a
// retry: the server would redirect again. A 301, 302 or 303 turns the request into a
// GET without a body, as net/http does, and is followed.
var ErrRedirectBody = errors.New("feign: a 307/308 redirect to another origin would resend the request body (see runtime.WithRedirectBodies)")

// WithRedirectBodies lets a 307 or 308 redirect to another origin resend the request
// body (with its Content-Type, Content-Encoding and Content-Language, and nothing else
// of the request's headers, as for every cross-origin redirect). Without it, such a
// redirect ends the call with ErrRedirectBody. Redirects within the origin resend the
// body either way.
func WithRedirectBodies() Option {
	return func(c *Client) { c.redirectBodies = true }
}

// crossOriginHeaders are the only headers a redirected request keeps once its chain of
// redirects has left the origin of the first request; bodyHeaders are kept too when the
// body is resent.
//
// An allow-list rather than a deny-list of credentials: a request carries secrets in
// headers no list can name (X-Api-Key, X-Vendor-Signature, a tenant id, an
// Idempotency-Key, a Referer whose query holds a token), added by //feign:headers
// templates, headerMap parameters, CallHeader or interceptors. What stays is what lets
// the other origin choose a representation and nothing more. net/http only drops
// Authorization, Cookie and their proxy variants, and only when the host name changes:
// from 127.0.0.1:8080 to 127.0.0.1:9090, or from https to http on the same host, it
// sends them all.
var (
	crossOriginHeaders = [...]string{"Accept", "Accept-Language", "User-Agent"}
	bodyHeaders        = [...]string{"Content-Type", "Content-Encoding", "Content-Language"}
)

// checkRedirect is the CheckRedirect of the Client's *http.Client (the runtime's own,
// or a copy of the one given WithHTTPClient that had none). It stops after
// maxRedirects, and when the chain of redirects has left the origin (scheme, host and
// port) of the first request, it strips the new request down to crossOriginHeaders,
// and refuses to resend a body unless WithRedirectBodies was given.
//
// Once a chain has left the origin, every later hop is stripped too, a redirect back
// to the first origin included: the other origin chose that URL, and the caller's
// credentials must not make a request someone else chose.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return ErrTooManyRedirects
	}
	if !leftOrigin(req, via) {
		return nil
	}
	// net/http sets Body from GetBody for a 307 or 308 only, before calling this.
	withBody := req.Body != nil && req.Body != http.NoBody
	if withBody && !c.redirectBodies {
		return ErrRedirectBody
	}
	for name := range req.Header {
		if !keptAcrossOrigins(name, withBody) {
			delete(req.Header, name)
		}
	}
	return nil
}

// keptAcrossOrigins reports whether the header name stays on a cross-origin redirect.
func keptAcrossOrigins(name string, withBody bool) bool {
	name = http.CanonicalHeaderKey(name)
	for _, kept := range crossOriginHeaders {
		if name == kept {
			return true
		}
	}
	if withBody {
		for _, kept := range bodyHeaders {
			if name == kept {
				return true
			}
		}
	}
	return false
}

// leftOrigin reports whether req, or any request before it but the first, is not of the
// first request's origin.
func leftOrigin(req *http.Request, via []*http.Request) bool {
	first := via[0].URL
	if !sameOrigin(first, req.URL) {
		return true
	}
	for _, hop := range via[1:] {
		if !sameOrigin(first, hop.URL) {
			return true
		}
	}
	return false
}

// sameOrigin reports whether a and b have the same origin (RFC 6454): scheme, host and
// port, the port defaulted from the scheme.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

// portOf returns the port of u, or the default port of its scheme.
func portOf(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// redirectRefused reports whether err, returned by http.Client.Do together with a
// response, came from CheckRedirect: Do returns both only then. Whatever refused the
// redirect (the runtime's rules, or a CheckRedirect of the caller's own) would refuse
// it again, so the call ends without a retry.
func redirectRefused(resp *http.Response, err error) bool {
	return resp != nil && err != nil
}
