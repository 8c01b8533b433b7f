package retryer

import "time"

// Jitter spreads the waits of clients that failed together, so they do not all come back
// at the same instant (AWS measured that full jitter halves the work of 100 contending
// clients). It applies to the exponential backoff, never to a Retry-After.
type Jitter int

const (
	// NoJitter waits exactly the backoff, as Feign does. It is New's default.
	NoJitter Jitter = iota
	// FullJitter waits a uniformly random time in [0, backoff].
	FullJitter
	// EqualJitter waits half the backoff plus a uniformly random time in [0, backoff/2].
	EqualJitter
)

// defaultMaxRetryAfter bounds how long a server may make a call wait.
const defaultMaxRetryAfter = 30 * time.Second

// Option configures the Retryer built by New.
type Option func(*config)

// WithJitter sets how the backoff is randomised (default NoJitter). An unknown Jitter
// value means NoJitter.
func WithJitter(j Jitter) Option {
	return func(c *config) { c.jitter = j }
}

// WithMaxRetryAfter sets the longest wait a server may ask for with Retry-After (default
// 30s). When it asks for more, ContinueOrPropagate returns an error wrapping
// ErrRetryAfterTooLong at once rather than wait. d <= 0 keeps the default.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.maxRetryAfter = d
		}
	}
}
