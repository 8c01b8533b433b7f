// Package storetest checks that a ratelimit.Store keeps the semantics the Governor
// relies on: run it from a test of every Store implementation.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) ratelimit.Store { return newStore(t) })
//	}
//
// Every subtest gets a fresh Store from newStore and uses keys of its own; times are
// given to the Store, so no test sleeps. The counts and waits it checks are exact.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofeign/feign/ratelimit"
)

// T0 is the instant the tests start at: stores that keep times in milliseconds keep it
// exactly.
var T0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Run runs the conformance tests against the Stores newStore returns.
func Run(t *testing.T, newStore func(t *testing.T) ratelimit.Store) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, &checker{t: t, s: newStore(t), key: "key-" + tc.name})
		})
	}
	t.Run("Concurrent", func(t *testing.T) { concurrent(t, newStore(t)) })
}

type checker struct {
	t   *testing.T
	s   ratelimit.Store
	key string
}

func at(d time.Duration) time.Time { return T0.Add(d) }

// reserve checks that Reserve at T0+d returns want.
func (c *checker) reserve(d, want time.Duration) {
	c.t.Helper()
	got, err := c.s.Reserve(context.Background(), c.key, at(d))
	if err != nil {
		c.t.Fatalf("Reserve at T0+%v: %v", d, err)
	}
	if got != want {
		c.t.Fatalf("Reserve at T0+%v = %v, want %v", d, got, want)
	}
}

// reserveN checks that n Reserves at T0+d return 0.
func (c *checker) reserveN(d time.Duration, n int) {
	c.t.Helper()
	for range n {
		c.reserve(d, 0)
	}
}

func (c *checker) observe(d time.Duration, l ratelimit.Limits) {
	c.t.Helper()
	if err := c.s.Observe(context.Background(), c.key, l, at(d)); err != nil {
		c.t.Fatalf("Observe at T0+%v: %v", d, err)
	}
}

// window returns Limits of remaining requests until T0+reset.
func window(quota, remaining int64, reset time.Duration) ratelimit.Limits {
	return ratelimit.Limits{Quota: quota, Remaining: remaining, Reset: at(reset)}
}

