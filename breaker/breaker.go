package breaker

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrCircuitOpen is what every refusal of Allow wraps (errors.Is): the circuit of the
// key is open, or half-open with all its probes out.
var ErrCircuitOpen = errors.New("breaker: circuit open")

// ErrConfig is wrapped by the error New returns for a Config it cannot honour.
var ErrConfig = errors.New("breaker: invalid config")

// OpenError is the error of a refused call.
type OpenError struct {
	Key string
	// Until is when the circuit lets probes through; zero when it is half-open and all
	// its probes are out, so the next place depends on how they end.
	Until time.Time
}

func (e *OpenError) Error() string {
	if e.Until.IsZero() {
		return fmt.Sprintf("breaker: circuit %q is half-open, all its probes are out", e.Key)
	}
	return fmt.Sprintf("breaker: circuit %q is open until %s", e.Key, e.Until.UTC().Format(time.RFC3339Nano))
}

// Is reports whether target is ErrCircuitOpen.
func (e *OpenError) Is(target error) bool { return target == ErrCircuitOpen }

// Defaults of a Config field left at zero.
const (
	DefaultFailureRatio = 0.5
	DefaultMinCalls     = 20
	DefaultWindow       = 10 * time.Second
	DefaultOpenFor      = 5 * time.Second
	DefaultMaxOpenFor   = 30 * time.Second
	DefaultProbes       = 3
)

// MinWindow is the shortest Window: it is counted in tenths.
const MinWindow = 10 * time.Millisecond

// Config sets a Breaker. Every field left at zero takes its default, so the zero Config
// is the default breaker.
type Config struct {
	// FailureRatio opens a circuit when the failures reach this share of the calls in
	// the window (default 0.5; 1 opens only when every call fails).
	FailureRatio float64
	// MinCalls is how many calls the window must hold before its ratio counts (default
	// 20), so that a few failures of a quiet key do not open it.
	MinCalls int
	// Window is how long an outcome counts (default 10s; at least 10ms).
	Window time.Duration
	// OpenFor is how long a circuit stays open when the failure that opened it gave no
	// Retry-After (default 5s).
	OpenFor time.Duration
	// MaxOpenFor caps how long a Retry-After keeps a circuit open (default the larger
	// of 30s and OpenFor).
	MaxOpenFor time.Duration
	// Probes is how many calls a half-open circuit lets through at once, and how many
	// successes in a row close it (default 3).
	Probes int
}

// State is the state of a circuit.
type State int

const (
	Closed   State = iota // calls are allowed and counted
	Open                  // calls are refused until the circuit's time has come
	HalfOpen              // a few probes are allowed, to decide between Closed and Open
)

func (s State) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Breaker keeps a circuit per key. A nil *Breaker allows every call.
type Breaker struct {
	ratio      float64
	minCalls   int
	width      time.Duration // a tenth of Window
	openFor    time.Duration
	maxOpenFor time.Duration
	probes     int
	now        func() time.Time
	base       time.Time

	mu       sync.RWMutex
	circuits map[string]*circuit
}

// Option configures a Breaker beyond its Config.
type Option func(*Breaker)

// WithClock makes the Breaker read the time from now instead of time.Now: for tests and
// simulations. now must be safe for concurrent use.
func WithClock(now func() time.Time) Option {
	return func(b *Breaker) { b.now = now }
}

