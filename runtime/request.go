package runtime

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
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
	u := c.unsentURL
	if u == nil {
		u = new(url.URL)
		*u = c.url // u.User is shared, but a *url.Userinfo is immutable
	}
	c.unsentURL = nil
	header := c.header.Clone()
	if header == nil {
		header = make(http.Header, len(c.extraHeader))
	}
	for name, values := range c.extraHeader {
		header[name] = append(header[name], values...)
	}
	req := &http.Request{
		Method:     c.method(),
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     header,
		Host:       u.Host,
	}
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
	return req.WithContext(ctx), nil
}

// newBody is the GetBody of every request of the call: net/http calls it to send the
// body again after a redirect or on a fresh connection.
func (c *Call) newBody() (io.ReadCloser, error) {
	return newPayloadReader(c.payload), nil
}

// payloadReader reads the encoded body of a call; every attempt reads its own.
type payloadReader struct{ bytes.Reader }

func newPayloadReader(payload []byte) *payloadReader {
	r := new(payloadReader)
	r.Reset(payload)
	return r
}

// Close does nothing: the payload is shared by every attempt and never freed.
func (*payloadReader) Close() error { return nil }
