package retryer_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
)

// TestDefaultSpreadsWaitsAcrossClones: Default has jitter on, so clients that failed
// together do not come back together. The first waits of 100 clones, one per call, all
// lie within [0, 150ms], the first backoff, and are not all equal.
func TestDefaultSpreadsWaitsAcrossClones(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		template := retryer.Default()
		distinct := map[time.Duration]bool{}
		for range 100 {
			waited, err := timed(t.Context(), template.Clone(), unavailable(0))
			require.NoError(t, err)
			require.GreaterOrEqual(t, waited, time.Duration(0))
			require.LessOrEqual(t, waited, 150*ms)
			distinct[waited] = true
		}
		// Full jitter over [0, 150ms] in nanoseconds: 100 equal draws would be a broken
		// random source or no jitter at all.
		assert.Greater(t, len(distinct), 50, "the first waits of 100 clones are spread out")
	})
}

// TestCancelledContextWithZeroBackoff: with zero periods there is no wait in which to
// notice the context, yet a done context still ends the call at once, on every call.
func TestCancelledContextWithZeroBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := retryer.New(0, 0, 1_000_000)
	failure := unavailable(0)

	done := make(chan error, 1)
	go func() {
		for range 1000 {
			if err := r.ContinueOrPropagate(ctx, failure); err == nil {
				done <- errors.New("ContinueOrPropagate returned nil with a done context")
				return
			} else if !errors.Is(err, context.Canceled) || !errors.Is(err, failure) {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("ContinueOrPropagate has not returned after 5s")
	}
}
