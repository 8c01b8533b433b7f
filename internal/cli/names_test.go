package cli_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/testdata/scenarios/names"
)

// TestGeneratedNamesAroundTheUsers calls the clients of the names scenario, whose
// interfaces and methods are named like generated identifiers: each method sends its
// own request, once, with its own endpoint even where that endpoint's variable had to
// take a number.
func TestGeneratedNamesAroundTheUsers(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		_, _ = io.WriteString(w, r.URL.Path)
	}))
	defer srv.Close()
	opts := []runtime.Option{runtime.WithHTTPClient(srv.Client())}
	ctx := context.Background()

	rt, err := names.NewRuntime(srv.URL, opts...)
	require.NoError(t, err)
	require.NoError(t, rt.Call(ctx))
	require.NoError(t, rt.Client(ctx))
	require.NoError(t, rt.Endpoint(ctx, "c", "call", "client"))
	require.NoError(t, rt.NewCall(ctx))
	require.NoError(t, rt.NewRuntime(ctx))
	require.NoError(t, rt.RuntimeClient(ctx))
	require.NoError(t, rt.CallClient(ctx))

	c, err := names.NewClient(srv.URL, opts...)
	require.NoError(t, err)
	got, err := c.Client(ctx)
	require.NoError(t, err)
	assert.Equal(t, "/client", got)
	require.NoError(t, c.Get("base", "opts"))

	rc, err := names.NewRuntimeCall(srv.URL, opts...)
	require.NoError(t, err)
	require.NoError(t, rc.Client(ctx))

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{
		"GET /call", "GET /client", "GET /endpoint/c/call/client", "GET /new-call", "GET /new-runtime", "GET /runtime-client", "GET /call-client",
		"GET /client", "GET /base/opts",
		"GET /x",
	}, seen)
}
