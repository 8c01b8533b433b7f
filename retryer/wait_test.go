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
		ctx := retryer.OnWait(context.Background(), func(d time.Duration) {
			waits = append(waits, d)
			at = append(at, time.Since(start))
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
	retryer.AnnounceWait(context.Background(), time.Second) // no hook: nothing happens
	var got time.Duration
	retryer.AnnounceWait(retryer.OnWait(context.Background(), func(d time.Duration) { got = d }), time.Second)
	assert.Equal(t, time.Second, got)
}
