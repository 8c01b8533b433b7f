package retrybudget_test

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retrybudget"
)

// clock is a fake time source, safe for concurrent use.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }

func newBudget(t *testing.T, c retrybudget.Config) (*retrybudget.Budget, *clock) {
	t.Helper()
	clk := &clock{}
	clk.ns.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	b, err := retrybudget.New(c, retrybudget.WithClock(clk.now))
	require.NoError(t, err)
	require.NotNil(t, b)
	return b, clk
}

// withdrawAll withdraws until the budget refuses and returns how many it allowed.
func withdrawAll(b *retrybudget.Budget) int {
	n := 0
	for b.TryWithdraw() {
		n++
		if n > 10_000_000 {
			panic("the budget never refuses")
		}
	}
	return n
}

func deposit(b *retrybudget.Budget, calls int) {
	for range calls {
		b.Deposit()
	}
}

// The defaults: a floor of 10 a second over 10 s, so 100 retries with no call at all.
func TestFloorAloneAllowsMinPerSecondTimesWindow(t *testing.T) {
	b, _ := newBudget(t, retrybudget.Config{Ratio: retrybudget.DefaultRatio})
	assert.Equal(t, 100, withdrawAll(b))
	assert.False(t, b.TryWithdraw(), "a refused withdrawal is taken back, and refused again")
}

// The floor is a floor, not an addition: up to 1,000 calls the floor of 100 rules,
// beyond it 10 % of the calls.
func TestRatioRulesAboveTheFloor(t *testing.T) {
	for _, tc := range []struct{ calls, want int }{
		{0, 100}, {1, 100}, {999, 100}, {1000, 100}, {1009, 100}, {1010, 101},
		{5000, 500}, {10_000, 1000}, {12_345, 1234},
	} {
		b, _ := newBudget(t, retrybudget.Config{Window: 10 * time.Second})
		deposit(b, tc.calls)
		assert.Equal(t, tc.want, withdrawAll(b), "after %d calls", tc.calls)
	}
}

// Withdrawals and deposits interleave: with the floor used up, each ten calls pay for
// one more retry, and no more.
func TestEachTenCallsPayForOneRetry(t *testing.T) {
	b, _ := newBudget(t, retrybudget.Config{MinPerSecond: 1, Window: time.Second}) // floor 1
	assert.True(t, b.TryWithdraw())
	assert.False(t, b.TryWithdraw())
	granted := 0
	for range 200 {
		b.Deposit()
		if b.TryWithdraw() {
			granted++
		}
	}
	assert.Equal(t, 19, granted, "200 calls allow 20 retries, one of which the floor already gave")
}

// A call and a retry count for the tenth of the window they fell in plus 0.9 Window.
func TestWindowSlidesInTenths(t *testing.T) {
	b, clk := newBudget(t, retrybudget.Config{Ratio: 0.5, MinPerSecond: -1, Window: 10 * time.Second})
	clk.advance(500 * time.Millisecond) // in the middle of the first tenth
	deposit(b, 10)                      // pays for 5 retries until the end of 10s
	assert.Equal(t, 5, withdrawAll(b))
	clk.advance(9499 * time.Millisecond) // 9.999s: the first tenth is still in the window
	assert.False(t, b.TryWithdraw())
	deposit(b, 2) // one more retry
	assert.Equal(t, 1, withdrawAll(b))
	clk.advance(time.Millisecond) // 10s: the first tenth leaves, with its 10 calls and 5 retries
	assert.Equal(t, 0, withdrawAll(b), "2 calls in the window and 1 retry: 1 ≤ 0.5·2, no more")
	deposit(b, 2)
	assert.Equal(t, 1, withdrawAll(b))
	clk.advance(10 * time.Second) // everything expired
	assert.False(t, b.TryWithdraw(), "no floor and no call: no retry")
	deposit(b, 4)
	assert.Equal(t, 2, withdrawAll(b))
}

// Retries taken from the floor come back when they leave the window.
func TestFloorRefillsAsRetriesExpire(t *testing.T) {
	b, clk := newBudget(t, retrybudget.Config{MinPerSecond: 2, Window: time.Second}) // floor 2
	assert.Equal(t, 2, withdrawAll(b))
	clk.advance(999 * time.Millisecond)
	assert.False(t, b.TryWithdraw())
	clk.advance(time.Millisecond)
	assert.Equal(t, 2, withdrawAll(b))
	// One a tenth: at most 2 retries in any window of ten tenths.
	clk.advance(time.Second)
	var got []bool
	for range 20 {
		got = append(got, b.TryWithdraw(), b.TryWithdraw(), b.TryWithdraw())
		clk.advance(100 * time.Millisecond)
	}
	allowed := 0
	for _, ok := range got {
		if ok {
			allowed++
		}
	}
	assert.Equal(t, 4, allowed, "two windows of 1s, 2 retries each")
}

// A clock set back counts into the first tenth instead of failing or counting twice.
func TestClockSetBack(t *testing.T) {
	b, clk := newBudget(t, retrybudget.Config{MinPerSecond: 1, Window: time.Second})
	clk.advance(-time.Hour)
	assert.True(t, b.TryWithdraw())
	assert.False(t, b.TryWithdraw())
}

