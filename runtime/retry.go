package runtime

import (
	"errors"
	"net"
	"net/http"
)

// A call is retried only when repeating it cannot do harm twice.
//
// Replayable requests (idempotent methods, //feign:idempotent endpoints, requests with an
// Idempotency-Key) are retried after any retryable failure. Other requests, POST and
// PATCH above all, are retried only when the server certainly did not act on them: the
// connection was never established, or the server said so with 429 Too Many Requests or
// 503 Service Unavailable. A 500, 502 or 504, or a connection that broke after the
// request was written, may come after the server did the work: retrying would do it
// twice (Feign retries them, and duplicates POSTs: OpenFeign issue #719).

// replayable reports whether req may be sent again after any failure.
func (c *callCore) replayable(req *http.Request) bool {
	return c.endpoint.Idempotent || req.Header.Get("Idempotency-Key") != "" || idempotent(req.Method)
}

// mayHedge reports whether the call may be sent again after any failure, before its
// first request exists: what replayable says of it, apart from an Idempotency-Key that
// an interceptor would add.
func (c *Call) mayHedge() bool {
	return c.endpoint.Idempotent || idempotent(c.method()) ||
		c.headerValue("Idempotency-Key") != "" || c.extraHeader.Get("Idempotency-Key") != ""
}

// method returns the HTTP method of the call.
func (c *callCore) method() string {
	if c.endpoint.Method == "" {
		return http.MethodGet
	}
	return c.endpoint.Method
}

// idempotent reports whether sending a request with method twice has the effect of
// sending it once.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace,
		http.MethodPut, http.MethodDelete, "QUERY":
		return true // idempotent by definition: RFC 9110 section 9.2.2, QUERY's draft
	}
	return false
}

// mayRetryTransport reports whether req may be retried after the transport error err.
func (c *callCore) mayRetryTransport(req *http.Request, err error) bool {
	return c.replayable(req) || neverSent(err)
}

// mayRetryStatus reports whether req may be retried after a retryable error decoded
// from a response with the given status.
func (c *callCore) mayRetryStatus(req *http.Request, status int) bool {
	return c.replayable(req) ||
		status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

// neverSent reports whether err happened before any byte of the request could reach a
// server: the name did not resolve, or the connection (to the server or to the proxy)
// could not be established.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect")
}
