package runtime

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// do sends the request of an attempt and follows its redirects. http.Client.Do adds to
// every request a copy of its header kept for redirects almost no call meets, and the
// bookkeeping of a deadline and a cookie jar. For a client with neither a Timeout nor a
// Jar (the runtime's own, and most given WithHTTPClient) the runtime sends over the
// client's Transport itself, and does what Do does for a redirect (follow) only when
// one comes; a client with either is sent with its Do.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	if c.transport == nil {
		return c.httpClient.Do(req)
	}
	return c.follow(req)
}

// useFollow sets what follow sends with, for hc, the client the Client sends with, when
// sending over hc's Transport is what hc.Do would do.
func (c *Client) useFollow(hc *http.Client) {
	if hc.Jar != nil || hc.Timeout != 0 {
		return
	}
	c.transport, c.redirectCheck = hc.Transport, hc.CheckRedirect
	if c.transport == nil {
		c.transport = defaultTransport{}
	}
	if c.redirectCheck == nil {
		c.redirectCheck = c.checkRedirect
	}
}

// defaultTransport sends with http.DefaultTransport as it is when a request is sent, as
// an http.Client without a Transport does.
type defaultTransport struct{}

func (defaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}

// maxRedirectDrain is how much of a redirect's body is read before it is closed, as
// http.Client reads: a short body read to its end lets the connection be reused.
const maxRedirectDrain = 2 << 10

// follow sends req over the runtime's transport, and follows redirects with the
// semantics of http.Client.Do: the same statuses (301, 302 and 303 become a GET without
// a body but for a HEAD; 307 and 308 keep the method and resend the body, when it can be
// made again), the Location resolved against the request, the first request's header
// (less the body's headers once the body is dropped), a Referer but from https to http,
// the client's CheckRedirect (or the runtime's checkRedirect) deciding each hop, and a
// *url.Error for every failure. A refused redirect returns its response, its body
// closed, with the error, as Do does; http.ErrUseLastResponse returns it unread.
func (c *Client) follow(first *http.Request) (*http.Response, error) {
	req := first
	var via []*http.Request
	keepBody, stripCredentials := true, false
	for {
		resp, err := roundTrip(c.transport, req)
		if err != nil {
			return nil, &url.Error{Op: urlErrorOp(first.Method), URL: stripPassword(req.URL), Err: err}
		}
		method, redirect, withBody := redirectBehavior(req.Method, resp, first)
		if !redirect {
			return resp, nil
		}
		keepBody = keepBody && withBody // once a hop drops the body, no later hop has one
		loc := resp.Header.Get("Location")
		if loc == "" {
			return resp, nil // a 3xx without a Location is an answer of its own
		}
		next, err := redirectRequest(first, req, resp, loc, method, keepBody, &stripCredentials)
		if err != nil {
			drainAndClose(resp.Body)
			return nil, &url.Error{Op: urlErrorOp(first.Method), URL: stripPassword(req.URL), Err: err}
		}
		via = append(via, req)
		err = c.redirectCheck(next, via)
		if err == http.ErrUseLastResponse { //nolint:errorlint // the sentinel as Do compares it
			if next.Body != nil {
				_ = next.Body.Close()
			}
			return resp, nil
		}
		if resp.ContentLength == -1 || resp.ContentLength <= maxRedirectDrain {
			_, _ = io.CopyN(io.Discard, resp.Body, maxRedirectDrain)
		}
		_ = resp.Body.Close()
		if err != nil {
			if next.Body != nil {
				_ = next.Body.Close()
			}
			return resp, &url.Error{Op: urlErrorOp(first.Method), URL: loc, Err: err}
		}
		req = next
	}
}

// redirectBehavior says whether resp, the answer to a request with method, is a redirect
// to follow, with which method, and whether the body goes along, by the rules of
// http.Client: a 307 or 308 of a request whose body cannot be made again is returned as
// the answer.
func redirectBehavior(method string, resp *http.Response, first *http.Request) (next string, redirect, withBody bool) {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
		if method != http.MethodGet && method != http.MethodHead {
			return http.MethodGet, true, false
		}
		return method, true, false
	case http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		hasBody := first.Body != nil && first.Body != http.NoBody
		return method, first.GetBody != nil || !hasBody, true
	}
	return "", false, false
}