// New returns the Breaker of c, or an error wrapping ErrConfig.
func New(c Config, opts ...Option) (*Breaker, error) {
	switch {
	case !(c.FailureRatio >= 0 && c.FailureRatio <= 1): // also NaN
		return nil, fmt.Errorf("%w: FailureRatio %v is not in [0, 1]", ErrConfig, c.FailureRatio)
	case c.MinCalls < 0:
		return nil, fmt.Errorf("%w: MinCalls %d is negative", ErrConfig, c.MinCalls)
	case c.Window < 0 || c.Window > 0 && c.Window < MinWindow:
		return nil, fmt.Errorf("%w: Window %v is shorter than %v", ErrConfig, c.Window, MinWindow)
	case c.OpenFor < 0:
		return nil, fmt.Errorf("%w: OpenFor %v is negative", ErrConfig, c.OpenFor)
	case c.MaxOpenFor < 0:
		return nil, fmt.Errorf("%w: MaxOpenFor %v is negative", ErrConfig, c.MaxOpenFor)
	case c.Probes < 0:
		return nil, fmt.Errorf("%w: Probes %d is negative", ErrConfig, c.Probes)
	}
	b := &Breaker{
		ratio:      or(c.FailureRatio, DefaultFailureRatio),
		minCalls:   or(c.MinCalls, DefaultMinCalls),
		width:      or(c.Window, DefaultWindow) / buckets,
		openFor:    or(c.OpenFor, DefaultOpenFor),
		maxOpenFor: c.MaxOpenFor,
		probes:     or(c.Probes, DefaultProbes),
		now:        time.Now,
		circuits:   make(map[string]*circuit),
	}
	if b.maxOpenFor == 0 {
		b.maxOpenFor = max(DefaultMaxOpenFor, b.openFor)
	}
	if b.maxOpenFor < b.openFor {
		return nil, fmt.Errorf("%w: MaxOpenFor %v is shorter than OpenFor %v", ErrConfig, b.maxOpenFor, b.openFor)
	}
	for _, o := range opts {
		o(b)
	}
	b.base = b.now()
	return b, nil
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Allow asks whether a call to key may be made now. It returns a Permit to report the
// call's outcome with, or an *OpenError (errors.Is ErrCircuitOpen) at once when the
// circuit refuses. When Permit.Probe is true the call probes a half-open circuit.
func (b *Breaker) Allow(key string) (Permit, error) {
	if b == nil {
		return Permit{}, nil
	}
	c := b.circuit(key)
	now := b.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == Open {
		if now.Before(c.until) {
			return Permit{}, &OpenError{Key: key, Until: c.until}
		}
		c.halfOpen(now)
	}
	if c.state == HalfOpen {
		if c.out == b.probes {
			if now.Sub(c.since) < b.maxOpenFor {
				return Permit{}, &OpenError{Key: key}
			}
			c.halfOpen(now) // the probes out were lost: their reports will not count
		}
		c.out++
		c.since = now
		return Permit{Probe: true, b: b, c: c, gen: c.gen}, nil
	}
	return Permit{b: b, c: c, gen: c.gen}, nil
}

// State returns the state of key's circuit now: Closed for a key never used. An open
// circuit whose time has come is reported HalfOpen.
func (b *Breaker) State(key string) State {
	if b == nil {
		return Closed
	}
	b.mu.RLock()
	c := b.circuits[key]
	b.mu.RUnlock()
	if c == nil {
		return Closed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == Open && !b.now().Before(c.until) {
		return HalfOpen
	}
	return c.state
}

// circuit returns key's circuit, creating it closed.
func (b *Breaker) circuit(key string) *circuit {
	b.mu.RLock()
	c := b.circuits[key]
	b.mu.RUnlock()
	if c != nil {
		return c
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if c = b.circuits[key]; c == nil {
		c = &circuit{}
		b.circuits[key] = c
	}
	return c
}

// Permit is the right to make one call, to be reported once the call is over with
// exactly one of Success, Failure or Cancel. The zero Permit (from a nil *Breaker)
// ignores its report.
type Permit struct {
	// Probe is true when the call probes a half-open circuit: the runtime charges it to
	// the retry budget, and cancels it when the budget refuses.
	Probe bool

	b   *Breaker
	c   *circuit
	gen uint64 // the period of the circuit that issued it
}

// Success reports that the call succeeded.
func (p Permit) Success() { p.report(outcomeSuccess, time.Time{}) }

// Failure reports that the call failed. retryAfter, when not zero, is when the server
// asked to be called again (a Retry-After): if this failure opens the circuit, or finds
// it open until earlier, it stays open until then, within MaxOpenFor.
func (p Permit) Failure(retryAfter time.Time) { p.report(outcomeFailure, retryAfter) }

// Cancel reports that the call says nothing about the server: it was cancelled, or not
// sent. A probe's place is freed for another.
func (p Permit) Cancel() { p.report(outcomeCancel, time.Time{}) }

type outcome int

const (
	outcomeSuccess outcome = iota
	outcomeFailure
	outcomeCancel
)

func (p Permit) report(o outcome, retryAfter time.Time) {
	if p.c == nil {
		return
	}
	b, c, now := p.b, p.c, p.b.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.gen != c.gen { // issued in an earlier period
		if o == outcomeFailure && c.state == Open && !retryAfter.IsZero() {
			c.until = later(c.until, b.capped(now, retryAfter))
		}
		return
	}
	switch c.state {
	case Closed:
		if o == outcomeCancel {
			return
		}
		c.count(b, now, o == outcomeFailure)
		if o == outcomeFailure && c.tripped(b, now) {
			c.open(b, now, retryAfter)
		}
	case HalfOpen:
		c.out = max(c.out-1, 0) // never below 0, even for a Permit reported twice
		switch o {
		case outcomeSuccess:
			c.successes++
			if c.successes >= b.probes {
				c.close()
			}
		case outcomeFailure:
			c.open(b, now, retryAfter)
		}
	}
}

// buckets is the number of tenths a window is counted in.
const buckets = 10

// circuit is the state of one key, guarded by mu.
type circuit struct {
	mu    sync.Mutex
	state State
	gen   uint64 // the period: a new one at each change of state

	window [buckets]bucket // Closed: the outcomes of the last Window

	until time.Time // Open: when it turns half-open

	out       int       // HalfOpen: probes out
	successes int       // HalfOpen: probes that succeeded
	since     time.Time // HalfOpen: when the last probe went out
}

type bucket struct {
	tenth     int64 // the tenth of the window since the Breaker's base it counts
	successes int
	failures  int
}

// count records an outcome in the window.
func (c *circuit) count(b *Breaker, now time.Time, failed bool) {
	t := b.tenth(now)
	w := &c.window[t%buckets]
	if w.tenth != t {
		*w = bucket{tenth: t}
	}
	if failed {
		w.failures++
	} else {
		w.successes++
	}
}

// tripped reports whether the window's failures open the circuit.
func (c *circuit) tripped(b *Breaker, now time.Time) bool {
	t := b.tenth(now)
	var calls, failures int
	for _, w := range c.window {
		if t-w.tenth < buckets {
			calls += w.successes + w.failures
			failures += w.failures
		}
	}
	return calls >= b.minCalls && float64(failures) >= b.ratio*float64(calls)
}

// open opens the circuit until the server's retryAfter or for OpenFor.
func (c *circuit) open(b *Breaker, now, retryAfter time.Time) {
	c.state, c.gen = Open, c.gen+1
	c.until = now.Add(b.openFor)
	if retryAfter.After(now) {
		c.until = b.capped(now, retryAfter)
	}
}

// halfOpen starts a half-open period with no probe out.
func (c *circuit) halfOpen(now time.Time) {
	c.state, c.gen = HalfOpen, c.gen+1
	c.out, c.successes, c.since = 0, 0, now
}

// close closes the circuit with an empty window.
func (c *circuit) close() {
	c.state, c.gen = Closed, c.gen+1
	c.window = [buckets]bucket{}
}

// capped returns t, but no later than MaxOpenFor from now.
func (b *Breaker) capped(now, t time.Time) time.Time {
	if limit := now.Add(b.maxOpenFor); t.After(limit) {
		return limit
	}
	return t
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// tenth returns the tenth of the window now falls in, counted from the Breaker's base.
func (b *Breaker) tenth(now time.Time) int64 {
	return int64(max(now.Sub(b.base), 0) / b.width)
}
