package e2e

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/breaker"
	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// cachedStore is the fallback: another implementation of Store, answering Get from
// memory. The Store it embeds is nil: only Get may be called.
type cachedStore struct {
	Store
	got []string // the arguments Get was given
}

func (c *cachedStore) Get(_ context.Context, id string, fields []string, version *int) (*Item, error) {
	c.got = append(c.got, id, fields[0], time.Duration(*version).String())
	return &Item{ID: "cached " + id}, nil
}

// Once the circuit of Store#Get is open, its calls are answered by the fallback's Get,
// with the same arguments, and never reach the server; other failures, and other
// endpoints, are not the fallback's.
func TestFallbackAnswersCallsAnOpenCircuitRefuses(t *testing.T) {
	s := newServer(t, reply{status: http.StatusServiceUnavailable, body: "down"})
	cached := &cachedStore{}
	store, err := NewStore(s.URL, runtime.WithRetryer(retryer.Never),
		runtime.WithCircuitBreaker(breaker.Config{MinCalls: 2, OpenFor: time.Minute}),
		WithStoreFallback(cached))
	require.NoError(t, err)
	version := 3

	for range 2 {
		_, err := store.Get(context.Background(), "7", []string{"name"}, &version)
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &httpErr, "a 503 is not the fallback's")
		assert.Equal(t, http.StatusServiceUnavailable, httpErr.StatusCode)
	}
	assert.Empty(t, cached.got)

	item, err := store.Get(context.Background(), "7", []string{"name"}, &version)
	require.NoError(t, err)
	assert.Equal(t, &Item{ID: "cached 7"}, item)
	assert.Equal(t, []string{"7", "name", "3ns"}, cached.got)

	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, store.Touch(context.Background(), "7"), &httpErr, "Store#Touch has a circuit of its own, closed")
	assert.Len(t, s.requests(), 3, "the server saw the two failing Gets and the Touch")
}

func TestWithoutFallbackAnOpenCircuitFailsTheCall(t *testing.T) {
	s := newServer(t, reply{status: http.StatusServiceUnavailable, body: "down"})
	store, err := NewStore(s.URL, runtime.WithRetryer(retryer.Never),
		runtime.WithCircuitBreaker(breaker.Config{MinCalls: 1, OpenFor: time.Minute}))
	require.NoError(t, err)
	version := 3
	_, err = store.Get(context.Background(), "7", []string{"name"}, &version)
	require.Error(t, err)
	_, err = store.Get(context.Background(), "7", []string{"name"}, &version)
	require.ErrorIs(t, err, runtime.ErrCircuitOpen)
	assert.Len(t, s.requests(), 1)
}
