package runtime

import (
	"fmt"
	"time"
)

// Hedging sends concurrent attempts of calls that may be retried, to cut the tail of
// their latency ("The Tail at Scale", Dean and Barroso 2013): when an attempt has not
// answered after Delay, another is sent, and the first acceptable result wins.
//
// Only calls that may be retried after any failure are hedged: GET, HEAD, OPTIONS,
// TRACE, PUT, DELETE and QUERY, //feign:idempotent methods and calls carrying an
// Idempotency-Key header (declared or given with CallHeader), and never a call with a
// streamed body (BodyReader), whose attempts could not each read the body, nor one whose
// Endpoint says hedge=false or retry=false.
//
// A round of attempts ends with the first acceptable result: a 2xx, or an error that no
// retry could fix (a 404, say). A retryable failure (a 503, a reset connection) never
// wins while another attempt of the round is in flight: it sends the next attempt at
// once instead of waiting for Delay, unless it carries a Retry-After that has not
// passed: the server asked for a pause, so the round sends no more attempts, and if it
// ends without a result the Retryer waits at least until the latest Retry-After of the
// round. The losers are cancelled, and their bodies drained
// (at most 64 KiB) and closed before the call returns, so no goroutine outlives it; the
// winner's body stays readable until the caller closes it. When every attempt of a round
// failed retryably, the Retryer decides as for a call without hedging: it may wait and
// start a new round. Every extra attempt draws on the retry budget like a retry.
//
// New rejects a Hedging it cannot honour: MaxAttempts outside 2..5 (0 means 2), a
// negative Delay, or a Percentile outside [0, 100).
type Hedging struct {
	// Delay is the wait before each extra attempt; 0 sends all attempts at once. With a
	// Percentile, it is the delay used until enough latencies are known (see Percentile).
	Delay time.Duration
	// MaxAttempts is the number of attempts of a round, the first included (2..5; 0
	// means 2). They are all in flight at once at most.
	MaxAttempts int
	// Percentile, if > 0, makes the delay adapt: it is the Percentile-th percentile of the
	// latencies observed for the method (95 means p95), so about 100-Percentile % of calls
	// are hedged. Until 100 latencies of the method are known, Delay is used, and a zero
	// Delay means no hedging during that warm-up.
	Percentile float64
}

// RetryBudget limits retries and hedges with gRPC's retry throttling: a token bucket
// per Client, full at the start, that a failed attempt drains by 1 (down to 0) and a
// successful one refills by TokenRatio (up to MaxTokens). Retries and hedges are sent
// only while it holds more than MaxTokens/2, so a full outage does not multiply the load
// by the attempt count: with the default budget, about 1 call in 10 after the first few
// makes a second attempt at most. A refused retry ends the call with an error wrapping
// ErrBudgetExhausted and the last failure; a refused hedge just is not sent.
//
// The default is RetryBudget{MaxTokens: 10, TokenRatio: 0.1}. The zero RetryBudget turns
// the budget off (MaxTokens <= 0): retries are limited by the Retryer alone. A TokenRatio
// <= 0 means 0.1. Tokens are kept to a thousandth.
//
// A failed attempt is one with a retryable failure (an *errordecoder.RetryableError, or
// a transport error); a successful one, one whose response is accepted and has a status
// below 500. Attempts cancelled because another won, or because the call ended, count
// for nothing.
type RetryBudget struct {
	MaxTokens  float64 // a failed attempt costs 1; retries and hedges stop at or below MaxTokens/2
	TokenRatio float64 // a success gives back TokenRatio
}

// WithHedging sends concurrent attempts as h says, for calls that may be retried and
// whose Endpoint does not say hedge=false. New fails if h is not valid.
func WithHedging(h Hedging) Option {
	return func(c *Client) { c.hedging = &h }
}

// WithRetryBudget replaces the default retry budget (MaxTokens 10, TokenRatio 0.1);
// WithRetryBudget(RetryBudget{}) turns it off.
func WithRetryBudget(b RetryBudget) Option {
	return func(c *Client) { c.budgetConfig = &b }
}

// maxHedgedAttempts bounds Hedging.MaxAttempts: beyond 5 concurrent copies, a hedge
// adds load faster than it removes tail latency.
const maxHedgedAttempts = 5

// validate checks h and fills its defaults.
func (h *Hedging) validate() error {
	if h.MaxAttempts == 0 {
		h.MaxAttempts = 2
	}
	switch {
	case h.MaxAttempts < 2 || h.MaxAttempts > maxHedgedAttempts:
		return fmt.Errorf("feign: Hedging.MaxAttempts %d is not in 2..%d", h.MaxAttempts, maxHedgedAttempts)
	case h.Delay < 0:
		return fmt.Errorf("feign: Hedging.Delay %v is negative", h.Delay)
	case !(h.Percentile >= 0 && h.Percentile < 100): // also NaN
		return fmt.Errorf("feign: Hedging.Percentile %v is not in [0, 100)", h.Percentile)
	}
	return nil
}
