package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrRateLimited is wrapped by the error of Wait when a request may not be sent before
// its context's deadline, or not within MaxWait: the server said its quota is spent.
var ErrRateLimited = errors.New("ratelimit: rate limited")

// LimitedError is the error of a request the Governor would not send.
type LimitedError struct {
	Key   string
	Until time.Time // when a request may be sent, as far as the Governor knows
}

func (e *LimitedError) Error() string {
	return fmt.Sprintf("ratelimit: %q is rate limited until %s", e.Key, e.Until.UTC().Format(time.RFC3339Nano))
}

// Is reports whether target is ErrRateLimited.
func (e *LimitedError) Is(target error) bool { return target == ErrRateLimited }

// Defaults and bounds of a Governor.
const (
	// DefaultMaxWait is the longest Wait sleeps: as retryer's MaxRetryAfter, a wait of
	// hours is better refused at once than slept through.
	DefaultMaxWait = 30 * time.Second
	// MaxBlock bounds how far ahead a response can block its origin: a reset or a
	// Retry-After more than a day away is taken as a day, so a server's clock or
	// header gone wrong does not block an origin for good.
	MaxBlock = 24 * time.Hour
)

// Governor decides, per key (the runtime uses the origin: scheme, host and port), when
// the next request may be sent, from what the responses said: when a server says its
// quota is spent (no request remaining until a reset, or a 429 or 503 with a
// Retry-After), every request to that origin waits until then, not only the one that
// was refused.
//
// A nil *Governor lets every request through at once and records nothing. A Governor is
// safe for concurrent use; its state is in its Store. It reads the time with time.Now
// and sleeps with timers, which testing/synctest fakes in tests.
type Governor struct {
	store   Store
	maxWait time.Duration
}

// Option configures a Governor.
type Option func(*Governor)

// WithStore keeps the Governor's state in s, which several processes may share (see
// package ratelimit/redisstore); the default is a MemoryStore of its own.
func WithStore(s Store) Option { return func(g *Governor) { g.store = s } }

// WithMaxWait sets the longest Wait sleeps (default DefaultMaxWait); a request that
// would wait longer is refused at once with ErrRateLimited. 0 or less means never
// sleep: refuse every request that would wait.
func WithMaxWait(d time.Duration) Option { return func(g *Governor) { g.maxWait = max(d, 0) } }

// New returns a Governor; by default its state is in memory and it sleeps at most
// DefaultMaxWait.
func New(opts ...Option) *Governor {
	g := &Governor{maxWait: DefaultMaxWait}
	for _, o := range opts {
		o(g)
	}
	if g.store == nil {
		g.store = &MemoryStore{}
	}
	return g
}

// Wait returns nil as soon as a request to key may be sent, at once when nothing stops
// it. When the quota is spent it sleeps until the reset, unless that comes at or after
// ctx's deadline (the request could not be sent in time) or more than MaxWait from now: then it returns a *LimitedError (errors.Is
// ErrRateLimited) at once, without sleeping. It returns an error wrapping ctx.Err() if
// ctx ends first, and one wrapping the Store's error if the Store fails.
func (g *Governor) Wait(ctx context.Context, key string) error {
	if g == nil {
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("ratelimit: %w", err)
		}
		now := time.Now()
		wait, err := g.store.Reserve(ctx, key, now)
		if err != nil {
			return fmt.Errorf("ratelimit: store: %w", err)
		}
		if wait <= 0 {
			return nil
		}
		until := now.Add(wait)
		if deadline, ok := ctx.Deadline(); wait > g.maxWait || ok && !until.Before(deadline) {
			return &LimitedError{Key: key, Until: until}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("ratelimit: %w", ctx.Err())
		case <-t.C:
		}
		// Others waited too: reserve again rather than assume the request is ours.
	}
}

// Observe records what a response to key said about its quota (see Parse). It is
// cheap when the response says nothing. It returns the Store's error.
func (g *Governor) Observe(ctx context.Context, key string, status int, h http.Header) error {
	if g == nil {
		return nil
	}
	now := time.Now()
	l, ok := Parse(status, h, now)
	if !ok {
		return nil
	}
	limit := now.Add(MaxBlock)
	if l.Reset.After(limit) {
		l.Reset = limit
	}
	if l.RetryAfter.After(limit) {
		l.RetryAfter = limit
	}
	if err := g.store.Observe(ctx, key, l, now); err != nil {
		return fmt.Errorf("ratelimit: store: %w", err)
	}
	return nil
}
