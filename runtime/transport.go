package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The bounds of the runtime's own HTTP client, for calls whose context has no deadline:
// without them, a server that accepts a connection and never answers, or that stops
// sending a body halfway, holds the call, its goroutine and its connection forever.
//
// Both are 60 seconds: the idle timeout of the proxies most servers sit behind (nginx's
// proxy_read_timeout, the idle timeout of AWS's and Google Cloud's load balancers), which
// would cut a silence that long anyway. A legitimate response is very rarely slower to
// start, or silent longer in the middle, than the infrastructure in front of its server
// allows; a hung server now costs a minute instead of forever. Neither bounds the total
// time of a healthy call: a large download that keeps making progress takes as long as
// it needs (bound it with a timeout: //feign:options timeout=, CallTimeout, or the
// context).
const (
	DefaultResponseHeaderTimeout = 60 * time.Second
	DefaultBodyStallTimeout      = 60 * time.Second
)

// ErrBodyStalled is the error of a response body read that made no progress for the
// body stall timeout (WithBodyStallTimeout): the read fails, the attempt's request is
// cancelled and its connection closed. A 2xx body that stalls while the runtime decodes
// it is retried like a broken connection, when the call may be retried.
var ErrBodyStalled = errors.New("feign: response body stalled")

// WithResponseHeaderTimeout bounds the wait for the response headers of each request the
// runtime's own HTTP client sends, from the end of writing the request (its body
// included) until the whole header block has arrived, so a server trickling its headers
// a byte at a time is cut off too; the default is DefaultResponseHeaderTimeout. d <= 0
// turns the bound off. An attempt that passes it fails like a broken connection: it is
// retried if the request may be sent again after being processed (a GET, a PUT, an
// idempotent method), never for a plain POST.
//
// It sets http.Transport.ResponseHeaderTimeout of the runtime's transport, and is
// ignored with WithHTTPClient: the Transport given decides (set its
// ResponseHeaderTimeout). For a bound on the whole attempt, whatever the client, see
// //feign:options attemptTimeout=.
func WithResponseHeaderTimeout(d time.Duration) Option {
	return func(c *Client) { c.headerTimeout, c.headerTimeoutSet = d, true }
}

// WithBodyStallTimeout bounds how long a read of a response body may wait without
// receiving a byte: a read that makes no progress for d fails with ErrBodyStalled and
// cancels its request. It bounds stalls, not the total time: a slow body that keeps
// sending is read to its end. Time the reader spends between reads (decoding, or a
// Stream's consumer at work) does not count. The default is DefaultBodyStallTimeout for
// the runtime's own HTTP client; d <= 0 turns the bound off.
//
// With WithHTTPClient, the bound applies only when this option is given: it then wraps
// the Transport of the runtime's copy of that client (the caller's client itself is not
// changed). The bound works by cancelling the request's context, which every
// RoundTripper of net/http honours.
func WithBodyStallTimeout(d time.Duration) Option {
	return func(c *Client) { c.stallTimeout, c.stallTimeoutSet = d, true }
}

// CloseIdleConnections closes the idle connections of the Client's HTTP client, as
// http.Client.CloseIdleConnections does. The runtime's own transport is shared by every
// Client with the same response header timeout (as http.DefaultTransport is shared), so
// this closes the idle connections of those Clients too; they open new ones when
// needed.
func (c *Client) CloseIdleConnections() {
	if c.httpClient != nil {
		c.httpClient.CloseIdleConnections()
	}
}

// httpClientFor returns the *http.Client the Client sends with: a new one over the
// runtime's shared transport, or a shallow copy of user (its Transport, Jar and Timeout
// shared) with the runtime's CheckRedirect when user has none. A CheckRedirect of the
// caller's own wins: it decides alone which redirects are followed and with which
// headers.
func (c *Client) httpClientFor(user *http.Client) *http.Client {
	if user == nil {
		hc := &http.Client{Transport: sharedTransport(c.responseHeaderTimeout()), CheckRedirect: c.checkRedirect}
		stall := DefaultBodyStallTimeout
		if c.stallTimeoutSet {
			stall = c.stallTimeout
		}
		if stall > 0 {
			hc.Transport = &stallGuard{next: hc.Transport, timeout: stall}
		}
		c.useFollow(hc)
		return hc
	}
	hc := *user
	if hc.CheckRedirect == nil {
		hc.CheckRedirect = c.checkRedirect
	}
	if c.stallTimeoutSet && c.stallTimeout > 0 {
		next := hc.Transport
		if next == nil {
			next = http.DefaultTransport // what user would have sent with
		}
		hc.Transport = &stallGuard{next: next, timeout: c.stallTimeout}
	}
	c.useFollow(&hc)
	return &hc
}

