package bench

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The benchmarks compare like with like only if every contender does the same work.
// These tests check it on a loopback server: the same request on the wire, the same
// decoded result, the same number of attempts, and every response body closed.

// seen is what the server saw of one request.
type seen struct {
	Method, Path, Query            string
	Accept, UserAgent, ContentType string
	Body                           NewIssue
	HasBody                        bool
}

// recorder answers like a Backend and records each request; with status set, it
// answers every request with that status instead.
type recorder struct {
	status int
	mu     sync.Mutex
	seen   []seen
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	s := seen{
		Method:      req.Method,
		Path:        req.URL.EscapedPath(),
		Query:       req.URL.RawQuery,
		Accept:      req.Header.Get("Accept"),
		UserAgent:   req.Header.Get("User-Agent"),
		ContentType: req.Header.Get("Content-Type"),
	}
	body, err := io.ReadAll(req.Body)
	if err == nil && len(body) > 0 {
		s.HasBody = true
		if err := json.Unmarshal(body, &s.Body); err != nil {
			s.ContentType += " (body is not JSON: " + string(body) + ")"
		}
	}
	r.mu.Lock()
	r.seen = append(r.seen, s)
	r.mu.Unlock()
	if r.status != 0 {
		w.WriteHeader(r.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(issueJSON)
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.seen...)
}

func wantIssue(t *testing.T) *Issue {
	var issue Issue
	require.NoError(t, json.Unmarshal(issueJSON, &issue))
	return &issue
}

// newContender starts a server with h and returns the contender's Issues on it.
func newContender(t *testing.T, c Contender, h http.Handler) Issues {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	transport := srv.Client().Transport.(*http.Transport)
	t.Cleanup(transport.CloseIdleConnections)
	api, closeAPI, err := c.New(srv.URL, transport)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, closeAPI()) })
	return api
}

func TestContendersSendTheSameGet(t *testing.T) {
	for _, c := range Contenders {
		t.Run(c.Name, func(t *testing.T) {
			rec := &recorder{}
			api := newContender(t, c, rec)

			issue, err := api.Get(context.Background(), "go pher", "go/x", 42, "title,state")
			require.NoError(t, err)
			assert.Equal(t, wantIssue(t), issue)
			assert.Equal(t, []seen{{
				Method:    http.MethodGet,
				Path:      "/repos/go%20pher/go%2Fx/issues/42",
				Query:     "fields=title%2Cstate",
				Accept:    "application/json",
				UserAgent: "feign-bench/1",
			}}, rec.requests())
		})
	}
}

func TestContendersSendTheSameCreate(t *testing.T) {
	for _, c := range Contenders {
		t.Run(c.Name, func(t *testing.T) {
			rec := &recorder{}
			api := newContender(t, c, rec)

			body := NewIssue{Title: "t", Body: "b", Labels: []string{"x"}}
			issue, err := api.Create(context.Background(), "golang", "go", body)
			require.NoError(t, err)
			assert.Equal(t, wantIssue(t), issue)
			assert.Equal(t, []seen{{
				Method:      http.MethodPost,
				Path:        "/repos/golang/go/issues",
				Accept:      "application/json",
				UserAgent:   "feign-bench/1",
				ContentType: "application/json",
				Body:        body,
				HasBody:     true,
			}}, rec.requests())
		})
	}
}

func TestContendersRetryA503Once(t *testing.T) {
	for _, c := range Contenders {
		t.Run(c.Name, func(t *testing.T) {
			backend := &Backend{Flaky: true}
			api := newContender(t, c, backend)

			for range 3 {
				issue, err := api.Get(context.Background(), "golang", "go", 42, "title")
				require.NoError(t, err)
				assert.Equal(t, wantIssue(t), issue)
			}
			assert.Equal(t, int64(6), backend.n.Load(), "two attempts per call")
		})
	}
}

func TestContendersGiveUpAfterFiveAttempts(t *testing.T) {
	for _, c := range Contenders {
		t.Run(c.Name, func(t *testing.T) {
			rec := &recorder{status: http.StatusServiceUnavailable}
			api := newContender(t, c, rec)

			issue, err := api.Get(context.Background(), "golang", "go", 42, "title")
			assert.Error(t, err)
			assert.Nil(t, issue)
			assert.Len(t, rec.requests(), 5)
		})
	}
}

// closeTracker wraps a Backend in memory and counts the response bodies it hands out
// that were not closed, or not read to the end.
type closeTracker struct {
	backend *Backend
	mu      sync.Mutex
	open    int
	unread  int
}

func (t *closeTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.backend.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.open++
	t.mu.Unlock()
	resp.Body = &trackedBody{r: resp.Body, t: t}
	return resp, nil
}

type trackedBody struct {
	r      io.ReadCloser
	t      *closeTracker
	eof    bool
	closed bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		b.eof = true
	}
	return n, err
}

func (b *trackedBody) Close() error {
	if !b.closed {
		b.closed = true
		b.t.mu.Lock()
		b.t.open--
		if !b.eof {
			b.t.unread++
		}
		b.t.mu.Unlock()
	}
	return b.r.Close()
}

func TestContendersDrainAndCloseEveryBody(t *testing.T) {
	for _, c := range Contenders {
		t.Run(c.Name, func(t *testing.T) {
			tracker := &closeTracker{backend: &Backend{Flaky: true}}
			api, closeAPI, err := c.New("http://api.test", tracker)
			require.NoError(t, err)
			defer func() { require.NoError(t, closeAPI()) }()

			for range 2 {
				_, err := api.Get(context.Background(), "golang", "go", 42, "title")
				require.NoError(t, err)
				_, err = api.Create(context.Background(), "golang", "go", NewIssue{Title: "t"})
				require.NoError(t, err)
			}
			assert.Equal(t, int64(8), tracker.backend.n.Load())
			assert.Zero(t, tracker.open, "bodies left open")
			assert.Zero(t, tracker.unread, "bodies closed before their end")
		})
	}
}