// redirectRequest builds the request of the hop to loc that resp asked for, from the
// first request of the chain and the last one, prev. Once a hop goes to a host that is
// neither the first request's nor one of its subdomains, *stripCredentials is set and
// this hop and every later one go without credentials, as in http.Client (the runtime's
// own checkRedirect strips far more, on any change of origin).
func redirectRequest(first, prev *http.Request, resp *http.Response, loc, method string, withBody bool, stripCredentials *bool) (*http.Request, error) {
	target, err := prev.URL.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("failed to parse Location header %q: %v", loc, err)
	}
	host := ""
	if prev.Host != "" && prev.Host != prev.URL.Host {
		// A Host of the caller's own stays for a relative Location, as in http.Client.
		if u, _ := url.Parse(loc); u != nil && !u.IsAbs() {
			host = prev.Host
		}
	}
	next := (&http.Request{
		Method:     method,
		URL:        target,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     make(http.Header, len(first.Header)),
		Host:       host,
		Response:   resp,
	}).WithContext(first.Context())
	if withBody && first.GetBody != nil {
		if next.Body, err = first.GetBody(); err != nil {
			return nil, err
		}
		next.GetBody, next.ContentLength = first.GetBody, first.ContentLength
	}
	if !*stripCredentials && first.URL.Host != target.Host && !isDomainOrSubdomain(target.Hostname(), first.URL.Hostname()) {
		*stripCredentials = true
	}
	for name, values := range first.Header {
		if !withBody && isBodyHeader(name) || *stripCredentials && isCredentialHeader(name) {
			continue
		}
		next.Header[name] = values
	}
	if ref := refererFor(prev.URL, target, next.Header.Get("Referer")); ref != "" {
		next.Header.Set("Referer", ref)
	}
	return next, nil
}

// isBodyHeader reports whether name describes the body, and so is not sent once a
// redirect has dropped it.
func isBodyHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Content-Encoding", "Content-Language", "Content-Location", "Content-Type":
		return true
	}
	return false
}

// isCredentialHeader reports whether name carries credentials that http.Client does not
// send to another host.
func isCredentialHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "Www-Authenticate", "Cookie", "Cookie2", "Proxy-Authorization", "Proxy-Authenticate":
		return true
	}
	return false
}

// isDomainOrSubdomain reports whether host sub is parent or one of its subdomains, as
// http.Client decides whether credentials follow a redirect. A host that is not ASCII
// counts only when it is the same: http.Client would compare the IDNA forms, so this
// strips at least as often.
func isDomainOrSubdomain(sub, parent string) bool {
	if sub == parent {
		return true
	}
	if strings.ContainsAny(sub, ":%") || !isASCII(sub) || !isASCII(parent) {
		return false // an IPv6 address, whose zone could end like a domain
	}
	return strings.HasSuffix(sub, parent) && len(sub) > len(parent) && sub[len(sub)-len(parent)-1] == '.'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// refererFor returns the Referer of a redirected request from prev to next: the one the
// request set, or prev without its userinfo; none from https to http (RFC 9110 §10.1.3).
func refererFor(prev, next *url.URL, explicit string) string {
	if prev.Scheme == "https" && next.Scheme == "http" {
		return ""
	}
	if explicit != "" {
		return explicit
	}
	ref := *prev
	ref.User = nil
	return ref.String()
}

// roundTrip sends one request over rt, keeping what http.Client guarantees its callers:
// a URL's userinfo becomes Basic credentials unless the request has an Authorization,
// a response always has a body, and a transport that returns neither a response nor an
// error is an error.
func roundTrip(rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	if u := req.URL.User; u != nil && req.Header.Get("Authorization") == "" {
		password, _ := u.Password()
		withAuth := *req // the caller's request stays as it was
		withAuth.Header = req.Header.Clone()
		if withAuth.Header == nil {
			withAuth.Header = http.Header{}
		}
		withAuth.SetBasicAuth(u.Username(), password)
		req = &withAuth
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close() // a RoundTripper must not return both; do not leak it
		}
		if tlsErr, ok := err.(tls.RecordHeaderError); ok && string(tlsErr.RecordHeader[:]) == "HTTP/" {
			err = http.ErrSchemeMismatch
		}
		return nil, err
	}
	if resp == nil {
		return nil, fmt.Errorf("http: RoundTripper implementation (%T) returned a nil *Response with a nil error", rt)
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	return resp, nil
}

// urlErrorOp is the Op of a *url.Error for a request with method, as http.Client
// writes it: "Get", "Post".
func urlErrorOp(method string) string {
	if method == "" {
		return "Get"
	}
	return method[:1] + strings.ToLower(method[1:])
}

// stripPassword is u for an error message, its password hidden as http.Client hides it.
func stripPassword(u *url.URL) string {
	if _, set := u.User.Password(); set {
		return strings.Replace(u.String(), u.User.String()+"@", u.User.Username()+":***@", 1)
	}
	return u.String()
}
