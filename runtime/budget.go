package runtime

import (
	"errors"
	"math"
	"sync/atomic"
)

// ErrBudgetExhausted is wrapped by the error of a call that the retry budget stopped:
// its last failure (an *errordecoder.HTTPError, say) is wrapped too, so errors.As still
// finds it.
var ErrBudgetExhausted = errors.New("feign: retry budget exhausted")

// Default retry budget: gRPC's recommended retry throttling.
const (
	defaultMaxTokens  = 10
	defaultTokenRatio = 0.1
)

// milli is the fixed-point scale of the budget's tokens: gRPC keeps TokenRatio to three
// decimal places, so thousandths of a token make every update exact.
const milli = 1000

// budget is the token bucket of a RetryBudget, shared by every call of a Client. Tokens
// are thousandths in one atomic integer: a failure, a success and a check are each a
// compare-and-swap or a load, never a lock, so calls on many goroutines do not queue on
// it. A nil *budget allows everything and counts nothing: WithRetryBudget(RetryBudget{}).
type budget struct {
	tokens    atomic.Int64
	max       int64 // MaxTokens in thousandths
	threshold int64 // retries and hedges need more than this: max/2
	ratio     int64 // TokenRatio in thousandths
}

// newBudget returns the bucket of cfg, full; nil when cfg turns the budget off.
func newBudget(cfg *RetryBudget) *budget {
	maxTokens, ratio := float64(defaultMaxTokens), defaultTokenRatio
	if cfg != nil {
		maxTokens, ratio = cfg.MaxTokens, cfg.TokenRatio
	}
	if !(maxTokens > 0) { // also NaN
		return nil
	}
	if !(ratio > 0) {
		ratio = defaultTokenRatio
	}
	b := &budget{
		max:   toMilli(maxTokens),
		ratio: max(toMilli(ratio), 1),
	}
	b.threshold = b.max / 2
	b.tokens.Store(b.max)
	return b
}

// toMilli converts tokens to thousandths, rounding, saturating far beyond any sane budget.
func toMilli(tokens float64) int64 {
	return int64(math.Round(min(tokens, 1e12) * milli))
}

// allow reports whether a retry or hedge may be sent now.
func (b *budget) allow() bool {
	return b == nil || b.tokens.Load() > b.threshold
}

// failure takes a token for a failed attempt, down to 0.
func (b *budget) failure() {
	if b == nil {
		return
	}
	for {
		t := b.tokens.Load()
		if t == 0 || b.tokens.CompareAndSwap(t, max(t-milli, 0)) {
			return
		}
	}
}

// success gives back TokenRatio for a successful attempt, up to MaxTokens. A full bucket,
// the steady state of a healthy service, costs a single load.
func (b *budget) success() {
	if b == nil {
		return
	}
	for {
		t := b.tokens.Load()
		if t >= b.max || b.tokens.CompareAndSwap(t, min(t+b.ratio, b.max)) {
			return
		}
	}
}
