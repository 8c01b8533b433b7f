package e2e

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// seen is one request as the server received it.
type seen struct {
	Method, RequestURI string
	Header             http.Header
	Body               string
}

// reply is one scripted response.
type reply struct {
	status int
	header map[string]string
	body   string
	hijack bool // read the request, then close the connection without answering
}

// server is a loopback server that records every request and answers from a script,
// one reply per request, repeating the last.
type server struct {
	*httptest.Server
	mu      sync.Mutex
	seen    []seen
	script  []reply
	replies int
}

func newServer(t *testing.T, script ...reply) *server {
	t.Helper()
	s := &server{script: script}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.seen = append(s.seen, seen{r.Method, r.RequestURI, r.Header.Clone(), string(body)})
	rep := reply{status: http.StatusOK, body: `{"id":"1","name":"one"}`}
	if len(s.script) > 0 {
		rep = s.script[min(s.replies, len(s.script)-1)]
	}
	s.replies++
	s.mu.Unlock()
	if rep.hijack {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

func (s *server) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.seen...)
}

// bodyTracker counts response bodies that were opened and not closed.
type bodyTracker struct {
	next http.RoundTripper
	open atomic.Int64
	sent atomic.Int64
}

func (b *bodyTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	b.sent.Add(1)
	resp, err := b.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b.open.Add(1)
	resp.Body = &trackedBody{ReadCloser: resp.Body, tracker: b}
	return resp, nil
}

type trackedBody struct {
	io.ReadCloser
	tracker *bodyTracker
	once    sync.Once
}

func (t *trackedBody) Close() error {
	t.once.Do(func() { t.tracker.open.Add(-1) })
	return t.ReadCloser.Close()
}

// newStore returns a generated client for s with a fast retryer, and the tracker that
// proves every response body gets closed.
func newStore(t *testing.T, s *server, opts ...runtime.Option) (Store, *bodyTracker) {
	t.Helper()
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	tracker := &bodyTracker{next: transport}
	opts = append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: tracker}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 5)),
	}, opts...)
	store, err := NewStore(s.URL, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { assert.Zero(t, tracker.open.Load(), "response bodies left open") })
	return store, tracker
}

func ptr[T any](v T) *T { return &v }

func TestRequestLineHeadersAndBodyReachTheServerExactly(t *testing.T) {
	s := newServer(t)
	store, _ := newStore(t, s)
	ctx := context.Background()

	item, err := store.Get(ctx, "42", []string{"a", "b c"}, ptr(3))
	require.NoError(t, err)
	assert.Equal(t, &Item{ID: "1", Name: "one"}, item)

	_, err = store.Get(ctx, "42", nil, nil)
	require.NoError(t, err)

	_, err = store.Create(ctx, ptr("s3cr3t"), Item{Name: "x"})
	require.NoError(t, err)
	_, err = store.Create(ctx, nil, Item{Name: "y"})
	require.NoError(t, err)

	require.NoError(t, store.Put(ctx, "a/b", Item{Name: "z"}))
	require.NoError(t, store.At(ctx, time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), 0.25, []string{"x", "y"}))
	require.NoError(t, store.At(ctx, time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), 1e21, nil))

	got := s.requests()
	require.Len(t, got, 7)
	assert.Equal(t, "GET /items/42?fields=a&fields=b%20c&v=3&lang=en", got[0].Method+" "+got[0].RequestURI)
	assert.Equal(t, "application/json", got[0].Header.Get("Accept"))
	assert.Empty(t, got[0].Body)
	assert.Equal(t, "GET /items/42?lang=en", got[1].Method+" "+got[1].RequestURI, "undefined values drop their pairs")

	assert.Equal(t, "POST /items", got[2].Method+" "+got[2].RequestURI)
	assert.Equal(t, "Bearer s3cr3t", got[2].Header.Get("Authorization"))
	assert.Equal(t, "application/json", got[2].Header.Get("Content-Type"))
	assert.Equal(t, `{"name":"x"}`, got[2].Body)
	assert.NotContains(t, got[3].Header, "Authorization", "a header with an undefined value is dropped, never sent as \"Bearer \"")
	assert.Equal(t, `{"name":"y"}`, got[3].Body)

	assert.Equal(t, "PUT /items/a%2Fb", got[4].Method+" "+got[4].RequestURI, "a value never adds a path segment")
	assert.Equal(t, `{"name":"z"}`, got[4].Body)

	assert.Equal(t, "GET /at/2026-11-25T12%3A00%3A00Z?ratio=0.25", got[5].Method+" "+got[5].RequestURI)
	assert.Equal(t, "x,y", got[5].Header.Get("X-Tags"))
	assert.Equal(t, "/at/2026-11-25T12%3A00%3A00Z?ratio=1e%2B21", got[6].RequestURI)
	assert.NotContains(t, got[6].Header, "X-Tags")
}