// responseHeaderTimeout returns the response header timeout in effect, 0 for none.
func (c *Client) responseHeaderTimeout() time.Duration {
	if !c.headerTimeoutSet {
		return DefaultResponseHeaderTimeout
	}
	return max(c.headerTimeout, 0)
}

// transports holds the runtime's transports, one per response header timeout: Clients
// share connection pools as users of http.DefaultTransport do, so that building a Client
// per request (a generated constructor in a handler) does not leave a pool of idle
// connections behind each time. Nothing outside the package can reach, and so change,
// them.
var transports sync.Map // time.Duration to *http.Transport

// sharedTransport returns the runtime's transport for a response header timeout.
func sharedTransport(headerTimeout time.Duration) *http.Transport {
	if t, ok := transports.Load(headerTimeout); ok {
		return t.(*http.Transport)
	}
	t, _ := transports.LoadOrStore(headerTimeout, newTransport(headerTimeout))
	return t.(*http.Transport)
}

// newTransport returns a clone of http.DefaultTransport, which keeps what users rely on
// in it (proxies from the environment, HTTP/2, the dial, keep-alive and TLS handshake
// timeouts, idle connection reuse) with the response header timeout set. If another
// package replaced http.DefaultTransport with a RoundTripper of its own, it starts
// from net/http's documented defaults instead.
func newTransport(headerTimeout time.Duration) *http.Transport {
	var t *http.Transport
	if def, ok := http.DefaultTransport.(*http.Transport); ok {
		t = def.Clone()
	} else {
		dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		t = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: 1 * time.Second,
		}
	}
	t.ResponseHeaderTimeout = headerTimeout
	return t
}

// stallGuard is a RoundTripper that fails a response body read making no progress for
// timeout, by cancelling the request's context: the transport then closes the
// connection (HTTP/1) or resets the stream (HTTP/2), and the read returns.
type stallGuard struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (g *stallGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	resp, err := g.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel(nil)
		return resp, err
	}
	resp.Body = &stallBody{body: resp.Body, timeout: g.timeout, cancel: cancel}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the transport it wraps.
func (g *stallGuard) CloseIdleConnections() {
	if t, ok := g.next.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// stallBody is a response body whose every Read is bounded by timeout. Reads come one
// at a time, as for any io.Reader; Close may come from another goroutine.
type stallBody struct {
	body    io.ReadCloser
	timeout time.Duration
	cancel  context.CancelCauseFunc // of the request's context; cancelled by Close too
	timer   *time.Timer             // armed during a Read; nil before the first
	stalled atomic.Bool
}

func (b *stallBody) Read(p []byte) (int, error) {
	if b.stalled.Load() {
		return 0, b.stallErr()
	}
	if b.timer == nil {
		b.timer = time.AfterFunc(b.timeout, b.fire)
	} else {
		b.timer.Reset(b.timeout)
	}
	n, err := b.body.Read(p)
	b.timer.Stop()
	if err != nil && b.stalled.Load() {
		return n, b.stallErr()
	}
	return n, err
}

// fire cancels the request of a read that waited timeout for nothing.
func (b *stallBody) fire() {
	b.stalled.Store(true)
	b.cancel(ErrBodyStalled)
}

func (b *stallBody) stallErr() error {
	return fmt.Errorf("%w: no byte received for %v", ErrBodyStalled, b.timeout)
}

// Close closes the body and releases the request's context.
func (b *stallBody) Close() error {
	err := b.body.Close()
	b.cancel(nil)
	return err
}
