package e2e

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

// TestClientHeadersAndContextOptionsReachEveryMethod checks, through generated methods
// of which only one declares ...runtime.CallOption, that WithHeader's headers are on
// every request and that CallOptions travel in the context.
func TestClientHeadersAndContextOptionsReachEveryMethod(t *testing.T) {
	s := newServer(t, reply{status: 200, body: `"t"`})
	api := newBodies(t, s, runtime.WithHeader("x-api-key", "k"))
	ctx := runtime.ContextWithCallOptions(context.Background(), runtime.CallHeader("X-Request-Id", "r1"))

	require.NoError(t, api.Text(ctx, "a")) // declares no CallOptions
	_, err := api.GetToken(ctx, runtime.CallHeader("X-Request-Id", "r2"))
	require.NoError(t, err)

	want := []seen{
		{"PUT", "/text", http.Header{
			"Accept-Encoding": {"gzip"}, "Content-Length": {"1"}, "Content-Type": {"text/plain; charset=utf-8"},
			"User-Agent": {"gofeign/1"}, "X-Api-Key": {"k"}, "X-Request-Id": {"r1"},
		}, "a"},
		{"GET", "/token", http.Header{
			"Accept": {"application/json"}, "Accept-Encoding": {"gzip"},
			"User-Agent": {"gofeign/1"}, "X-Api-Key": {"k"}, "X-Request-Id": {"r1", "r2"},
		}, ""},
	}
	assert.Equal(t, want, s.requests())
}
