package runtime_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// recorder keeps the Events of calls, in order, as one line each.
type recorder struct {
	mu     sync.Mutex
	lines  []string
	events []runtime.Event
}

func (r *recorder) Observe(_ context.Context, e runtime.Event) {
	line := fmt.Sprintf("%v #%d", e.Kind, e.Attempt)
	if e.Hedge {
		line += " hedge"
	}
	switch e.Kind {
	case runtime.AttemptEnd:
		line += fmt.Sprintf(" %d %v err=%t", e.StatusCode, e.Duration, e.Err != nil)
	case runtime.RetryWait:
		line += fmt.Sprintf(" %v", e.Wait)
	case runtime.CallEnd:
		line += fmt.Sprintf(" %v err=%t", e.Duration, e.Err != nil)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, line)
	r.events = append(r.events, e)
}

func TestEventsOfARetriedCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		client, _ := inMemory(t, func(r *http.Request, hit int) (*http.Response, error) {
			return after(r, 20*time.Millisecond, respond(r, []int{503, 200}[hit-1], nil, "{}"))
		}, runtime.WithRetryer(retryer.New(100*time.Millisecond, time.Second, 5)), runtime.WithObserver(rec))

		call := client.NewCall(context.Background(), endpoint("GET"))
		call.Path("/search")
		call.Query("q", "go")
		call.Query("access_token", "s3cr3t")
		require.NoError(t, call.Do())

		assert.Equal(t, []string{
			"AttemptStart #1",
			"AttemptEnd #1 503 20ms err=true",
			"RetryWait #2 150ms",
			"AttemptStart #2",
			"AttemptEnd #2 200 20ms err=false",
			"CallEnd #2 190ms err=false",
		}, rec.lines)
		for _, e := range rec.events {
			assert.Equal(t, "API#GET", e.MethodKey)
			assert.Equal(t, "GET", e.Method)
			assert.Equal(t, "http://api.test/search?q=go&access_token=REDACTED", e.URL)
		}
		var httpErr *errordecoder.HTTPError
		assert.ErrorAs(t, rec.events[1].Err, &httpErr)
		assert.NotNil(t, rec.events[0].Request)
		assert.Same(t, rec.events[0].Request, rec.events[1].Request)
		assert.Equal(t, 503, rec.events[1].Response.StatusCode)
	})
}

func TestEventsOfAHedgedCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		p := newPlan([]time.Duration{time.Second, 10 * time.Millisecond}, []int{200, 200})
		client, _ := inMemory(t, p.answer, numbered(), runtime.WithObserver(rec),
			runtime.WithHedging(runtime.Hedging{Delay: 50 * time.Millisecond, MaxAttempts: 2}))

		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Do())

		assert.Equal(t, []string{
			"AttemptStart #1",
			"HedgeFired #2 hedge",
			"AttemptStart #2 hedge",
			"AttemptEnd #2 hedge 200 10ms err=false",
			"AttemptEnd #1 0 60ms err=true", // cancelled
			"HedgeWon #2 hedge",
			"CallEnd #2 60ms err=false",
		}, rec.lines)
	})
}

func TestEventsOfBudgetRefusals(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		client, _ := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, 503, nil, ""), nil
		}, runtime.WithRetryer(retryer.New(0, 0, 2)), runtime.WithObserver(rec),
			runtime.WithRetryBudget(runtime.RetryBudget{Ratio: -1, MinPerSecond: -1}))

		err := client.NewCall(context.Background(), endpoint("GET")).Do()

		require.ErrorIs(t, err, runtime.ErrBudgetExhausted)
		assert.Equal(t, []string{
			"AttemptStart #1",
			"AttemptEnd #1 503 0s err=true",
			"BudgetRefused #2",
			"CallEnd #1 0s err=true",
		}, rec.lines, "a budget with neither ratio nor floor allows no retry")
	})
}
