package runtime

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gofeign/feign/breaker"
)

// ErrCircuitOpen is wrapped by the error of a call that WithCircuitBreaker refused
// without sending it: the circuit of its endpoint and origin is open, or half-open with
// all its probes out. The error wraps a *breaker.OpenError that says which circuit and
// until when. It is package breaker's sentinel, so errors.Is matches either name.
var ErrCircuitOpen = breaker.ErrCircuitOpen

// WithCircuitBreaker gives the Client a circuit breaker, one circuit per endpoint
// (MethodKey) and origin, configured by cfg (package breaker: the zero Config opens a
// circuit for 5 s when half the calls of 20 or more in 10 s failed, then lets 3 probes
// decide). New fails if cfg is not valid.
//
// Every attempt asks its circuit first and reports its outcome after: a failure is a
// retryable one (a 5xx, a 429, a transport error or an attempt timeout), with its
// Retry-After, which keeps the circuit open until then; any other answer, a 404 say, is a
// success, since it says the request was wrong, not the server. An attempt cancelled
// because another won or the call ended reports nothing. An attempt the circuit refuses
// is not sent: the call ends at once with an error wrapping ErrCircuitOpen, which
// the interface's fallback answers when one was given (With…Fallback, generated for each interface); a refused hedge is just
// not sent. Each probe of a half-open circuit draws on the retry budget like a retry,
// so that a fleet of clients does not probe a sick server with every call; when the
// budget refuses, the probe is given back and the call refused as by an open circuit.
//
// It is off by default: whether failing fast beats waiting depends on what the caller
// does instead, which only a fallback or the caller knows.
func WithCircuitBreaker(cfg breaker.Config) Option {
	return func(c *Client) {
		b, err := breaker.New(cfg)
		if err != nil {
			if c.optionErr == nil {
				c.optionErr = fmt.Errorf("feign: WithCircuitBreaker: %w", err)
			}
			return
		}
		c.breaker = b
	}
}

// WithFallback keeps impl under key in the Client, for the generated constructor of an
// interface to find with Client.Fallback: it is what the generated With…Fallback
// options call, with a key type of their own; call those instead.
func WithFallback(key, impl any) Option {
	return func(c *Client) {
		if c.fallbacks == nil {
			c.fallbacks = map[any]any{}
		}
		c.fallbacks[key] = impl
	}
}

// Fallback returns what WithFallback kept under key, or nil.
func (c *Client) Fallback(key any) any { return c.fallbacks[key] }

// FallsBack reports whether a call that ended with err is one a fallback answers: one
// refused, without being sent, by an open circuit (errors.Is ErrCircuitOpen). Other
// failures, a 503 or ErrRateLimited among them, stay the caller's: the server answered,
// or said when to come back.
func FallsBack(err error) bool { return err != nil && errors.Is(err, ErrCircuitOpen) }

// circuitKey is the key of the call's circuit: its endpoint and origin.
func (c *callCore) circuitKey() string {
	return c.endpoint.MethodKey + " " + originOf(c.url)
}

// allowAttempt asks the circuit whether attempt a may be sent, keeping its permit in a.
// It returns the refusal, which ends the call (or, for a hedge, means it is not sent).
func (c *callCore) allowAttempt(a *attempt) error {
	key := c.circuitKey()
	p, err := c.client.breaker.Allow(key)
	if err == nil && p.Probe && !c.client.budget.TryWithdraw() {
		p.Cancel()
		err = fmt.Errorf("%w: a probe of the half-open circuit: %w", ErrBudgetExhausted, &breaker.OpenError{Key: key})
	}
	if err != nil {
		if c.observed {
			c.observe(Event{Kind: CircuitOpen, Attempt: c.attempts + 1, Hedge: a.hedge, Err: err})
		}
		return err
	}
	a.permit, a.permitted = p, true
	return nil
}

// reportAttempt reports the outcome of attempt a, once exchange classified it, to its
// circuit: err is the transport's error, if any.
func (c *callCore) reportAttempt(a *attempt, err error) {
	if !a.permitted {
		return
	}
	a.permitted = false
	switch {
	case err != nil && a.ctx.Err() != nil && context.Cause(a.ctx) != ErrAttemptTimeout:
		a.permit.Cancel() // another attempt won, or the call ended: it says nothing
	case err != nil:
		a.permit.Failure(time.Time{})
	default:
		if f := retryableIn(a.err); f != nil {
			a.permit.Failure(f.RetryAfter)
			return
		}
		a.permit.Success()
	}
}

// cancelPermit gives back the permit of an attempt that was not sent after all.
func (a *attempt) cancelPermit() {
	if a.permitted {
		a.permitted = false
		a.permit.Cancel()
	}
}

// admit asks the circuit breaker and the rate governor, if the Client has them, whether
// attempt a may be sent: the circuit first, since its refusal costs nothing, then the
// governor, which may wait. It returns the error that ends the call when a may not be
// sent; a's permit, if any, is then given back.
func (c *callCore) admit(a *attempt) error {
	if c.client.breaker != nil && !a.hedge { // a hedge asked in hedgeRound.hedge
		if err := c.allowAttempt(a); err != nil {
			return err
		}
	}
	if c.client.governor != nil && !a.hedge { // a hedge asked in hedgeRound.hedge
		if err := c.waitRateLimit(a); err != nil {
			a.cancelPermit()
			return err
		}
	}
	return nil
}
