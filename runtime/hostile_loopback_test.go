package runtime_test

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/faultserver"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// hostileClient is a Client with the runtime's own HTTP client, its bounds set short
// (50ms) for real loopback, against a faultserver with the given fault on every request.
func hostileClient(t *testing.T, f faultserver.Fault, opts ...runtime.Option) (*runtime.Client, *faultserver.Server, *atomic.Int32) {
	t.Helper()
	s := faultserver.New(faultserver.Always(f), faultserver.Options{})
	t.Cleanup(s.Close)
	var sent atomic.Int32
	client, err := runtime.New(s.URL, append([]runtime.Option{
		runtime.WithResponseHeaderTimeout(50 * time.Millisecond),
		runtime.WithBodyStallTimeout(50 * time.Millisecond),
		runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 3)),
		runtime.WithRequestInterceptor(func(*http.Request) error { sent.Add(1); return nil }),
	}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(client.CloseIdleConnections)
	return client, s, &sent
}

// settled waits until the server recorded n requests: their handlers return once the
// client has gone away.
func settled(t *testing.T, s *faultserver.Server, n int) []faultserver.Record {
	t.Helper()
	require.Eventually(t, func() bool { return len(s.Records()) >= n }, 5*time.Second, time.Millisecond)
	return s.Records()
}

func TestRuntimeClientBoundsASilentServer(t *testing.T) {
	client, s, sent := hostileClient(t, faultserver.Fault{Kind: faultserver.Hang})

	call := client.NewCall(context.Background(), endpoint(http.MethodGet))
	call.Path("/items/1")
	err := call.Do()
	var netErr net.Error
	require.ErrorAs(t, err, &netErr)
	assert.True(t, netErr.Timeout())
	assert.EqualValues(t, 3, sent.Load(), "a GET is retried after a timeout")
	assert.Len(t, settled(t, s, 3), 3)

	// A POST that timed out may have been processed: never retried.
	call = client.NewCall(context.Background(), endpoint(http.MethodPost))
	call.Path("/orders")
	call.Body(map[string]string{"order": "1"})
	require.ErrorAs(t, call.Do(), &netErr)
	assert.EqualValues(t, 4, sent.Load())
	records := settled(t, s, 4)
	assert.Len(t, records, 4)
	assert.True(t, records[3].Processed)
}

func TestRuntimeClientBoundsTrickledHeaders(t *testing.T) {
	// Over a hundred bytes of headers, one each 5ms: more than half a second.
	client, s, sent := hostileClient(t, faultserver.Fault{Kind: faultserver.TrickleHeaders, Delay: 5 * time.Millisecond},
		runtime.WithRetryer(retryer.Never))
	start := time.Now()
	err := client.NewCall(context.Background(), endpoint(http.MethodGet)).Do()
	var netErr net.Error
	require.ErrorAs(t, err, &netErr)
	assert.True(t, netErr.Timeout())
	assert.Less(t, time.Since(start), 500*time.Millisecond, "cut off long before the headers were in")
	assert.EqualValues(t, 1, sent.Load())
	assert.Len(t, settled(t, s, 1), 1)
}

func TestRuntimeClientBoundsAStalledBody(t *testing.T) {
	// Half the body, then a minute of silence.
	client, s, sent := hostileClient(t, faultserver.Fault{Kind: faultserver.SlowBody, Delay: time.Minute})
	var echo faultserver.Echo
	err := client.NewCall(context.Background(), endpoint(http.MethodGet)).Decode(&echo)
	require.ErrorIs(t, err, runtime.ErrBodyStalled)
	assert.EqualValues(t, 3, sent.Load(), "a GET whose body stalled is retried")
	assert.Len(t, settled(t, s, 3), 3)
}

// TestRuntimeClientReusesConnections: the stall guard and the cloned transport keep
// net/http's connection reuse, and Clients share one pool, as users of
// http.DefaultTransport do.
func TestRuntimeClientReusesConnections(t *testing.T) {
	s := newServer(t, statuses(200))
	var clients []*runtime.Client
	for range 2 {
		client, err := runtime.New(s.URL)
		require.NoError(t, err)
		t.Cleanup(client.CloseIdleConnections)
		clients = append(clients, client)
	}
	for i := range 4 {
		call := clients[i%2].NewCall(context.Background(), endpoint(http.MethodGet))
		call.Path("/items")
		_, err := call.Bytes()
		require.NoError(t, err)
	}
	got := s.attempts()
	require.Len(t, got, 4)
	for _, a := range got[1:] {
		assert.Equal(t, got[0].RemoteAddr, a.RemoteAddr, "one connection for every call")
	}
}

// TestStallGuardOverEveryProtocol: over HTTP/2 a stalled stream is reset, over HTTP/1.1
// the connection closed; either way the read returns, with a client of one's own given
// WithBodyStallTimeout.
func TestStallGuardOverEveryProtocol(t *testing.T) {
	for _, proto := range []faultserver.Protocol{faultserver.HTTP1, faultserver.H2C, faultserver.H2TLS} {
		t.Run(proto.String(), func(t *testing.T) {
			s := faultserver.New(faultserver.Always(faultserver.Fault{Kind: faultserver.SlowBody, Delay: time.Minute}),
				faultserver.Options{Protocol: proto})
			t.Cleanup(s.Close)
			transport := s.Transport()
			t.Cleanup(transport.CloseIdleConnections)
			client, err := runtime.New(s.URL,
				runtime.WithHTTPClient(&http.Client{Transport: transport}),
				runtime.WithBodyStallTimeout(50*time.Millisecond),
				runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 2)))
			require.NoError(t, err)

			var echo faultserver.Echo
			err = client.NewCall(context.Background(), endpoint(http.MethodGet)).Decode(&echo)
			require.ErrorIs(t, err, runtime.ErrBodyStalled)
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Equal(t, 2, callErr.Attempts)
			assert.Len(t, settled(t, s, 2), 2)
		})
	}
}
