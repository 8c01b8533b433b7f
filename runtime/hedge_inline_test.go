package runtime_test

import (
	"bytes"
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	feign "github.com/gofeign/feign/runtime"
)

// goroutineID returns the number runtime.Stack gives the calling goroutine.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := bytes.Cut(bytes.TrimPrefix(buf, []byte("goroutine ")), []byte(" "))
	return string(id)
}

// A hedged call's first attempt runs on the caller's goroutine: a call that answers
// before the delay starts no goroutine. When the delay passes, the hedge is sent from
// another goroutine, and the round still ends with the first acceptable result.
func TestHedgedFirstAttemptRunsOnTheCallersGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		caller := goroutineID()
		var mu sync.Mutex
		sentFrom := map[int]string{} // attempt (X-Attempt) to the goroutine that sent it
		p := newPlan([]time.Duration{10 * time.Millisecond, time.Second, 10 * time.Millisecond}, []int{200, 200, 200})
		client, rt := inMemory(t, func(r *http.Request, n int) (*http.Response, error) {
			mu.Lock()
			sentFrom[attemptOf(r)] = goroutineID()
			mu.Unlock()
			return p.answer(r, n)
		}, numbered(), feign.WithHedging(feign.Hedging{Delay: 50 * time.Millisecond}))

		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))
		assert.Equal(t, result{Attempt: 1}, got)
		mu.Lock()
		assert.Equal(t, map[int]string{1: caller}, sentFrom, "answered before the delay: on the caller's goroutine, no hedge")
		mu.Unlock()

		start := time.Now()
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))
		assert.Equal(t, 60*time.Millisecond, time.Since(start), "the hedge answers 10ms after the 50ms delay")
		assert.Equal(t, result{Attempt: 3}, got, "the hedge wins")
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, caller, sentFrom[2], "the slow first attempt of the second call ran on the caller's goroutine")
		assert.NotEqual(t, caller, sentFrom[3], "its hedge did not")
		assert.Len(t, sentFrom, 3)
		assert.Equal(t, map[int]bool{2: true}, p.cancelled, "the loser is cancelled")
		assert.EqualValues(t, 3, rt.hits.Load())
	})
}
