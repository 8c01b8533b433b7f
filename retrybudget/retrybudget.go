package retrybudget

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"
)

// Defaults of a Config field left at zero: 10 % of the calls, and at least 10 retries a
// second, over 10 seconds (Finagle's window and floor, with the SRE book's 10 %).
const (
	DefaultRatio        = 0.1
	DefaultMinPerSecond = 10
	DefaultWindow       = 10 * time.Second
)

// MinWindow is the shortest Window: the window is counted in tenths, and a tenth much
// shorter than 10ms would renew its bucket on almost every call.
const MinWindow = 100 * time.Millisecond

// Bounds past which a larger Ratio or MinPerSecond changes nothing in practice (no call
// makes a hundred attempts), and which keep the budget's fixed-point sums from
// overflowing.
const (
	maxRatio        = 100
	maxMinPerSecond = 1e6
	maxFloor        = 1e12 // retries per window: beyond the 2³² a bucket can count anyway
)

// Config sets a Budget. The zero Config turns the budget off; a field left at zero in
// any other Config takes its default. See the package doc for the exact rule.
type Config struct {
	// Ratio is the share of the calls in the window that may be retried or hedged
	// (default 0.1: one retry per ten calls). Negative: no ratio, the floor alone.
	Ratio float64
	// MinPerSecond is the floor: retries per second of Window that are always allowed,
	// however few calls were made, so a quiet client keeps its retries (default 10).
	// Negative: no floor.
	MinPerSecond float64
	// Window is how long a call and a retry count (default 10s; at least 100ms).
	Window time.Duration
}

// ErrConfig is wrapped by the error New returns for a Config it cannot honour.
var ErrConfig = errors.New("retrybudget: invalid config")

// buckets is the number of parts of the window; each is a bucket of the ring.
const buckets = 10

// scale is the fixed-point scale of the limit: Ratio is kept to a millionth.
const scale = 1_000_000

// Budget is a retry budget, shared by every call of a client. A nil *Budget allows every
// withdrawal. Its methods are safe for concurrent use.
type Budget struct {
	ratio int64 // Ratio in millionths; 0 when none
	floor int64 // MinPerSecond·Window in millionths of a retry; 0 when none
	width time.Duration
	base  time.Time
	now   func() time.Time
	// realClock is set when now is time.Now, whose readings the budget needs only
	// through time.Since.
	realClock bool

	// Each word of the rings holds a bucket: its tenth of the window since base in the
	// high 32 bits (modulo 2³², which at 10ms a tenth wraps after 497 days), and its
	// count in the low 32 bits.
	calls   [buckets]atomic.Uint64
	retries [buckets]atomic.Uint64
}

// Option configures a Budget beyond its Config.
type Option func(*Budget)

// WithClock makes the Budget read the time from now instead of time.Now: for tests and
// simulations. now must be safe for concurrent use.
func WithClock(now func() time.Time) Option {
	return func(b *Budget) { b.now = now }
}

// New returns the Budget of c, or nil (which allows everything) when c is the zero
// Config. It fails, with an error wrapping ErrConfig, when c holds a Window that is
// negative or shorter than MinWindow, or a Ratio or MinPerSecond that is NaN or
// infinite.
func New(c Config, opts ...Option) (*Budget, error) {
	if c == (Config{}) {
		return nil, nil
	}
	switch {
	case math.IsNaN(c.Ratio) || math.IsInf(c.Ratio, 0):
		return nil, fmt.Errorf("%w: Ratio %v is not a finite number", ErrConfig, c.Ratio)
	case math.IsNaN(c.MinPerSecond) || math.IsInf(c.MinPerSecond, 0):
		return nil, fmt.Errorf("%w: MinPerSecond %v is not a finite number", ErrConfig, c.MinPerSecond)
	case c.Window < 0:
		return nil, fmt.Errorf("%w: Window %v is negative", ErrConfig, c.Window)
	case c.Window > 0 && c.Window < MinWindow:
		return nil, fmt.Errorf("%w: Window %v is shorter than %v", ErrConfig, c.Window, MinWindow)
	}
	ratio, perSecond, window := c.Ratio, c.MinPerSecond, c.Window
	if ratio == 0 {
		ratio = DefaultRatio
	}
	if perSecond == 0 {
		perSecond = DefaultMinPerSecond
	}
	if window == 0 {
		window = DefaultWindow
	}
	b := &Budget{width: window / buckets}
	if ratio > 0 {
		b.ratio = max(int64(math.Round(min(ratio, maxRatio)*scale)), 1)
	}
	if perSecond > 0 {
		b.floor = int64(math.Round(min(min(perSecond, maxMinPerSecond)*window.Seconds(), maxFloor) * scale))
	}
	for _, o := range opts {
		o(b)
	}
	b.realClock = b.now == nil
	if b.realClock {
		b.now = time.Now
	}
	b.base = b.now()
	return b, nil
}

