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

// addUserAgent puts userAgent in the call's header, unless the declaration or the
// caller set one: once per call, so that every attempt's header clone carries it at no
// cost of its own. An interceptor's Header.Set still replaces it.
func (c *Call) addUserAgent() {
	if _, set := c.extraHeader["User-Agent"]; set {
		return
	}
	if _, set := c.header["User-Agent"]; set {
		return
	}
	if c.header == nil {
		c.header = make(http.Header, 1)
	}
	c.header["User-Agent"] = []string{userAgent}
}

// newRequest builds the request of one attempt. Every attempt gets its own URL, header
// and body reader, so what an interceptor, the transport or a previous attempt did to a
// request never leaks into the next one (Feign re-runs interceptors on one mutable
// template and duplicates query parameters: OpenFeign issue #2376).
//
// It runs on the call's goroutine only, one attempt after another: hedged attempts get
// their requests before they are handed to their goroutines.
func (c *Call) newRequest(ctx context.Context) (*http.Request, error) {
	// NewRequestWithContext rather than a Request literal and WithContext, which copies
	// the whole request to set its context. It parses the URL again for each attempt,
	// so every attempt has its own.
	req, err := http.NewRequestWithContext(ctx, c.method(), c.url, nil)
	if err != nil {
		return nil, redactError(err)
	}
	copyHeader(req.Header, c.header, c.extraHeader)
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

// copyHeader adds the values of the call's header and then of its CallHeaders to dst,
// an empty header, copying them all into one slice as http.Header.Clone does.
func copyHeader(dst, header, extra http.Header) {
	n := 0
	for _, values := range header {
		n += len(values)
	}
	for _, values := range extra {
		n += len(values)
	}
	if n == 0 {
		return
	}
	all := make([]string, 0, n)
	for name, values := range header {
		all = append(all, values...)
		dst[name] = all[len(all)-len(values) : len(all) : len(all)]
	}
	for name, values := range extra {
		dst[name] = append(dst[name], values...)
	}
}

// newBody is the GetBody of every request of the call: net/http calls it to send the
// body again after a redirect or on a fresh connection.
func (c *Call) newBody() (io.ReadCloser, error) {
	return newPayloadReader(c.payload), nil
}

// newPayloadReader returns a reader of the encoded body of a call; every attempt reads
// its own. It is an io.NopCloser over a *bytes.Reader, a body net/http knows to be in
// memory: it writes the headers and such a body in one go, where for any other reader
// it flushes the headers in a packet of their own first (Go issue 22088). Close does
// nothing: the payload is shared by every attempt and never freed.
func newPayloadReader(payload []byte) io.ReadCloser {
	return io.NopCloser(bytes.NewReader(payload))
}
