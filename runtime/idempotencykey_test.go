package runtime_test

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

// TestDeclaredIdempotencyKeyMakesAPostHedgeable: a POST whose interface declares an
// Idempotency-Key header (generated code sets it with Call.Header) may be sent twice,
// so it is hedged: the server sees the hedge, with the same key and body, while it
// holds the first request, and the client cancels the loser. Without the header the
// same POST is sent once.
func TestDeclaredIdempotencyKeyMakesAPostHedgeable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		key      string
		attempts int32
	}{
		{"with the header", "order-7", 2},
		{"without it", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cancelled atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
				if attempt == 1 && tc.key != "" {
					select {
					case <-r.Context().Done(): // held until the client cancels the loser
						cancelled.Add(1)
						return
					case <-time.After(5 * time.Second): // no hedge came: answer, and fail below
					}
				}
				w.WriteHeader(http.StatusCreated)
				io.WriteString(w, `{"id":"o-7"}`)
			})
			f := newFixture(t, srv.URL, runtime.WithHedging(runtime.Hedging{MaxAttempts: 2}))
			call := f.NewCall(context.Background(), endpoint("POST"))
			call.Path("/orders")
			if tc.key != "" {
				call.Header("Idempotency-Key", tc.key)
			}
			call.Body(map[string]int{"amount": 100})

			got, err := runtime.Decode[map[string]string](call)

			require.NoError(t, err)
			assert.Equal(t, map[string]string{"id": "o-7"}, got)
			assert.Equal(t, tc.attempts, f.sent.Load(), "client-side attempts")
			assert.Equal(t, tc.attempts, srv.hits.Load(), "server-side attempts")
			srv.Close() // waits for a held handler, which ends once the client cancels it
			seen := srv.attempts()
			require.Len(t, seen, int(tc.attempts))
			for _, s := range seen {
				assert.Equal(t, "POST /orders", s.Method+" "+s.RequestURI)
				assert.Equal(t, tc.key, s.Header.Get("Idempotency-Key"))
				assert.Equal(t, `{"amount":100}`, string(s.Body))
			}
			if tc.key != "" {
				assert.EqualValues(t, 1, cancelled.Load(), "the server saw the loser cancelled")
			}
		})
	}
}
