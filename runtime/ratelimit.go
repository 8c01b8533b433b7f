package runtime

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gofeign/feign/ratelimit"
)

// ErrRateLimited is wrapped by the error of a call that WithRateLimits held back and
// that could not be sent before its deadline (or within the Governor's MaxWait): the
// server said its quota was spent until later. The error wraps a *ratelimit.LimitedError
// that says which origin and until when. It is package ratelimit's sentinel, so
// errors.Is matches either name.
var ErrRateLimited = ratelimit.ErrRateLimited

// WithRateLimits makes every call of the Client obey the rate limits its servers
// announce, all calls to an origin at once: when a response says the quota is spent
// (RateLimit and RateLimit-Policy, X-RateLimit-Remaining and X-RateLimit-Reset, or a 429
// or 503 with a Retry-After; see ratelimit.Parse), every later attempt to that origin,
// retries and other calls alike, waits for the reset before it is sent, instead of each
// meeting its own 429. An attempt whose wait would pass the call's deadline, or the
// Governor's MaxWait (30 s by default, see ratelimit.WithMaxWait), is not sent: the call
// ends at once with an error wrapping ErrRateLimited. Waits are reported to Observers as
// RateLimitWait events, and logged. A hedge is never held: when it would have to wait, it
// is not sent.
//
// The options configure the Governor; ratelimit.WithStore shares the quota between
// Clients, or with a Store such as package ratelimit/redisstore's, between processes:
// give the same Store to every Client that calls the same origin with the same
// credentials. A Store that fails does not stop calls: they are sent as if nothing were
// known, and the server's own limit still holds.
//
// It is off by default. It only ever holds a call when a server asked, so it could be on
// at no cost to a server that announces nothing; but it makes calls wait up to MaxWait
// where they used to fail at once, which a caller without a deadline should choose, and
// the Governor's count of the remaining requests is per Client unless a Store is shared,
// which only the user can know is right (one quota per credential, not per process).
//
// The Governor keeps no local rate of its own: a ceiling the client sets itself,
// whatever the server says, is a request interceptor around golang.org/x/time/rate's
// Limiter.Wait.
func WithRateLimits(opts ...ratelimit.Option) Option {
	return func(c *Client) { c.governor = ratelimit.New(opts...) }
}

// originOf returns the origin of url, an absolute URL the runtime built: its scheme and
// authority, a substring without a copy.
func originOf(url string) string {
	i := strings.Index(url, "://")
	if i < 0 {
		return url
	}
	if j := strings.IndexAny(url[i+3:], "/?#"); j >= 0 {
		return url[:i+3+j]
	}
	return url
}

// waitRateLimit waits until the Governor lets attempt a be sent; it returns the error
// that ends the call when it may not be sent in time. A hedge never waits: it returns
// errHedgeHeld instead.
func (c *callCore) waitRateLimit(a *attempt) error {
	ctx := c.ctx
	if c.observed || a.hedge {
		w := &rateCtx{Context: ctx, hedge: a.hedge}
		if c.observed {
			w.observers, w.caller = c.client.observers, c.caller
			w.event = Event{Kind: RateLimitWait, MethodKey: c.endpoint.MethodKey, Method: c.method(),
				URL: c.eventURL, Attempt: c.attempts + 1, payload: c.payload}
		}
		ctx = w
	}
	err := c.client.governor.Wait(ctx, originOf(c.url))
	switch {
	case err == nil:
		return nil
	case a.hedge && errors.Is(err, ErrRateLimited):
		return errHedgeHeld
	case errors.Is(err, ErrRateLimited):
		return err
	case c.ctx.Err() != nil:
		return c.limitErr(err)
	}
	return nil // the Store failed: send as if nothing were known
}

// errHedgeHeld is the cause of a hedge not sent because the Governor would hold it.
var errHedgeHeld = errors.New("feign: hedge held by the rate governor")

// observeLimits tells the Governor what the response of an attempt said of its quota.
func (c *callCore) observeLimits(resp *http.Response) {
	c.client.governor.Observe(c.ctx, originOf(c.url), resp.StatusCode, resp.Header) //nolint:errcheck // a failing Store does not fail the call
}

// rateCtx is the context an attempt gives the Governor when it must hear of its waits:
// to tell Observers before the call waits, or to refuse the wait of a hedge.
type rateCtx struct {
	context.Context
	hedge     bool
	observers []Observer
	caller    context.Context
	event     Event // the RateLimitWait event, but for Wait
}

// AnnounceWait implements ratelimit.WaitAnnouncer.
func (w *rateCtx) AnnounceWait(_ string, wait time.Duration) error {
	if w.hedge {
		return errHedgeHeld
	}
	e := w.event
	e.Wait = wait
	for _, o := range w.observers {
		o.Observe(w.caller, e)
	}
	return nil
}
