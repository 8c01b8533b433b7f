package runtime_test

import (
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

const maxAttempts = 5

// fastRetryer retries up to maxAttempts times without making loopback tests slow.
func fastRetryer() retryer.Retryer {
	return retryer.New(time.Millisecond, 5*time.Millisecond, maxAttempts)
}

// seen is what the server saw of one attempt.
type seen struct {
	Method     string
	RequestURI string
	RemoteAddr string // tells connections apart
	Header     http.Header
	Body       []byte
	BodyHash   [sha256.Size]byte
	// TransferEncoding is ["chunked"] when the client streamed a body of unknown length.
	TransferEncoding []string
}

// server is an httptest server that counts and records the attempts it receives.
type server struct {
	*httptest.Server
	hits atomic.Int32

	mu   sync.Mutex
	seen []seen
}

// newServer starts a server whose handler is given the number of the attempt, from 1.
// It is closed when the test ends.
func newServer(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, attempt int)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.seen = append(s.seen, seen{
			Method:     r.Method,
			RequestURI: r.RequestURI,
			RemoteAddr: r.RemoteAddr,
			Header:     r.Header.Clone(),
			Body:       body,
			BodyHash:   sha256.Sum256(body),

			TransferEncoding: r.TransferEncoding,
		})
		s.mu.Unlock()
		handle(w, r, int(s.hits.Add(1)))
	}))
	t.Cleanup(s.Close)
	return s
}

// attempts returns what the server saw, in order.
func (s *server) attempts() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.seen...)
}

// statuses answers the attempts with the given statuses in turn, and then with the
// last one; every answer carries a small JSON body.
func statuses(codes ...int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, attempt int) {
		code := codes[min(attempt, len(codes))-1]
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, `{"attempt":`+strconv.Itoa(attempt)+`}`)
	}
}

// bodyCounter is a RoundTripper that counts the response bodies not yet closed, so a
// test can prove the runtime closes every body it does not hand over.
type bodyCounter struct {
	next http.RoundTripper
	open atomic.Int32
}

func (b *bodyCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := b.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b.open.Add(1)
	resp.Body = &countedBody{ReadCloser: resp.Body, open: &b.open}
	return resp, nil
}

type countedBody struct {
	io.ReadCloser
	open   *atomic.Int32
	closed atomic.Bool
}

func (c *countedBody) Close() error {
	if !c.closed.Swap(true) {
		c.open.Add(-1)
	}
	return c.ReadCloser.Close()
}

// fixture is a Client set up for a test: a fast retryer, an interceptor counting the
// attempts on the client side, and a transport counting open bodies, checked to be 0
// when the test ends.
type fixture struct {
	*runtime.Client
	sent   atomic.Int32 // attempts counted by an interceptor
	bodies *bodyCounter
}

func newFixture(t *testing.T, baseURL string, opts ...runtime.Option) *fixture {
	t.Helper()
	transport := &http.Transport{}
	f := &fixture{bodies: &bodyCounter{next: transport}}
	t.Cleanup(func() {
		if n := f.bodies.open.Load(); n != 0 {
			t.Errorf("%d response bodies left open", n)
		}
		transport.CloseIdleConnections()
	})
	all := append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: f.bodies}),
		runtime.WithRetryer(fastRetryer()),
		runtime.WithRequestInterceptor(func(*http.Request) error { f.sent.Add(1); return nil }),
	}, opts...)
	client, err := runtime.New(baseURL, all...)
	require.NoError(t, err)
	f.Client = client
	return f
}

// closedPortURL returns the URL of a loopback port nothing listens on.
func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

func endpoint(method string) *runtime.Endpoint {
	return &runtime.Endpoint{MethodKey: "API#" + method, Method: method}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
