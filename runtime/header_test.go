package runtime_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

// wireHeader is the whole header a GET of the runtime arrives with, plus extra.
func wireHeader(extra http.Header) http.Header {
	h := http.Header{"Accept-Encoding": {"gzip"}, "User-Agent": {"gofeign/1"}}
	for k, v := range extra {
		h[k] = v
	}
	return h
}

func TestWithHeaderIsOnEveryAttemptOfEveryCall(t *testing.T) {
	srv := newServer(t, statuses(503, 200, 200))
	f := newFixture(t, srv.URL,
		runtime.WithHeader("x-api-key", "k1"),
		runtime.WithHeader("X-Tenant", "acme"),
		runtime.WithHeader("accept", "text/plain"))
	call := f.NewCall(context.Background(), endpoint("GET"), runtime.CallHeader("X-Api-Key", "k2"))
	call.Header("Accept", "application/json")
	require.NoError(t, call.Do())
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Do())

	seen := srv.attempts()
	require.Len(t, seen, 3)
	assert.EqualValues(t, 3, f.sent.Load())
	first := wireHeader(http.Header{
		"X-Api-Key": {"k1", "k2"},
		"X-Tenant":  {"acme"},
		"Accept":    {"text/plain", "application/json"},
	})
	assert.Equal(t, first, seen[0].Header)
	assert.Equal(t, first, seen[1].Header, "the retry carries them too")
	assert.Equal(t, wireHeader(http.Header{"X-Api-Key": {"k1"}, "X-Tenant": {"acme"}, "Accept": {"text/plain"}}), seen[2].Header,
		"another call carries the Client's headers, not the last call's")
}

func TestWithHeaderUserAgentAndContentType(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL, runtime.WithHeader("User-Agent", "mine/2"), runtime.WithHeader("Content-Type", "application/x-mine"))
	call := f.NewCall(context.Background(), endpoint("POST"))
	call.BodyString("x")
	require.NoError(t, call.Do())
	call = f.NewCall(context.Background(), endpoint("POST"))
	call.Header("Content-Type", "text/csv")
	call.BodyString("y")
	require.NoError(t, call.Do())

	seen := srv.attempts()
	require.Len(t, seen, 2)
	assert.Equal(t, http.Header{"Accept-Encoding": {"gzip"}, "User-Agent": {"mine/2"}, "Content-Type": {"application/x-mine"}, "Content-Length": {"1"}}, seen[0].Header)
	assert.Equal(t, http.Header{"Accept-Encoding": {"gzip"}, "User-Agent": {"mine/2"}, "Content-Type": {"text/csv"}, "Content-Length": {"1"}}, seen[1].Header,
		"a declared Content-Type replaces the Client's")
}

func TestWithHeaderRefusesWhatCannotBeSent(t *testing.T) {
	for _, tc := range []struct {
		name, value, want string
	}{
		{"X Key", "v", `feign: invalid header: WithHeader: "X Key" is no valid header name`},
		{"X-Key:", "v", `feign: invalid header: WithHeader: "X-Key:" is no valid header name`},
		{"", "v", `feign: invalid header: WithHeader: "" is no valid header name`},
		{"content-length", "1", "feign: invalid header: WithHeader: Content-Length is set by the HTTP transport"},
		{"Host", "evil.example", "feign: invalid header: WithHeader: Host is set by the HTTP transport"},
		{"Authorization", "Bearer s3cr3t\r\nX-Injected: 1", "feign: invalid header: WithHeader: the value of Authorization has a control character (CR, LF, ...)"},
		{"X-Key", "s3cr3t\n", "feign: invalid header: WithHeader: the value of X-Key has a control character (CR, LF, ...)"},
		{"X-Key", "s3cr3t\x00", "feign: invalid header: WithHeader: the value of X-Key has a control character (CR, LF, ...)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := runtime.New("http://127.0.0.1:1", runtime.WithHeader("X-Fine", "ok"), runtime.WithHeader(tc.name, tc.value))
			assert.Nil(t, c)
			require.Error(t, err)
			assert.True(t, errors.Is(err, runtime.ErrInvalidHeader))
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestContextCallOptions(t *testing.T) {
	srv := newServer(t, statuses(200))
	other := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)

	parent := runtime.ContextWithCallOptions(context.Background(), runtime.CallHeader("X-Trace", "ctx"), runtime.CallBaseURL("http://127.0.0.1:1"))
	ctx := runtime.ContextWithCallOptions(parent, runtime.CallHeader("X-Trace", "inner"))
	assert.Same(t, parent, runtime.ContextWithCallOptions(parent), "no options: the same context")

	// Explicit options apply after the context's: the base URL is the explicit one, and
	// the header is sent with every value.
	require.NoError(t, f.NewCall(ctx, endpoint("GET"), runtime.CallHeader("X-Trace", "explicit"), runtime.CallBaseURL(other.URL)).Do())
	// The parent is not changed by what was derived from it.
	require.NoError(t, f.NewCall(parent, endpoint("GET"), runtime.CallBaseURL(srv.URL)).Do())

	require.Len(t, other.attempts(), 1)
	assert.Equal(t, wireHeader(http.Header{"X-Trace": {"ctx", "inner", "explicit"}}), other.attempts()[0].Header)
	require.Len(t, srv.attempts(), 1)
	assert.Equal(t, wireHeader(http.Header{"X-Trace": {"ctx"}}), srv.attempts()[0].Header)

	// A bad option in the context fails the call before anything is sent, as an
	// explicit one does.
	bad := runtime.ContextWithCallOptions(context.Background(), runtime.CallHeader("X-Trace", "a\nb"))
	err := f.NewCall(bad, endpoint("GET")).Do()
	var argErr *runtime.ArgumentError
	require.True(t, errors.As(err, &argErr), "%v", err)
	assert.Len(t, srv.attempts(), 1)
}

type otherKey struct{}

// TestContextWithoutCallOptionsCostsNothing checks that looking the options up in a
// context that carries none, however deep, allocates nothing: NewCall allocates only
// the Call.
func TestContextWithoutCallOptionsCostsNothing(t *testing.T) {
	client, err := runtime.New("http://127.0.0.1:1")
	require.NoError(t, err)
	ctx := context.WithValue(context.Background(), otherKey{}, "x")
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e := endpoint("GET")
	allocs := testing.AllocsPerRun(200, func() { client.NewCall(ctx, e) })
	assert.Equal(t, 1.0, allocs, "the Call, and nothing for the context lookup")
}