// Deposit records a call. Call it once per call, not per attempt: retries and hedges are
// what the deposits pay for.
func (b *Budget) Deposit() {
	if b == nil {
		return
	}
	e := b.epoch()
	add(&b.calls[e%buckets], e)
}

// TryWithdraw reports whether one more attempt of a call (a retry or a hedge) may be
// sent now, and if so counts it. A nil *Budget always allows it.
func (b *Budget) TryWithdraw() bool {
	if b == nil {
		return true
	}
	e := b.epoch()
	slot := &b.retries[e%buckets]
	if !add(slot, e) {
		return false // a bucket holding 2³²-1 retries: past any limit
	}
	calls, retries := sum(&b.calls, e), sum(&b.retries, e)
	if retries*scale <= max(calls*b.ratio, b.floor) {
		return true
	}
	undo(slot, e)
	return false
}

// epoch returns the tenth of the window that now falls in, counted from base.
func (b *Budget) epoch() uint32 {
	var d time.Duration
	if b.realClock {
		d = time.Since(b.base) // the monotonic clock alone: half the cost of time.Now
	} else {
		d = b.now().Sub(b.base)
	}
	if d < 0 {
		d = 0 // a clock set back: count into the first tenth rather than the future
	}
	return uint32(d / b.width) // modulo 2³², as the buckets hold it
}

// maxAhead is how far ahead of a caller's tenth a bucket may be for the caller to be
// late rather than the bucket stale: a goroutine that read the clock, then was held up
// for a window or more before counting, finds its bucket renewed by others. No goroutine
// is held up for 2²⁴ tenths (46 hours at 10ms), while a bucket left untouched that long
// is common in a quiet process, and must be renewed.
const maxAhead = 1 << 24

// add counts one into the bucket w for the tenth e, renewing the bucket when it holds an
// older tenth. It reports whether the count was made: not when the bucket is full, nor
// when it already holds a newer tenth (then e is a window old, and its count would have
// expired anyway).
func add(w *atomic.Uint64, e uint32) bool {
	for {
		old := w.Load()
		next := uint64(e)<<32 | 1
		switch held := uint32(old >> 32); {
		case held == e:
			if uint32(old) == math.MaxUint32 {
				return false
			}
			next = old + 1
		case held-e < maxAhead:
			return false
		}
		if w.CompareAndSwap(old, next) {
			return true
		}
	}
}

// undo takes back one count of add(w, e), unless the bucket moved on to another tenth
// since (and the count expired with it).
func undo(w *atomic.Uint64, e uint32) {
	for {
		old := w.Load()
		if uint32(old>>32) != e || uint32(old) == 0 {
			return
		}
		if w.CompareAndSwap(old, old-1) {
			return
		}
	}
}

// sum returns the counts of the buckets of ring that belong to the window ending in the
// tenth e: the tenths e-9 to e.
func sum(ring *[buckets]atomic.Uint64, e uint32) int64 {
	var n int64
	for i := range ring {
		v := ring[i].Load()
		if e-uint32(v>>32) < buckets {
			n += int64(uint32(v))
		}
	}
	return n
}
