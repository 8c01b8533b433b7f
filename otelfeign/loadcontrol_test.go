package otelfeign_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/breaker"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// A call the circuit breaker refuses has a feign.circuit_open event on its span, and
// one held by a spent quota a feign.rate_limit_wait event.
func TestLoadControlEvents(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("RateLimit", `"default";r=0;t=1`)
			w.Write([]byte("[]"))
			return
		}
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	tm := newTelemetry(t)
	gh := newClient(t, srv, tm.option, runtime.WithRetryer(retryer.Never), runtime.WithRateLimits(),
		runtime.WithCircuitBreaker(breaker.Config{MinCalls: 1, OpenFor: time.Minute}))

	_, err := gh.Contributors(context.Background(), "gofeign", "feign", &anon)
	require.NoError(t, err)
	_, err = gh.Contributors(context.Background(), "gofeign", "feign", &anon) // waits, then a 503 opens the circuit
	require.Error(t, err)
	_, err = gh.Contributors(context.Background(), "gofeign", "feign", &anon)
	require.ErrorIs(t, err, runtime.ErrCircuitOpen)

	spans, _ := tm.recorded()
	var events [][]string
	for _, s := range spans {
		if s.Name == callName {
			events = append(events, s.Events)
		}
	}
	require.Len(t, events, 3)
	assert.Empty(t, events[0])
	require.Len(t, events[1], 1)
	assert.Regexp(t, `^feign.rate_limit_wait feign.attempt=1 feign.wait=[0-9.]+$`, events[1][0])
	assert.Equal(t, []string{"feign.circuit_open feign.attempt=1 feign.hedge=false"}, events[2])
}
