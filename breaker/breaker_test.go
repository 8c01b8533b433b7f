package breaker_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/breaker"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// clock is a fake time source, safe for concurrent use.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }

func newBreaker(t *testing.T, c breaker.Config) (*breaker.Breaker, *clock) {
	t.Helper()
	clk := &clock{}
	clk.ns.Store(t0.UnixNano())
	b, err := breaker.New(c, breaker.WithClock(clk.now))
	require.NoError(t, err)
	return b, clk
}

// allow asks for a call that must be allowed, and checks whether it is a probe.
func allow(t *testing.T, b *breaker.Breaker, key string, probe bool) breaker.Permit {
	t.Helper()
	p, err := b.Allow(key)
	require.NoError(t, err)
	require.Equal(t, probe, p.Probe, "probe")
	return p
}

// refused asks for a call that must be refused, and returns the error's reopening time.
func refused(t *testing.T, b *breaker.Breaker, key string) time.Time {
	t.Helper()
	p, err := b.Allow(key)
	require.Error(t, err)
	assert.Equal(t, breaker.Permit{}, p)
	require.ErrorIs(t, err, breaker.ErrCircuitOpen)
	var open *breaker.OpenError
	require.ErrorAs(t, err, &open)
	assert.Equal(t, key, open.Key)
	return open.Until
}

// calls makes n closed calls to key, failing or not.
func calls(t *testing.T, b *breaker.Breaker, key string, n int, fail bool) {
	t.Helper()
	for range n {
		p := allow(t, b, key, false)
		if fail {
			p.Failure(time.Time{})
		} else {
			p.Success()
		}
	}
}

func TestOpensAtMinCallsAndRatio(t *testing.T) {
	b, _ := newBreaker(t, breaker.Config{})
	calls(t, b, "k", 19, true)
	assert.Equal(t, breaker.Closed, b.State("k"), "19 failures: fewer than MinCalls")
	calls(t, b, "k", 1, true)
	assert.Equal(t, breaker.Open, b.State("k"), "the 20th failure opens it")

	b, _ = newBreaker(t, breaker.Config{})
	calls(t, b, "k", 11, false)
	calls(t, b, "k", 10, true)
	assert.Equal(t, breaker.Closed, b.State("k"), "10 of 21 is less than half")
	calls(t, b, "k", 1, true)
	assert.Equal(t, breaker.Open, b.State("k"), "11 of 22 is half")

	b, _ = newBreaker(t, breaker.Config{FailureRatio: 1, MinCalls: 3})
	calls(t, b, "k", 1, false)
	calls(t, b, "k", 100, true)
	assert.Equal(t, breaker.Closed, b.State("k"), "ratio 1: a success in the window keeps it closed")
}

// A success never opens a circuit, even when the window is past the ratio.
func TestOnlyAFailureOpens(t *testing.T) {
	b, _ := newBreaker(t, breaker.Config{MinCalls: 4})
	calls(t, b, "k", 3, true) // 3 of 3, below MinCalls
	calls(t, b, "k", 1, false)
	assert.Equal(t, breaker.Closed, b.State("k"))
	calls(t, b, "k", 1, true) // 4 of 5
	assert.Equal(t, breaker.Open, b.State("k"))
}

func TestOldOutcomesLeaveTheWindow(t *testing.T) {
	b, clk := newBreaker(t, breaker.Config{MinCalls: 10, Window: 10 * time.Second})
	calls(t, b, "k", 9, true)
	clk.advance(10 * time.Second) // the first tenth left the window
	calls(t, b, "k", 9, true)
	assert.Equal(t, breaker.Closed, b.State("k"))
	clk.advance(9 * time.Second) // the second nine are still in
	calls(t, b, "k", 1, true)
	assert.Equal(t, breaker.Open, b.State("k"))
}

