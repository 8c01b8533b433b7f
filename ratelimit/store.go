package ratelimit

import (
	"context"
	"sync"
	"time"
)

// Store keeps what servers said about their quotas, per key (an origin), for one
// process or for many. Both methods must be atomic per key: two Reserves for the last
// request of a quota must not both get it. now is the caller's clock, so that the
// processes sharing a Store need clocks that agree (as NTP keeps them), not a clock of
// the Store's own.
//
// The semantics every Store must have, which package ratelimit/storetest checks:
//
//   - a key starts knowing nothing: every Reserve returns 0;
//   - Observe records Limits: a RetryAfter blocks the key until then (the latest wins);
//     a Remaining count with its Reset sets the window (a count without a Reset is
//     ignored: there is nothing to wait for, and no window to count it in); the Quota
//     is remembered;
//   - Reserve returns how long until a request may be sent (0: now, and one request is
//     taken from the remaining count): until the block ends, or, when no request
//     remains, until the window's Reset;
//   - within a window the remaining count only goes down: an observed count larger than
//     the one kept (a response that was slower than requests sent since) is ignored; an
//     observed Reset more than a second after the kept one starts a new window, and
//     one not after now (a window already over) is ignored;
//   - when a window ends, the next one starts with the remembered Quota (or no count at
//     all when none is known), counted down by Reserve until a response says more; a
//     count that runs out with no reset known stops nothing, since there is no time to
//     wait for (the responses on their way will tell).
type Store interface {
	// Reserve takes a request of key's quota at now, or returns how long until one may
	// be taken (and takes none).
	Reserve(ctx context.Context, key string, now time.Time) (time.Duration, error)
	// Observe records what a response received at now said about key's quota.
	Observe(ctx context.Context, key string, l Limits, now time.Time) error
}

// sameWindow is how far apart two resets of one window may be: the drafts give a reset
// in whole seconds from now, so two responses of one window may put its end a second
// apart.
const sameWindow = time.Second

// state is what MemoryStore keeps per key.
type state struct {
	Blocked   time.Time // no request before then (a Retry-After); zero: none
	Remaining int64     // requests left in the window; Unknown when not known
	Reset     time.Time // when the window ends; zero when not known
	Quota     int64     // the quota of a window; 0 when not known
}

// Reserve takes a request at now, or returns how long until one may be taken.
func (s *state) Reserve(now time.Time) time.Duration {
	if now.Before(s.Blocked) {
		return s.Blocked.Sub(now)
	}
	s.roll(now)
	switch {
	case s.Remaining == 0 && !s.Reset.IsZero():
		return s.Reset.Sub(now)
	case s.Remaining > 0:
		s.Remaining--
	}
	return 0
}

// Observe records l, received at now.
func (s *state) Observe(l Limits, now time.Time) {
	if l.Quota > 0 {
		s.Quota = l.Quota
	}
	if l.RetryAfter.After(s.Blocked) {
		s.Blocked = l.RetryAfter
	}
	s.roll(now)
	if l.Remaining < 0 || !l.Reset.After(now) {
		return // no count, a count with no reset to wait for, or one of a window over
	}
	switch {
	case !s.Reset.IsZero() && l.Reset.After(s.Reset.Add(sameWindow)): // a newer window
		s.Remaining, s.Reset = l.Remaining, l.Reset
	case !s.Reset.IsZero() && !l.Reset.IsZero() && l.Reset.Before(s.Reset.Add(-sameWindow)):
		// an older window, already over here: nothing to learn
	default: // the window kept, or the one a rollover started: counts only go down
		if s.Remaining == Unknown || l.Remaining < s.Remaining {
			s.Remaining = l.Remaining
		}
		if s.Reset.IsZero() {
			s.Reset = l.Reset
		}
	}
}

// roll ends the window if its reset has come: the next starts with the Quota.
func (s *state) roll(now time.Time) {
	if s.Reset.IsZero() || now.Before(s.Reset) {
		return
	}
	s.Reset, s.Remaining = time.Time{}, Unknown
	if s.Quota > 0 {
		s.Remaining = s.Quota
	}
}

// MemoryStore is a Store for one process: a map under a mutex. Its zero value is ready
// to use; it must not be copied after first use. Keys are never forgotten: use keys from
// a bounded set, as origins are.
type MemoryStore struct {
	mu     sync.Mutex
	states map[string]*state
}

// Reserve implements Store; it never fails.
func (m *MemoryStore) Reserve(_ context.Context, key string, now time.Time) (time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.states[key]
	if s == nil {
		return 0, nil // nothing known: nothing to count down
	}
	return s.Reserve(now), nil
}

// Observe implements Store; it never fails.
func (m *MemoryStore) Observe(_ context.Context, key string, l Limits, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.states[key]
	if s == nil {
		if m.states == nil {
			m.states = make(map[string]*state)
		}
		s = &state{Remaining: Unknown}
		m.states[key] = s
	}
	s.Observe(l, now)
	return nil
}