func TestNamedSlicesAndNilInterfaces(t *testing.T) {
	s := newServer(t, reply{status: 204})
	store, _ := newStore(t, s)
	require.NoError(t, store.Labels(context.Background(), Tags{"a", "b c"}, Sort{Field: "name"}))
	require.NoError(t, store.Labels(context.Background(), nil, nil))
	got := s.requests()
	require.Len(t, got, 2)
	assert.Equal(t, "/labels?l=a&l=b%20c&sort=name%3Aasc", got[0].RequestURI)
	assert.Equal(t, "/labels", got[1].RequestURI, "a nil slice and a nil fmt.Stringer are undefined: their pairs are left out")
}

func TestReaderBodiesAreStreamedAsIs(t *testing.T) {
	s := newServer(t, reply{status: 503}, reply{status: 204})
	store, _ := newStore(t, s)
	require.NoError(t, store.Upload(context.Background(), "a.csv", strings.NewReader("a,b\n1,2\n")))
	got := s.requests()
	require.Len(t, got, 2, "a PUT with a seekable body is retried")
	for _, r := range got {
		assert.Equal(t, "a,b\n1,2\n", r.Body, "sent as is, not JSON-encoded, and whole on the retry")
		assert.Equal(t, "text/csv", r.Header.Get("Content-Type"))
	}
}

func TestResultShapes(t *testing.T) {
	t.Run("text and bytes", func(t *testing.T) {
		s := newServer(t, reply{status: 200, body: "hello"})
		store, _ := newStore(t, s)
		text, err := store.Text(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "hello", text)
		raw, err := store.Bytes(context.Background(), []int{1, 2, 3})
		require.NoError(t, err)
		assert.Equal(t, []byte("hello"), raw)
		assert.Equal(t, "/bytes/1,2,3", s.requests()[1].RequestURI)
	})
	t.Run("raw response for any status, never retried on status", func(t *testing.T) {
		s := newServer(t, reply{status: 503, body: "down"})
		store, _ := newStore(t, s)
		resp, err := store.Raw(context.Background(), "7")
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, 503, resp.StatusCode)
		assert.Equal(t, "down", string(body))
		assert.Len(t, s.requests(), 1)
	})
	t.Run("stream retries a 503 and hands over the 2xx body", func(t *testing.T) {
		s := newServer(t, reply{status: 503}, reply{status: 200, body: "streamed"})
		store, _ := newStore(t, s)
		rc, err := store.Stream(context.Background(), "7")
		require.NoError(t, err)
		body, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		assert.Equal(t, "streamed", string(body))
		assert.Len(t, s.requests(), 2)
	})
	t.Run("dismiss404", func(t *testing.T) {
		s := newServer(t, reply{status: 404, body: "gone"})
		store, _ := newStore(t, s)
		require.NoError(t, store.Delete(context.Background(), "7"))
		assert.Len(t, s.requests(), 1)
	})
}

func TestRetriesFollowTheMethod(t *testing.T) {
	ctx := context.Background()
	t.Run("GET 503, 503, 200 succeeds after exactly 3 attempts", func(t *testing.T) {
		s := newServer(t, reply{status: 503}, reply{status: 503}, reply{status: 200, body: `{"name":"ok"}`})
		store, tracker := newStore(t, s)
		item, err := store.Get(ctx, "1", nil, nil)
		require.NoError(t, err)
		assert.Equal(t, "ok", item.Name)
		assert.Len(t, s.requests(), 3)
		assert.EqualValues(t, 3, tracker.sent.Load())
	})
	t.Run("POST 502 is sent exactly once", func(t *testing.T) {
		s := newServer(t, reply{status: 502})
		store, tracker := newStore(t, s)
		_, err := store.Create(ctx, nil, Item{Name: "x"})
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &httpErr)
		assert.Equal(t, 502, httpErr.StatusCode)
		assert.Len(t, s.requests(), 1)
		assert.EqualValues(t, 1, tracker.sent.Load())
	})
	t.Run("POST 503 then 201 is retried with the same body", func(t *testing.T) {
		s := newServer(t, reply{status: 503}, reply{status: 201, body: `{"id":"9","name":"x"}`})
		store, _ := newStore(t, s)
		item, err := store.Create(ctx, nil, Item{Name: "x"})
		require.NoError(t, err)
		assert.Equal(t, "9", item.ID)
		got := s.requests()
		require.Len(t, got, 2)
		assert.Equal(t, got[0].Body, got[1].Body)
		assert.Equal(t, `{"name":"x"}`, got[1].Body)
	})
	t.Run("idempotent POST is retried on 502", func(t *testing.T) {
		s := newServer(t, reply{status: 502}, reply{status: 204})
		store, _ := newStore(t, s)
		require.NoError(t, store.Touch(ctx, "1"))
		assert.Len(t, s.requests(), 2)
	})
	t.Run("POST whose connection breaks after the request was written is sent once", func(t *testing.T) {
		s := newServer(t, reply{hijack: true})
		store, tracker := newStore(t, s)
		_, err := store.Create(ctx, nil, Item{Name: "x"})
		require.Error(t, err)
		assert.Len(t, s.requests(), 1)
		assert.EqualValues(t, 1, tracker.sent.Load())
	})
	t.Run("GET whose connection breaks is retried", func(t *testing.T) {
		s := newServer(t, reply{hijack: true}, reply{status: 200, body: `{"name":"ok"}`})
		store, _ := newStore(t, s)
		_, err := store.Get(ctx, "1", nil, nil)
		require.NoError(t, err)
		assert.Len(t, s.requests(), 2)
	})
	t.Run("429 with Retry-After beyond MaxRetryAfter fails at once", func(t *testing.T) {
		s := newServer(t, reply{status: 429, header: map[string]string{"Retry-After": "3600"}})
		store, _ := newStore(t, s, runtime.WithRetryer(retryer.Default()))
		start := time.Now()
		_, err := store.Get(ctx, "1", nil, nil)
		var retryable *errordecoder.RetryableError
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &retryable)
		require.ErrorAs(t, err, &httpErr)
		assert.ErrorIs(t, err, retryer.ErrRetryAfterTooLong)
		assert.Equal(t, 429, httpErr.StatusCode)
		assert.Len(t, s.requests(), 1)
		assert.Less(t, time.Since(start), 10*time.Second, "it never sleeps for the hour the server asked")
	})
}

