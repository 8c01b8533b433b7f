package runtime_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// These tests run a real http.Server and a real http.Transport in a synctest bubble,
// connected by net.Pipe instead of sockets, so that servers which trickle or stall for
// minutes of fake time take no real time, and every bound is checked to the instant.

// pipeListener is a net.Listener whose connections are net.Pipe ends, dialled with
// dial.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }

func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// pipeServer serves handler in the bubble and returns a Client of it, built with opts
// over a Transport with the given response header timeout, and the count of requests
// the handler received. Everything is closed when the test's bubble ends.
func pipeServer(t *testing.T, headerTimeout time.Duration, handler http.HandlerFunc, opts ...runtime.Option) (*runtime.Client, *atomic.Int32) {
	t.Helper()
	var received atomic.Int32
	var handlers sync.WaitGroup // a hijacked connection's handler outlives srv.Close
	l := newPipeListener()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handlers.Add(1)
		defer handlers.Done()
		received.Add(1)
		handler(w, r)
	})}
	served := make(chan struct{})
	go func() {
		defer close(served)
		srv.Serve(l)
	}()
	transport := &http.Transport{DialContext: l.dial, ResponseHeaderTimeout: headerTimeout}
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		srv.Close()
		<-served
		handlers.Wait()
	})
	client, err := runtime.New("http://pipe.test",
		append([]runtime.Option{runtime.WithHTTPClient(&http.Client{Transport: transport})}, opts...)...)
	require.NoError(t, err)
	return client, &received
}

// trickle writes s one byte per interval, until a write fails.
func trickle(w io.Writer, flush func(), s string, interval time.Duration) {
	for i := range len(s) {
		time.Sleep(interval)
		if _, err := io.WriteString(w, s[i:i+1]); err != nil {
			return
		}
		flush()
	}
}

func TestTrickledHeadersAreBoundedByTheResponseHeaderTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// One byte a second: the headers would take minutes.
		head := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + strings.Repeat("x", 200) + "\r\nContent-Length: 2\r\n\r\n{}"
		var sent atomic.Int32
		client, received := pipeServer(t, 10*time.Second, func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			trickle(conn, func() {}, head, time.Second)
		},
			runtime.WithRetryer(retryer.New(time.Second, time.Second, 3)),
			runtime.WithRequestInterceptor(func(*http.Request) error { sent.Add(1); return nil }))

		start := time.Now()
		err := client.NewCall(context.Background(), endpoint(http.MethodGet)).Do()
		var netErr net.Error
		require.ErrorAs(t, err, &netErr)
		assert.True(t, netErr.Timeout(), "%v", err)
		assert.Equal(t, 3*10*time.Second+2*time.Second, time.Since(start), "three attempts of 10s, two waits of 1s")
		assert.EqualValues(t, 3, sent.Load())
		assert.EqualValues(t, 3, received.Load())
	})
}

func TestSilentServerIsBoundedByTheResponseHeaderTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, received := pipeServer(t, 10*time.Second, func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			<-r.Context().Done() // accepts, reads, never answers
		}, runtime.WithRetryer(retryer.Never))

		start := time.Now()
		call := client.NewCall(context.Background(), endpoint(http.MethodPost))
		call.Body(map[string]string{"order": "1"})
		err := call.Do()
		var netErr net.Error
		require.ErrorAs(t, err, &netErr)
		assert.True(t, netErr.Timeout())
		assert.Equal(t, 10*time.Second, time.Since(start))
		assert.EqualValues(t, 1, received.Load())
	})
}

func TestStalledBodyFailsAndIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var sent atomic.Int32
		client, received := pipeServer(t, 0, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "20")
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, "half of it:")
			http.NewResponseController(w).Flush()
			<-r.Context().Done() // and then nothing, with the connection open
		},
			runtime.WithBodyStallTimeout(5*time.Second),
			runtime.WithRetryer(retryer.New(time.Second, time.Second, 2)),
			runtime.WithRequestInterceptor(func(*http.Request) error { sent.Add(1); return nil }))

		start := time.Now()
		_, err := client.NewCall(context.Background(), endpoint(http.MethodGet)).Bytes()
		require.ErrorIs(t, err, runtime.ErrBodyStalled)
		assert.Equal(t, 2*5*time.Second+time.Second, time.Since(start), "two attempts stalled 5s each, one wait of 1s")
		assert.EqualValues(t, 2, sent.Load(), "a GET whose body broke is retried")
		assert.EqualValues(t, 2, received.Load())
	})
}

// TestSlowBodyIsNotCut: the stall bound is per read, not a cap on the download.
func TestSlowBodyIsNotCut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		body := strings.Repeat("slow but steady. ", 6)
		client, received := pipeServer(t, 0, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			rc := http.NewResponseController(w)
			rc.Flush()
			trickle(w, func() { rc.Flush() }, body, 4*time.Second)
		}, runtime.WithBodyStallTimeout(5*time.Second))

		start := time.Now()
		got, err := client.NewCall(context.Background(), endpoint(http.MethodGet)).Bytes()
		require.NoError(t, err)
		assert.Equal(t, body, string(got))
		assert.Equal(t, time.Duration(len(body))*4*time.Second, time.Since(start), "minutes in all, never 5s without a byte")
		assert.EqualValues(t, 1, received.Load())
	})
}

// TestStalledStreamFailsItsReader: a Stream's consumer reading a stalled body gets
// ErrBodyStalled; time spent between its reads does not count.
func TestStalledStreamFailsItsReader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int32
		client, _ := pipeServer(t, 0, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, "first")
			http.NewResponseController(w).Flush()
			if calls.Add(1) == 1 {
				<-release
				io.WriteString(w, " second")
				return
			}
			<-r.Context().Done() // the second call's body stalls
		}, runtime.WithBodyStallTimeout(5*time.Second))

		body, err := client.NewCall(context.Background(), endpoint(http.MethodGet)).Stream()
		require.NoError(t, err)
		defer body.Close()
		buf := make([]byte, 5)
		_, err = io.ReadFull(body, buf)
		require.NoError(t, err)
		time.Sleep(time.Minute) // the consumer at work: not a stall
		close(release)
		rest, err := io.ReadAll(body)
		require.NoError(t, err)
		assert.Equal(t, " second", string(rest))

		body2, err := client.NewCall(context.Background(), endpoint(http.MethodGet)).Stream()
		require.NoError(t, err)
		defer body2.Close()
		_, err = io.ReadFull(body2, buf)
		require.NoError(t, err)
		start := time.Now()
		_, err = body2.Read(buf)
		assert.True(t, errors.Is(err, runtime.ErrBodyStalled), "%v", err)
		assert.Equal(t, 5*time.Second, time.Since(start))
	})
}