// The whole cycle: closed, open, half-open, closed; then open again from half-open.
func TestStateMachine(t *testing.T) {
	b, clk := newBreaker(t, breaker.Config{MinCalls: 2, OpenFor: 5 * time.Second, Probes: 2})
	calls(t, b, "k", 2, true)
	assert.Equal(t, breaker.Open, b.State("k"))

	// Open: refused, with the reopening time; until then, and not a nanosecond less.
	assert.Equal(t, t0.Add(5*time.Second), refused(t, b, "k"))
	clk.advance(5*time.Second - 1)
	assert.Equal(t, t0.Add(5*time.Second), refused(t, b, "k"))
	assert.Equal(t, breaker.Open, b.State("k"))
	clk.advance(1)
	assert.Equal(t, breaker.HalfOpen, b.State("k"))

	// Half-open: two probes, then refusals without a time.
	p1 := allow(t, b, "k", true)
	p2 := allow(t, b, "k", true)
	assert.True(t, refused(t, b, "k").IsZero())
	p1.Success()
	assert.Equal(t, breaker.HalfOpen, b.State("k"), "one success of two")
	p3 := allow(t, b, "k", true) // p1's place
	p2.Success()
	assert.Equal(t, breaker.Closed, b.State("k"), "two successes close it")
	p3.Failure(time.Time{}) // from the half-open period: does not count now
	assert.Equal(t, breaker.Closed, b.State("k"))

	// Closed with a fresh window: one failure is not two.
	calls(t, b, "k", 1, true)
	assert.Equal(t, breaker.Closed, b.State("k"))
	calls(t, b, "k", 1, true)
	assert.Equal(t, breaker.Open, b.State("k"))

	// Half-open again; a probe's failure opens it for OpenFor from then.
	clk.advance(5 * time.Second)
	p4 := allow(t, b, "k", true)
	p5 := allow(t, b, "k", true)
	clk.advance(time.Second)
	p4.Failure(time.Time{})
	assert.Equal(t, breaker.Open, b.State("k"))
	assert.Equal(t, t0.Add(16*time.Second), refused(t, b, "k"))
	p5.Success() // from the half-open period that ended
	assert.Equal(t, breaker.Open, b.State("k"))
}

func TestCancelFreesAProbeWithoutAVerdict(t *testing.T) {
	b, clk := newBreaker(t, breaker.Config{MinCalls: 1, Probes: 1})
	calls(t, b, "k", 1, true)
	clk.advance(breaker.DefaultOpenFor)
	p := allow(t, b, "k", true)
	refused(t, b, "k")
	p.Cancel()
	assert.Equal(t, breaker.HalfOpen, b.State("k"))
	allow(t, b, "k", true).Success()
	assert.Equal(t, breaker.Closed, b.State("k"))

	// In a closed circuit, a cancelled call counts for nothing.
	b, _ = newBreaker(t, breaker.Config{MinCalls: 2})
	calls(t, b, "k", 1, true)
	allow(t, b, "k", false).Cancel()
	assert.Equal(t, breaker.Closed, b.State("k"))
}

func TestRetryAfterSetsHowLongItStaysOpen(t *testing.T) {
	b, clk := newBreaker(t, breaker.Config{MinCalls: 1, OpenFor: 5 * time.Second, MaxOpenFor: time.Minute})
	allow(t, b, "short", false).Failure(t0.Add(2 * time.Second))
	assert.Equal(t, t0.Add(2*time.Second), refused(t, b, "short"), "sooner than OpenFor: the server said so")
	allow(t, b, "long", false).Failure(t0.Add(50 * time.Second))
	assert.Equal(t, t0.Add(50*time.Second), refused(t, b, "long"))
	allow(t, b, "capped", false).Failure(t0.Add(24 * time.Hour))
	assert.Equal(t, t0.Add(time.Minute), refused(t, b, "capped"), "never longer than MaxOpenFor")
	allow(t, b, "past", false).Failure(t0.Add(-time.Second))
	assert.Equal(t, t0.Add(5*time.Second), refused(t, b, "past"), "a Retry-After passed: OpenFor")

	// A late failure of a call allowed while closed extends the open time, within the cap.
	p1 := allow(t, b, "late", false)
	p2 := allow(t, b, "late", false)
	p3 := allow(t, b, "late", false)
	p1.Failure(time.Time{})
	assert.Equal(t, t0.Add(5*time.Second), refused(t, b, "late"))
	p2.Failure(t0.Add(20 * time.Second))
	assert.Equal(t, t0.Add(20*time.Second), refused(t, b, "late"))
	clk.advance(time.Second)
	p3.Failure(t0.Add(time.Hour))
	assert.Equal(t, t0.Add(61*time.Second), refused(t, b, "late"))

	// A probe's failure with a Retry-After.
	clk.advance(time.Minute)
	allow(t, b, "late", true).Failure(t0.Add(time.Minute + 45*time.Second))
	assert.Equal(t, t0.Add(time.Minute+45*time.Second), refused(t, b, "late"))
}