func TestBadValuesFailBeforeAnythingIsSent(t *testing.T) {
	s := newServer(t)
	store, tracker := newStore(t, s)
	ctx := context.Background()

	err := store.File(ctx, "")
	var argErr *runtime.ArgumentError
	require.ErrorAs(t, err, &argErr)
	assert.Equal(t, "name", argErr.Param)

	err = store.Version(nil)
	require.ErrorAs(t, err, &argErr)
	assert.Equal(t, "version", argErr.Param)

	_, err = store.Create(ctx, ptr("tok\r\nX-Evil: 1"), Item{})
	require.ErrorAs(t, err, &argErr)
	assert.NotContains(t, err.Error(), "tok", "a rejected header value may be a secret")

	_, err = store.Bytes(ctx, nil)
	require.ErrorAs(t, err, &argErr)

	assert.Empty(t, s.requests())
	assert.Zero(t, tracker.sent.Load())
}

func TestPathValuesCannotClimbOrSplitThePath(t *testing.T) {
	s := newServer(t, reply{status: 204})
	store, _ := newStore(t, s)
	for _, name := range []string{"a?b#c", "x&y=z", "%2e%2e", "a/b", "..."} {
		require.NoError(t, store.File(context.Background(), name))
	}
	// A server reads "%2E%2E" as "..", and some decode "%2F": no encoding keeps these in
	// their place, so they fail before anything is sent.
	for name, want := range map[string]string{
		"..":       `Store#File: path parameter {name} makes the dot-segment ".." in the path`,
		".":        `Store#File: path parameter {name} makes the dot-segment "." in the path`,
		"../admin": `Store#File: path parameter {name} makes the dot-segment ".." in the path`,
	} {
		err := store.File(context.Background(), name)
		require.EqualError(t, err, want, "%q", name)
		require.ErrorAs(t, err, new(*runtime.ArgumentError))
	}
	var uris []string
	for _, r := range s.requests() {
		uris = append(uris, r.RequestURI)
	}
	assert.Equal(t, []string{
		"/files/a%3Fb%23c",
		"/files/x%26y%3Dz",
		"/files/%252e%252e",
		"/files/a%2Fb",
		"/files/...",
	}, uris)
}

func TestSecretsNeverReachErrors(t *testing.T) {
	s := newServer(t, reply{status: 500, body: "nope"})
	store, _ := newStore(t, s)
	_, err := store.Create(context.Background(), ptr("s3cr3t-token"), Item{Name: "x"})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr3t-token")
}

// TestRefusedConnectionRetriesPost proves a POST is retried when its connection was
// never established: the request certainly never reached a server.
func TestRefusedConnectionRetriesPost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	var attempts atomic.Int64
	store, err := NewStore("http://"+addr,
		runtime.WithRetryer(retryer.New(time.Millisecond, 2*time.Millisecond, 3)),
		runtime.WithRequestInterceptor(func(*http.Request) error { attempts.Add(1); return nil }),
		runtime.WithHTTPClient(&http.Client{Transport: &http.Transport{}}),
	)
	require.NoError(t, err)
	_, err = store.Create(context.Background(), nil, Item{Name: "x"})
	var retryable *errordecoder.RetryableError
	require.ErrorAs(t, err, &retryable)
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.EqualValues(t, 3, attempts.Load())
}