var cases = []struct {
	name string
	run  func(t *testing.T, c *checker)
}{
	{"NothingKnown", func(t *testing.T, c *checker) {
		c.reserveN(0, 1000)
		c.observe(0, ratelimit.Limits{Remaining: ratelimit.Unknown})
		c.reserveN(0, 1000)
	}},
	{"RemainingCountsDownToTheReset", func(t *testing.T, c *checker) {
		c.observe(0, window(0, 3, 10*time.Second))
		c.reserveN(time.Second, 3)
		c.reserve(2*time.Second, 8*time.Second)
		c.reserve(2*time.Second, 8*time.Second) // a refusal takes nothing
		c.reserve(10*time.Second-time.Millisecond, time.Millisecond)
		c.reserveN(10*time.Second, 1000) // the window is over, and no quota is known
	}},
	{"ExhaustedWaitsForTheReset", func(t *testing.T, c *checker) {
		c.observe(0, window(0, 0, 30*time.Second))
		c.reserve(0, 30*time.Second)
		c.reserve(29*time.Second, time.Second)
		c.reserve(30*time.Second, 0)
	}},
	{"NextWindowStartsWithTheQuota", func(t *testing.T, c *checker) {
		c.observe(0, window(5, 0, 10*time.Second))
		c.reserve(0, 10*time.Second)
		c.reserveN(10*time.Second, 5)
		c.reserveN(11*time.Second, 1000) // a window of the quota, with no reset known: then nothing to count
	}},
	{"CountsOnlyGoDownInAWindow", func(t *testing.T, c *checker) {
		c.observe(0, window(10, 5, 10*time.Second))
		c.reserveN(0, 2)                                    // 3 left
		c.observe(0, window(10, 4, 10*time.Second))         // a slower response: ignored
		c.observe(0, window(10, 4, 10500*time.Millisecond)) // the same window, rounded differently
		c.reserveN(0, 3)
		c.reserve(0, 10*time.Second)
		c.observe(time.Second, window(10, 1, 10*time.Second)) // not more than is kept
		c.reserve(time.Second, 9*time.Second)
	}},
	{"ANewerWindowReplacesTheCount", func(t *testing.T, c *checker) {
		c.observe(0, window(0, 0, 10*time.Second))
		c.observe(time.Second, window(0, 2, 20*time.Second)) // the server's clock is ahead
		c.reserveN(time.Second, 2)
		c.reserve(time.Second, 19*time.Second)
		c.observe(2*time.Second, window(0, 7, 10*time.Second)) // an older window: ignored
		c.reserve(2*time.Second, 18*time.Second)
	}},
	{"AfterARolloverObservationsMerge", func(t *testing.T, c *checker) {
		c.observe(0, window(10, 0, time.Second))
		c.reserveN(time.Second, 4) // the next window: 10, 6 left
		c.observe(time.Second, window(10, 8, 2*time.Second))
		c.reserveN(time.Second, 6)
		c.reserve(time.Second, time.Second)
	}},
	{"AStaleWindowIsIgnored", func(t *testing.T, c *checker) {
		c.observe(0, window(10, 0, time.Second))
		c.reserveN(time.Second, 4)                           // the next window: 10, 6 left
		c.observe(time.Second, window(10, 0, time.Second))   // a response of the window that ended
		c.observe(time.Second, window(10, 8, 2*time.Second)) // the current one
		c.reserveN(time.Second, 6)
		c.reserve(time.Second, time.Second)
	}},
	{"ACountWithoutResetIsIgnored", func(t *testing.T, c *checker) {
		c.observe(0, ratelimit.Limits{Remaining: 0})
		c.observe(0, ratelimit.Limits{})
		c.reserveN(0, 10)
		c.observe(0, window(0, 2, 30*time.Second))
		c.reserveN(0, 2)
		c.reserve(0, 30*time.Second)
	}},
	{"RetryAfterBlocks", func(t *testing.T, c *checker) {
		c.observe(0, ratelimit.Limits{Remaining: ratelimit.Unknown, RetryAfter: at(5 * time.Second)})
		c.reserve(0, 5*time.Second)
		c.reserve(4*time.Second, time.Second)
		c.observe(4*time.Second, ratelimit.Limits{Remaining: ratelimit.Unknown, RetryAfter: at(3 * time.Second)}) // earlier: the latest wins
		c.reserve(4*time.Second, time.Second)
		c.observe(4*time.Second, ratelimit.Limits{Remaining: ratelimit.Unknown, RetryAfter: at(8 * time.Second)})
		c.reserve(4*time.Second, 4*time.Second)
		c.reserveN(8*time.Second, 100)
	}},
	{"RetryAfterAndCountTogether", func(t *testing.T, c *checker) {
		l := window(0, 1, 20*time.Second)
		l.RetryAfter = at(5 * time.Second)
		c.observe(0, l)
		c.reserve(0, 5*time.Second)
		c.reserve(5*time.Second, 0)
		c.reserve(5*time.Second, 15*time.Second)
	}},
	{"KeysAreIndependent", func(t *testing.T, c *checker) {
		c.observe(0, window(0, 0, 10*time.Second))
		other := &checker{t: t, s: c.s, key: c.key + "-other"}
		other.reserveN(0, 100)
		c.reserve(0, 10*time.Second)
	}},
	{"MillisecondsAreKept", func(t *testing.T, c *checker) {
		c.observe(0, ratelimit.Limits{Remaining: ratelimit.Unknown, RetryAfter: at(1500 * time.Millisecond)})
		c.reserve(1499*time.Millisecond, time.Millisecond)
		c.reserve(1500*time.Millisecond, 0)
	}},
}

// concurrent checks that racing Reserves never hand out more than the remaining count.
func concurrent(t *testing.T, s ratelimit.Store) {
	const key, remaining, workers, tries = "key-Concurrent", 50, 8, 20
	if err := s.Observe(context.Background(), key, window(0, remaining, time.Hour), T0); err != nil {
		t.Fatal(err)
	}
	var granted atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range tries {
				wait, err := s.Reserve(context.Background(), key, T0)
				if err != nil {
					errs <- err
					return
				}
				if wait == 0 {
					granted.Add(1)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := granted.Load(); got != remaining {
		t.Fatalf("%d workers trying %d times each were granted %s, want exactly %d",
			workers, tries, fmt.Sprint(got), remaining)
	}
}