// A stale success, from a call allowed before the circuit opened, does not count
// towards closing it.
func TestStaleReportsDoNotCount(t *testing.T) {
	b, clk := newBreaker(t, breaker.Config{MinCalls: 1, Probes: 1})
	stale := allow(t, b, "k", false)
	calls(t, b, "k", 1, true)
	clk.advance(breaker.DefaultOpenFor)
	probe := allow(t, b, "k", true)
	stale.Success()
	assert.Equal(t, breaker.HalfOpen, b.State("k"))
	probe.Success()
	assert.Equal(t, breaker.Closed, b.State("k"))
}

// A probe never reported is given up after MaxOpenFor, so the circuit cannot stay
// half-open for good.
func TestLostProbesAreGivenUp(t *testing.T) {
	b, clk := newBreaker(t, breaker.Config{MinCalls: 1, Probes: 1, MaxOpenFor: 30 * time.Second})
	calls(t, b, "k", 1, true)
	clk.advance(breaker.DefaultOpenFor)
	lost := allow(t, b, "k", true)
	clk.advance(30*time.Second - 1)
	refused(t, b, "k")
	clk.advance(1)
	p := allow(t, b, "k", true)
	lost.Success() // too late: it does not count
	assert.Equal(t, breaker.HalfOpen, b.State("k"))
	p.Success()
	assert.Equal(t, breaker.Closed, b.State("k"))
}

func TestKeysAreIndependent(t *testing.T) {
	b, _ := newBreaker(t, breaker.Config{MinCalls: 1})
	calls(t, b, "GET a", 1, true)
	assert.Equal(t, breaker.Open, b.State("GET a"))
	assert.Equal(t, breaker.Closed, b.State("GET b"))
	allow(t, b, "GET b", false).Success()
}

func TestOpenErrorMessage(t *testing.T) {
	assert.Equal(t, `breaker: circuit "GET https://api.example.com" is open until 2026-01-01T00:00:05Z`,
		(&breaker.OpenError{Key: "GET https://api.example.com", Until: t0.Add(5 * time.Second)}).Error())
	assert.Equal(t, `breaker: circuit "k" is half-open, all its probes are out`, (&breaker.OpenError{Key: "k"}).Error())
	assert.False(t, errors.Is(&breaker.OpenError{}, breaker.ErrConfig))
}

func TestNilBreakerAllowsEverything(t *testing.T) {
	var b *breaker.Breaker
	for range 100 {
		p, err := b.Allow("k")
		require.NoError(t, err)
		assert.False(t, p.Probe)
		p.Failure(time.Time{})
	}
	assert.Equal(t, breaker.Closed, b.State("k"))
	breaker.Permit{}.Success() // the zero Permit ignores its report
	breaker.Permit{}.Cancel()
}

func TestDefaults(t *testing.T) {
	b, clk := newBreaker(t, breaker.Config{})
	calls(t, b, "k", 20, true)
	assert.Equal(t, t0.Add(5*time.Second), refused(t, b, "k"))
	clk.advance(5 * time.Second)
	probes := []breaker.Permit{allow(t, b, "k", true), allow(t, b, "k", true), allow(t, b, "k", true)}
	refused(t, b, "k")
	for _, p := range probes {
		p.Success()
	}
	assert.Equal(t, breaker.Closed, b.State("k"))
	calls(t, b, "k", 19, true)
	allow(t, b, "k", false).Failure(t0.Add(time.Hour))
	assert.Equal(t, t0.Add(5*time.Second+30*time.Second), refused(t, b, "k"), "MaxOpenFor 30s")

	b, _ = newBreaker(t, breaker.Config{OpenFor: time.Minute, MinCalls: 1})
	allow(t, b, "k", false).Failure(t0.Add(time.Hour))
	assert.Equal(t, t0.Add(time.Minute), refused(t, b, "k"), "MaxOpenFor is at least OpenFor")
}

