package retryer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gofeign/feign/errordecoder"
)

// ErrRetryAfterTooLong is wrapped by the error ContinueOrPropagate returns when the
// server's Retry-After asks for a longer wait than the Retryer's MaxRetryAfter.
var ErrRetryAfterTooLong = errors.New("retry-after longer than the retryer allows")

var errNilRetryable = errors.New("retryer: nil *errordecoder.RetryableError")

// config is shared, never modified, by a Retryer and all its clones.
type config struct {
	period, maxPeriod time.Duration
	maxAttempts       int
	jitter            Jitter
	maxRetryAfter     time.Duration
}

// backoff is the Retryer built by New: Feign's Retryer.Default with jitter, a Retry-After
// floor and cap, and a context.
type backoff struct {
	*config
	attempt int // the attempt that just failed, from 1
}

// Default returns the Retryer a Client uses when none is given: Feign's schedule with
// full jitter, New(100*time.Millisecond, time.Second, 5, WithJitter(FullJitter)).
func Default() Retryer {
	return New(100*time.Millisecond, time.Second, 5, WithJitter(FullJitter))
}

// New returns a Retryer that makes at most maxAttempts attempts, the first included, and
// waits Feign's exponential backoff min(period·1.5ⁿ, maxPeriod) before retry n = 1, 2, …:
// New(100*time.Millisecond, time.Second, 5) waits 150, 225, 337 and 506 ms, and the fifth
// call to ContinueOrPropagate returns the error. When period is at least a millisecond
// the backoff is truncated to whole milliseconds, as Feign computes it in milliseconds.
//
// Jitter, if set with WithJitter, randomises the backoff. A Retry-After is a floor: the
// wait is never shorter than the server asked, but a server asking for more than
// MaxRetryAfter (WithMaxRetryAfter, default 30s) ends the call at once.
//
// New does not panic on bad arguments; it normalises them: maxAttempts below 1 becomes 1
// (never retry), a negative duration becomes 0, and a maxPeriod below period becomes
// period.
func New(period, maxPeriod time.Duration, maxAttempts int, opts ...Option) Retryer {
	c := &config{
		period:        max(period, 0),
		maxPeriod:     max(maxPeriod, period, 0),
		maxAttempts:   max(maxAttempts, 1),
		maxRetryAfter: defaultMaxRetryAfter,
	}
	for _, opt := range opts {
		opt(c)
	}
	return &backoff{config: c, attempt: 1}
}

// Clone returns a Retryer with the same configuration and no attempt made yet. It only
// reads the configuration, which nothing modifies, so it is safe for concurrent use.
func (b *backoff) Clone() Retryer {
	return &backoff{config: b.config, attempt: 1}
}

// ContinueOrPropagate returns err itself once maxAttempts attempts have been made.
// Otherwise it waits the larger of the jittered backoff and the time until
// err.RetryAfter, then returns nil. It returns at once, without waiting, an error
// wrapping ErrRetryAfterTooLong and err when the server asked for more than
// MaxRetryAfter, and one wrapping context.DeadlineExceeded and err when the wait would
// end after ctx's deadline, and one wrapping the refusal and err when the function of
// OnWait refuses the wait. When ctx is done during the wait it returns an error wrapping
// ctx.Err() and err.
func (b *backoff) ContinueOrPropagate(ctx context.Context, err *errordecoder.RetryableError) error {
	if err == nil {
		return errNilRetryable
	}
	if b.attempt >= b.maxAttempts {
		return err
	}
	b.attempt++

	wait := b.jitter.apply(b.interval())
	if !err.RetryAfter.IsZero() {
		// A Retry-After in the past leaves the backoff: never a zero-wait hot loop.
		asked := time.Until(err.RetryAfter)
		if asked > b.maxRetryAfter {
			return fmt.Errorf("retryer: server asked to wait %v, longer than %v: %w: %w",
				asked.Round(time.Millisecond), b.maxRetryAfter, ErrRetryAfterTooLong, err)
		}
		wait = max(wait, asked)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("retryer: %w before the next attempt: %w", ctxErr, err)
	}
	if deadline, ok := ctx.Deadline(); ok && !time.Now().Add(wait).Before(deadline) {
		return fmt.Errorf("retryer: waiting %v for the next attempt would pass the context deadline: %w: %w",
			wait, context.DeadlineExceeded, err)
	}
	if refusal := AnnounceWait(ctx, wait); refusal != nil {
		return fmt.Errorf("retryer: the wait of %v before the next attempt was refused: %w: %w", wait, refusal, err)
	}
	return sleep(ctx, wait, err)
}

// interval is Feign's backoff before the attempt b.attempt:
// min(period·1.5^(attempt-1), maxPeriod).
func (b *backoff) interval() time.Duration {
	d := float64(b.period) * math.Pow(1.5, float64(b.attempt-1))
	if d >= float64(b.maxPeriod) { // also catches +Inf, before a conversion could overflow
		return b.maxPeriod
	}
	interval := time.Duration(d)
	if b.period >= time.Millisecond {
		interval = interval.Truncate(time.Millisecond)
	}
	return interval
}

// apply randomises a backoff. math/rand/v2's top-level functions are safe for concurrent
// use, unlike the shared *rand.Rand that gave pester a data race.
func (j Jitter) apply(backoff time.Duration) time.Duration {
	if backoff <= 0 {
		return 0
	}
	switch j {
	case FullJitter:
		return randUpTo(backoff)
	case EqualJitter:
		half := backoff / 2
		return half + randUpTo(backoff-half)
	default:
		return backoff
	}
}

// randUpTo returns a uniformly random duration in [0, d], d > 0.
func randUpTo(d time.Duration) time.Duration {
	if d == math.MaxInt64 {
		return rand.N(d)
	}
	return rand.N(d + 1)
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration, err *errordecoder.RetryableError) error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("retryer: %w while waiting for the next attempt: %w", ctx.Err(), err)
	}
}
