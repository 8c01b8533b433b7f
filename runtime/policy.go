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
// A hedge needs a first attempt it can cancel: the call waits for its first attempt to
// end, so a first attempt whose transport never watches its context could not be cut
// short by a winning hedge. With a Delay, the delay therefore starts when the transport
// first watches the attempt's context (as every net/http transport does when it sends
// the request), and a RoundTripper that ignores it, such as an in-memory fake, is
// never hedged.
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

// RetryBudget limits the retries and hedges of a Client to a share of its calls, with a
// floor (Finagle's retry budget, package retrybudget): over a sliding Window, retries and
// hedges together may number at most
//
//	max(Ratio · calls in the window, MinPerSecond · Window)
//
// so a full outage does not multiply the load by the Retryer's attempt count (a busy
// client makes about 1 + Ratio attempts a call), while a quiet client keeps every retry
// it needs: with the default, a client making one call a second is never refused one. A
// refused retry ends the call with an error wrapping ErrBudgetExhausted and the last
// failure; a refused hedge just is not sent.
//
// Every call counts once, when it starts, whatever its outcome; every retry and every
// hedge counts once, when it is about to be sent, whatever made the client send it: a
// retry after a refused connection or a timeout costs what one after a 503 costs. The
// budget bounds load; it does not judge health (see WithCircuitBreaker).
//
// The default is RetryBudget{Ratio: 0.1, MinPerSecond: 10, Window: 10 * time.Second}.
// The zero RetryBudget turns the budget off: retries are limited by the Retryer alone.
// In any other RetryBudget a field left at zero takes its default, a negative Ratio
// means the floor alone and a negative MinPerSecond no floor; New fails for a Window
// that is negative or shorter than 100ms, and for a Ratio or MinPerSecond that is not a
// finite number (see package retrybudget).
type RetryBudget struct {
	Ratio        float64       // retries and hedges may add this share of the calls in Window (default 0.1)
	MinPerSecond float64       // and always this many per second, so quiet clients keep their retries (default 10)
	Window       time.Duration // the sliding window the ratio is counted over (default 10s)
}

// WithHedging sends concurrent attempts as h says, for calls that may be retried and
// whose Endpoint does not say hedge=false. New fails if h is not valid.
func WithHedging(h Hedging) Option {
	return func(c *Client) { c.hedging = &h }
}

// WithRetryBudget replaces the default retry budget (Ratio 0.1, MinPerSecond 10, Window
// 10s); WithRetryBudget(RetryBudget{}) turns it off. New fails if b is not valid.
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
