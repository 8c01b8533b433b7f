package runtime

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofeign/feign/breaker"
	"github.com/gofeign/feign/codec"
	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/redact"
	"github.com/gofeign/feign/ratelimit"
	"github.com/gofeign/feign/retrybudget"
	"github.com/gofeign/feign/retryer"
)

// ErrZeroClient is the error of every call of a Client that New did not build: the
// zero Client has no base URL to send to, so its calls fail, before sending anything,
// instead of panicking (pester's zero Client panics).
var ErrZeroClient = errors.New("feign: runtime.Client not built with runtime.New")

// Client sends the calls of generated clients: it holds the base URL and the policies
// every call shares; build it with New (the zero Client's calls fail with
// ErrZeroClient). Its configuration is immutable once New returns, so it is safe for
// concurrent use; each call clones the Retryer for its own state. What calls share and
// change, the retry budget and the latencies that adaptive hedging learns from, is
// updated with atomic operations.
type Client struct {
	base                 string // scheme://authority/prefix, without a trailing '/'
	baseParts            baseParts
	httpClient           *http.Client
	transport            http.RoundTripper                                  // what do sends over; nil: httpClient.Do (see useFollow)
	redirectCheck        func(req *http.Request, via []*http.Request) error // the CheckRedirect follow asks
	retryer              retryer.Retryer
	errorDecoder         errordecoder.ErrorDecoder
	encoder              codec.Encoder
	decoder              codec.Decoder
	interceptors         []func(*http.Request) error
	responseInterceptors []func(*http.Response) error
	dismiss404           bool
	maxResponse          int64 // WithMaxResponseBytes; 0: DefaultMaxResponseBytes
	maxEvent             int   // WithMaxEventBytes; 0: stream.DefaultMaxEventBytes
	observers            []Observer
	hedging              *Hedging            // nil: no hedging
	budgetConfig         *RetryBudget        // nil: the default budget
	budget               *retrybudget.Budget // of budgetConfig; nil when turned off
	governor             *ratelimit.Governor // WithRateLimits; nil: off
	breaker              *breaker.Breaker    // WithCircuitBreaker; nil: off
	fallbacks            map[any]any         // WithFallback
	latencies            sync.Map            // *Endpoint to *latency, for a Hedging with a Percentile
	header               http.Header         // WithHeader: added to every call, canonical names
	optionErr            error               // the first option that could not be applied; New returns it

	// How the HTTP client is built (see httpClientFor).
	redirectBodies   bool          // WithRedirectBodies
	headerTimeout    time.Duration // WithResponseHeaderTimeout, if headerTimeoutSet
	headerTimeoutSet bool
	stallTimeout     time.Duration // WithBodyStallTimeout, if stallTimeoutSet
	stallTimeoutSet  bool
}

// New returns a Client for the API at baseURL, an absolute http or https URL that may
// carry a path prefix.
//
// baseURL must have a host and no query or fragment; a trailing '/' of its path is
// dropped, because generated paths start with '/'. Options left out, or given a nil
// value, mean the defaults: the runtime's own HTTP client (see below),
// retryer.Default(), errordecoder.Default() and codec.JSON{} both ways.
//
// The runtime's HTTP client is never the shared, mutable http.DefaultClient, which any
// package may change (a Timeout, a Transport, a CheckRedirect of its own). Its
// transport is a clone of http.DefaultTransport, so proxies from the environment,
// HTTP/2, the dial and TLS timeouts and connection reuse work as usual, shared by the
// Clients of the process like http.DefaultTransport; it bounds the wait for response
// headers (WithResponseHeaderTimeout) and for a stalled body (WithBodyStallTimeout), and
// its redirects never carry credentials to another origin (see WithRedirectBodies).
// Client.CloseIdleConnections closes its idle connections.
func New(baseURL string, opts ...Option) (*Client, error) {
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("feign: base URL %q: %w", redact.URLString(baseURL), err)
	}
	c := &Client{base: base, baseParts: newBaseParts(base)}
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	if c.optionErr != nil {
		return nil, c.optionErr
	}
	c.setDefaults()
	if c.hedging != nil {
		if err := c.hedging.validate(); err != nil {
			return nil, err
		}
	}
	if c.budget, err = newBudget(c.budgetConfig); err != nil {
		return nil, err
	}
	return c, nil
}

// setDefaults fills every policy an option left nil.
func (c *Client) setDefaults() {
	c.httpClient = c.httpClientFor(c.httpClient)
	if c.retryer == nil {
		c.retryer = retryer.Default()
	}
	if c.errorDecoder == nil {
		c.errorDecoder = errordecoder.Default()
	}
	if c.encoder == nil {
		c.encoder = codec.JSON{}
	}
	if c.decoder == nil {
		c.decoder = codec.JSON{}
	}
}

// parseBaseURL checks baseURL and returns it in the form calls append their paths to.
func parseBaseURL(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err // the URL is already in the caller's message, redacted
		}
		return "", err
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("not an absolute http or https URL")
	case u.Host == "" || u.Hostname() == "":
		return "", errors.New("no host")
	case u.RawQuery != "" || u.ForceQuery:
		return "", errors.New("a base URL cannot have a query")
	case u.Fragment != "" || strings.Contains(baseURL, "#"):
		return "", errors.New("a base URL cannot have a fragment")
	}
	u.Host = strings.TrimSuffix(u.Host, ":") // "host:" means the default port, as in net/http
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	return u.String(), nil
}
