package runtime

import "time"

// Hedging sends concurrent attempts of calls that may be retried, to cut the tail of
// their latency: when an attempt has not answered after Delay, another is sent, and the
// first acceptable result wins.
type Hedging struct {
	Delay       time.Duration // before each extra attempt; 0 sends all attempts at once
	MaxAttempts int           // attempts in flight at most, the first included (2..5)
	Percentile  float64       // if > 0: Delay adapts to this percentile of observed latency per method
}

// RetryBudget limits retries and hedges with gRPC's retry throttling: a token bucket
// per Client that a failed attempt drains by 1 and a successful one refills by
// TokenRatio; retries and hedges stop while it holds MaxTokens/2 or less, so a full
// outage does not multiply the load by the attempt count.
type RetryBudget struct {
	MaxTokens  float64 // a failed attempt costs 1; retries and hedges stop at or below MaxTokens/2
	TokenRatio float64 // a success gives back TokenRatio
}

// WithHedging sends concurrent attempts as h says, for calls that may be retried and
// whose Endpoint does not say hedge=false.
func WithHedging(h Hedging) Option {
	return func(c *Client) { c.hedging = &h }
}

// WithRetryBudget replaces the default retry budget (MaxTokens 10, TokenRatio 0.1).
func WithRetryBudget(b RetryBudget) Option {
	return func(c *Client) { c.budgetConfig = &b }
}
