package runtime

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// userAgent names the library in requests whose declared headers and CallHeaders do
// not set User-Agent; net/http would send "Go-http-client/1.1".
const userAgent = "gofeign/1"

// chooseUserAgent decides, once per call, whether its requests carry userAgent: unless
// the declaration or the caller set a User-Agent. An interceptor's Header.Set still
// replaces it.
func (c *Call) chooseUserAgent() {
	_, perCall := c.extraHeader["User-Agent"]
	c.defaultUserAgent = !c.hasHeader("User-Agent") && !perCall
}

// newRequest builds the request of one attempt. Every attempt gets its own URL, header
// and body reader, so what an interceptor, the transport or a previous attempt did to a
// request never leaks into the next one (Feign re-runs interceptors on one mutable
// template and duplicates query parameters: OpenFeign issue #2376).
//
// It runs on one goroutine at a time, one attempt after another: the call's, or the
// one running a hedged round (see hedgeRound.run), which builds each attempt's request
// before handing it to the attempt's goroutine.
func (c *callCore) newRequest(ctx context.Context, buf []string) (*http.Request, error) {
	// NewRequestWithContext rather than a Request literal and WithContext, which copies
	// the whole request to set its context. Every attempt gets a URL of its own. The
	// usual call's is split on the base's parts, which New parsed once (no URL parse at
	// all); any other URL is parsed whole.
	if u, ok := c.client.baseParts.parseCallURL(c.url); ok {
		req, err := http.NewRequestWithContext(ctx, c.method(), "", nil)
		if err != nil {
			return nil, err
		}
		*req.URL, req.Host = u, u.Host
		return c.fillRequest(req, buf)
	}
	req, err := http.NewRequestWithContext(ctx, c.method(), c.url, nil)
	if err != nil {
		return nil, redactError(err)
	}
	return c.fillRequest(req, buf)
}

// fillRequest sets the header and the body of an attempt's new request.
func (c *callCore) fillRequest(req *http.Request, buf []string) (*http.Request, error) {
	c.copyHeader(req.Header, buf)
	switch {
	case c.stream != nil:
		body, err := c.stream.open()
		if err != nil {
			return nil, err
		}
		req.Body, req.ContentLength = body, c.stream.size
		if c.stream.replayable() {
			req.GetBody = c.stream.open // for redirects, and a transport's own replays
		}
	case len(c.payload) > 0:
		req.Body = newPayloadReader(c.payload)
		req.GetBody = c.getBody
		req.ContentLength = int64(len(c.payload))
	}
	return req, nil
}

// copyHeader fills dst, an attempt's empty header, with the call's header, its
// CallHeaders and the default User-Agent, copying every value into one slice, as
// http.Header.Clone does: one allocation, and no attempt shares a value slice with
// another, so what an interceptor changes stays in its request. The slice is buf when
// they fit in it: the inline first attempt of a hedged round has room for them in the
// round's state.
func (c *callCore) copyHeader(dst http.Header, buf []string) {
	n := len(c.headers())
	for _, values := range c.extraHeader {
		n += len(values)
	}
	if c.defaultUserAgent {
		n++
	}
	if n == 0 {
		return
	}
	if cap(buf) < n {
		buf = make([]string, 0, n)
	}
	all := c.setHeaders(dst, buf[:0], c.extraHeader)
	for name, values := range c.extraHeader {
		if _, declared := dst[name]; !declared {
			start := len(all)
			all = append(all, values...)
			dst[name] = all[start:len(all):len(all)]
		}
	}
	if c.defaultUserAgent {
		all = append(all, userAgent)
		dst["User-Agent"] = all[len(all)-1 : len(all) : len(all)]
	}
}

// newPayloadReader returns a reader of the encoded body of a call; every attempt reads
// its own. It is an io.NopCloser over a *bytes.Reader, a body net/http knows to be in
// memory: it writes the headers and such a body in one go, where for any other reader
// it flushes the headers in a packet of their own first (Go issue 22088). Close does
// nothing: the payload is shared by every attempt and never freed.
func newPayloadReader(payload []byte) io.ReadCloser {
	return io.NopCloser(bytes.NewReader(payload))
}
