package retryer_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
)

func TestOnWaitAnnouncesEachWaitBeforeIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var waits, at []time.Duration
		ctx := retryer.OnWait(context.Background(), func(d time.Duration) error {
			waits = append(waits, d)
			at = append(at, time.Since(start))
			return nil
		})
		r := retryer.New(100*time.Millisecond, time.Second, 3)
		failure := &errordecoder.RetryableError{Err: errors.New("503")}
		for r.ContinueOrPropagate(ctx, failure) == nil {
		}
		ms := time.Millisecond
		assert.Equal(t, []time.Duration{150 * ms, 225 * ms}, waits)
		assert.Equal(t, []time.Duration{0, 150 * ms}, at, "announced when the wait begins")
	})
}

func TestAnnounceWaitWithoutHook(t *testing.T) {
	assert.NoError(t, retryer.AnnounceWait(context.Background(), time.Second)) // no hook: nothing happens
	var got time.Duration
	err := retryer.AnnounceWait(retryer.OnWait(context.Background(), func(d time.Duration) error {
		got = d
		return nil
	}), time.Second)
	assert.NoError(t, err)
	assert.Equal(t, time.Second, got)
}

// A refused wait is not waited: the Retryer returns at once with the refusal and the
// failure.
func TestRefusedWaitReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		refusal := errors.New("no budget")
		ctx := retryer.OnWait(context.Background(), func(time.Duration) error { return refusal })
		failure := &errordecoder.RetryableError{Err: errors.New("503")}
		start := time.Now()

		err := retryer.New(100*time.Millisecond, time.Second, 3).ContinueOrPropagate(ctx, failure)

		assert.ErrorIs(t, err, refusal)
		assert.ErrorIs(t, err, failure)
		assert.Zero(t, time.Since(start), "no wait began")
	})
}