func TestNewRejects(t *testing.T) {
	for _, tc := range []struct {
		config breaker.Config
		msg    string
	}{
		{breaker.Config{FailureRatio: 1.5}, "breaker: invalid config: FailureRatio 1.5 is not in [0, 1]"},
		{breaker.Config{FailureRatio: -0.1}, "breaker: invalid config: FailureRatio -0.1 is not in [0, 1]"},
		{breaker.Config{FailureRatio: math.NaN()}, "breaker: invalid config: FailureRatio NaN is not in [0, 1]"},
		{breaker.Config{MinCalls: -1}, "breaker: invalid config: MinCalls -1 is negative"},
		{breaker.Config{Window: -time.Second}, "breaker: invalid config: Window -1s is shorter than 10ms"},
		{breaker.Config{Window: time.Millisecond}, "breaker: invalid config: Window 1ms is shorter than 10ms"},
		{breaker.Config{OpenFor: -1}, "breaker: invalid config: OpenFor -1ns is negative"},
		{breaker.Config{MaxOpenFor: -1}, "breaker: invalid config: MaxOpenFor -1ns is negative"},
		{breaker.Config{Probes: -1}, "breaker: invalid config: Probes -1 is negative"},
		{breaker.Config{MaxOpenFor: time.Second}, "breaker: invalid config: MaxOpenFor 1s is shorter than OpenFor 5s"},
	} {
		b, err := breaker.New(tc.config)
		assert.Nil(t, b)
		require.ErrorIs(t, err, breaker.ErrConfig)
		assert.Equal(t, tc.msg, err.Error())
	}
}

func TestStateString(t *testing.T) {
	assert.Equal(t, "closed", breaker.Closed.String())
	assert.Equal(t, "open", breaker.Open.String())
	assert.Equal(t, "half-open", breaker.HalfOpen.String())
	assert.Equal(t, "State(7)", breaker.State(7).String())
}

// Without WithClock the breaker reads time.Now, which testing/synctest fakes.
func TestRealClockUnderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, err := breaker.New(breaker.Config{MinCalls: 1, Probes: 1})
		require.NoError(t, err)
		calls(t, b, "k", 1, true)
		assert.Equal(t, time.Now().Add(5*time.Second), refused(t, b, "k"))
		time.Sleep(5 * time.Second)
		allow(t, b, "k", true).Success()
		assert.Equal(t, breaker.Closed, b.State("k"))
	})
}

// Many goroutines on a few keys, with random outcomes and a moving clock: no more
// probes are ever out at once than Probes, and every refusal wraps ErrCircuitOpen.
func TestConcurrentUse(t *testing.T) {
	const workers, callsEach, probes = 8, 2000, 2
	b, clk := newBreaker(t, breaker.Config{MinCalls: 5, Probes: probes, OpenFor: 10 * time.Millisecond, Window: time.Second})
	keys := []string{"a", "b", "c"}
	var out [3]atomic.Int32
	var maxOut atomic.Int32
	var allowed, probed, refusals atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for range callsEach {
				k := rng.IntN(len(keys))
				p, err := b.Allow(keys[k])
				if err != nil {
					if !errors.Is(err, breaker.ErrCircuitOpen) {
						t.Errorf("refusal %v does not wrap ErrCircuitOpen", err)
					}
					refusals.Add(1)
					clk.advance(time.Millisecond)
					continue
				}
				allowed.Add(1)
				if p.Probe {
					probed.Add(1)
					n := out[k].Add(1)
					for m := maxOut.Load(); n > m && !maxOut.CompareAndSwap(m, n); m = maxOut.Load() {
					}
				}
				r := rng.IntN(10)
				if p.Probe {
					out[k].Add(-1)
				}
				switch {
				case r < 6:
					p.Failure(time.Time{})
				case r < 9:
					p.Success()
				default:
					p.Cancel()
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int64(workers*callsEach), allowed.Load()+refusals.Load())
	assert.LessOrEqual(t, maxOut.Load(), int32(probes))
	assert.Positive(t, probed.Load(), "circuits went half-open")
	assert.Positive(t, refusals.Load(), "circuits opened")
}

func TestAllowAndReportAllocateNothing(t *testing.T) {
	b, _ := newBreaker(t, breaker.Config{})
	allow(t, b, "GET https://api.example.com", false).Success() // the circuit exists
	allocs := testing.AllocsPerRun(1000, func() {
		p, _ := b.Allow("GET https://api.example.com")
		p.Success()
	})
	assert.Zero(t, allocs)
}