func TestNegativeFieldsMeanNone(t *testing.T) {
	b, _ := newBudget(t, retrybudget.Config{Ratio: -1})
	deposit(b, 10_000)
	assert.Equal(t, 100, withdrawAll(b), "no ratio: the floor alone")

	b, _ = newBudget(t, retrybudget.Config{MinPerSecond: -1})
	assert.Equal(t, 0, withdrawAll(b), "no floor: no call, no retry")
	deposit(b, 30)
	assert.Equal(t, 3, withdrawAll(b))

	b, _ = newBudget(t, retrybudget.Config{Ratio: -1, MinPerSecond: -1})
	deposit(b, 10_000)
	assert.Equal(t, 0, withdrawAll(b), "neither: no retries at all")
}

func TestLargeValuesAreBounded(t *testing.T) {
	b, _ := newBudget(t, retrybudget.Config{Ratio: 1e300, MinPerSecond: -1})
	deposit(b, 3)
	assert.Equal(t, 300, withdrawAll(b), "a Ratio above 100 is 100")

	b, _ = newBudget(t, retrybudget.Config{Ratio: -1, MinPerSecond: math.MaxFloat64, Window: 100 * 365 * 24 * time.Hour})
	for range 1000 {
		require.True(t, b.TryWithdraw(), "a floor of 1e12 a window")
	}
}

func TestZeroConfigTurnsTheBudgetOff(t *testing.T) {
	b, err := retrybudget.New(retrybudget.Config{})
	require.NoError(t, err)
	assert.Nil(t, b)
	b.Deposit() // a nil *Budget counts nothing
	for range 1000 {
		require.True(t, b.TryWithdraw())
	}
}

func TestNewRejects(t *testing.T) {
	for _, tc := range []struct {
		config retrybudget.Config
		msg    string
	}{
		{retrybudget.Config{Ratio: math.NaN()}, "retrybudget: invalid config: Ratio NaN is not a finite number"},
		{retrybudget.Config{Ratio: math.Inf(1)}, "retrybudget: invalid config: Ratio +Inf is not a finite number"},
		{retrybudget.Config{MinPerSecond: math.Inf(-1)}, "retrybudget: invalid config: MinPerSecond -Inf is not a finite number"},
		{retrybudget.Config{Window: -time.Second}, "retrybudget: invalid config: Window -1s is negative"},
		{retrybudget.Config{Window: 99 * time.Millisecond}, "retrybudget: invalid config: Window 99ms is shorter than 100ms"},
	} {
		b, err := retrybudget.New(tc.config)
		assert.Nil(t, b)
		require.Error(t, err)
		assert.True(t, errors.Is(err, retrybudget.ErrConfig))
		assert.Equal(t, tc.msg, err.Error())
	}
}

// Without WithClock the budget reads time.Now, which testing/synctest fakes.
func TestRealClockUnderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, err := retrybudget.New(retrybudget.Config{MinPerSecond: 1, Window: 10 * time.Second})
		require.NoError(t, err)
		assert.Equal(t, 10, withdrawAll(b))
		time.Sleep(9 * time.Second)
		assert.False(t, b.TryWithdraw())
		time.Sleep(time.Second)
		assert.Equal(t, 10, withdrawAll(b))
	})
}

// Racing goroutines never get more than the limit; once they are done, exactly the
// limit has been granted.
func TestConcurrentWithdrawalsNeverExceedTheLimit(t *testing.T) {
	const workers, callsEach = 8, 1000
	b2, _ := newBudget(t, retrybudget.Config{Ratio: 0.1})
	var granted atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range callsEach {
				b2.Deposit()
				if b2.TryWithdraw() {
					granted.Add(1)
				}
				if b2.TryWithdraw() {
					granted.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, granted.Load(), int64(workers*callsEach/10))
	granted.Add(int64(withdrawAll(b2)))
	assert.Equal(t, int64(workers*callsEach/10), granted.Load())
}

func TestHotPathAllocatesNothing(t *testing.T) {
	b, _ := newBudget(t, retrybudget.Config{Ratio: 0.1})
	allocs := testing.AllocsPerRun(1000, func() {
		b.Deposit()
		b.TryWithdraw()
	})
	assert.Zero(t, allocs)
	real, err := retrybudget.New(retrybudget.Config{Ratio: 0.1})
	require.NoError(t, err)
	allocs = testing.AllocsPerRun(1000, func() {
		real.Deposit()
		real.TryWithdraw()
	})
	assert.Zero(t, allocs, "with time.Now")
}

// A bucket left untouched for half the range of its tenth's counter is renewed, not
// taken for a newer one: a quiet process with a short window keeps counting its
// retries.
func TestLongIdleBucketsAreRenewed(t *testing.T) {
	b, clk := newBudget(t, retrybudget.Config{Ratio: -1, MinPerSecond: 10, Window: 100 * time.Millisecond}) // floor 1
	clk.advance(10 * time.Millisecond * (1 << 31))                                                          // 2³¹ tenths: 248 days
	assert.True(t, b.TryWithdraw())
	assert.False(t, b.TryWithdraw(), "the retry was counted")
	clk.advance(100 * time.Millisecond)
	assert.True(t, b.TryWithdraw())
	assert.False(t, b.TryWithdraw())
}
