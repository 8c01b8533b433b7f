package feigntest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
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
	"github.com/gofeign/feign/feigntest"
	"github.com/gofeign/feign/feigntest/internal/petstore"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// fastRetries retries at once, so that loopback tests do not wait.
var fastRetries = runtime.WithRetryer(retryer.New(time.Microsecond, time.Microsecond, 5))

func TestFailFirstIsRetriedUntilTheHandlerAnswers(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(), feigntest.FailFirst(2, http.StatusServiceUnavailable))
	store, attempts := storeClient(t, s, fastRetries)

	pet, err := store.Get(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, &petstore.Pet{ID: 1, Name: "Rex"}, pet)

	assert.EqualValues(t, 3, attempts.Load(), "client attempts")
	assert.Equal(t, 3, s.Calls("GET /pets/{id}"), "server calls")
	assert.Equal(t, 3, s.Calls("/"))
	assert.Equal(t, 0, s.Calls("POST /pets"))
	var got []feigntest.Behavior
	for _, r := range s.Requests() {
		got = append(got, r.Behavior)
	}
	assert.Equal(t, []feigntest.Behavior{{Status: 503}, {Status: 503}, {}}, got)
}

func TestFailFirstBeyondTheRetryerEndsTheCall(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(),
		feigntest.FailFirst(5, http.StatusServiceUnavailable),
		feigntest.FailureBody("application/json", `{"error":"down for maintenance"}`),
	)
	store, attempts := storeClient(t, s, runtime.WithRetryBudget(runtime.RetryBudget{}),
		runtime.WithRetryer(retryer.New(time.Microsecond, time.Microsecond, 3)))

	_, err := store.Get(t.Context(), 1)
	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, "after 3 attempts: [503 Service Unavailable] during [GET] to ["+s.URL()+"/pets/1] [Store#Get]: [{\"error\":\"down for maintenance\"}]", err.Error())
	assert.Equal(t, "application/json", httpErr.Header.Get("Content-Type"))

	assert.EqualValues(t, 3, attempts.Load())
	assert.Equal(t, 3, s.Calls("/"))
	// The next call gets the two failures left of the five, then the handler.
	pet, err := store.Get(t.Context(), 2)
	require.NoError(t, err)
	assert.Equal(t, 2, pet.ID)
	assert.EqualValues(t, 6, attempts.Load())
	assert.Equal(t, 6, s.Calls("/"))
}

func TestRouteScopesFailuresAndCounts(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(),
		feigntest.Route("POST /pets",
			feigntest.FailFirst(1, http.StatusTooManyRequests),
			feigntest.RetryAfter(0),
		),
		feigntest.FailFirst(1, http.StatusBadGateway), // every other call
	)
	store, attempts := storeClient(t, s, fastRetries)

	pet, err := store.Add(t.Context(), petstore.Pet{Name: "Tom"})
	require.NoError(t, err)
	assert.Equal(t, &petstore.Pet{ID: 7, Name: "Tom"}, pet)
	assert.EqualValues(t, 2, attempts.Load(), "a POST is retried after a 429")

	pet, err = store.Get(t.Context(), 3)
	require.NoError(t, err)
	assert.Equal(t, 3, pet.ID)
	assert.EqualValues(t, 4, attempts.Load(), "a GET is retried after a 502")

	assert.Equal(t, 2, s.Calls("POST /pets"))
	assert.Equal(t, 2, s.Calls("GET /pets/{id}"))
	assert.Equal(t, 2, s.Calls("GET /pets/3"))
	assert.Equal(t, 0, s.Calls("GET /pets/4"))
	type call struct {
		Seq, Call int
		Route     string
		Method    string
		Path      string
		Behavior  feigntest.Behavior
	}
	var got []call
	for _, r := range s.Requests() {
		got = append(got, call{r.Seq, r.Call, r.Route, r.Method, r.Path, r.Behavior})
	}
	assert.Equal(t, []call{
		{1, 1, "POST /pets", "POST", "/pets", feigntest.Behavior{Status: 429, Header: http.Header{"Retry-After": {"0"}}}},
		{2, 2, "POST /pets", "POST", "/pets", feigntest.Behavior{}},
		{3, 1, "", "GET", "/pets/3", feigntest.Behavior{Status: 502}},
		{4, 2, "", "GET", "/pets/3", feigntest.Behavior{}},
	}, got)
}

// TestRequestsRecordsTheWholeRequest compares whole records: what a test can assert on
// the server side.
func TestRequestsRecordsTheWholeRequest(t *testing.T) {
	s := feigntest.NewServer(t, petHandler())
	resp, err := s.Client().Post(s.URL()+"/pets?dry=1", "application/json", strings.NewReader(`{"name":"Tom"}`))
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusCreated, resp.StatusCode)

	got := s.Requests()
	require.Len(t, got, 1)
	assert.WithinDuration(t, time.Now(), got[0].At, time.Minute)
	got[0].At = time.Time{}
	assert.Equal(t, []feigntest.Request{{
		Seq: 1, Call: 1,
		Method: "POST", Path: "/pets", RawQuery: "dry=1",
		Header: http.Header{
			"Accept-Encoding": {"gzip"},
			"Content-Length":  {"14"},
			"Content-Type":    {"application/json"},
			"User-Agent":      {"Go-http-client/1.1"},
		},
		BodyRead: true, BodyLen: 14, BodySHA256: sha256.Sum256([]byte(`{"name":"Tom"}`)),
	}}, got)
}

// TestScriptRunsInOrder checks each kind of Behavior against a plain *http.Client.
func TestScriptRunsInOrder(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(),
		feigntest.Script(
			feigntest.Behavior{Status: http.StatusTeapot, Header: http.Header{"X-Why": {"tea"}}, Body: "short and stout"},
			feigntest.Behavior{},
			feigntest.Behavior{Reset: feigntest.ResetAfterRead},
		),
		feigntest.FailFirst(1, http.StatusInternalServerError),
		feigntest.ResetConnections(1),
	)
	var closed []bool // whether each answer closed its connection
	get := func() (int, string, http.Header, error) {
		resp, err := s.Client().Get(s.URL() + "/pets/5")
		if err != nil {
			return 0, "", nil, err
		}
		defer resp.Body.Close()
		closed = append(closed, resp.Close)
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header, err
	}

	status, body, h, err := get()
	require.NoError(t, err)
	assert.Equal(t, 418, status)
	assert.Equal(t, "short and stout", body)
	assert.Equal(t, "tea", h.Get("X-Why"))

	status, body, _, err = get()
	require.NoError(t, err)
	assert.Equal(t, 200, status)
	assert.Equal(t, `{"id":5,"name":"Rex"}`+"\n", body)

	_, _, _, err = get()
	assert.Error(t, err, "reset")

	status, _, _, err = get()
	require.NoError(t, err)
	assert.Equal(t, 500, status)

	_, _, _, err = get()
	assert.Error(t, err, "reset")

	status, _, _, err = get()
	require.NoError(t, err)
	assert.Equal(t, 200, status)
	// While a reset is to come, every answer closes its connection; after the last one,
	// connections are reused again.
	assert.Equal(t, []bool{true, true, true, false}, closed)

	assert.Equal(t, 6, s.Calls("/"), "each call reached the server exactly once")
}

// TestResetOnAReusedConnectionIsCountedOnce: net/http's Transport sends a GET again by
// itself when a reused connection breaks before the answer. The Server closes its
// connections while a reset is to come, so the reset call reaches it once, on a
// connection of its own, and the client sees the reset.
func TestResetOnAReusedConnectionIsCountedOnce(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []feigntest.Option
	}{{"loopback", nil}, {"in memory", []feigntest.Option{feigntest.InMemory()}}} {
		t.Run(mode.name, func(t *testing.T) {
			s := feigntest.NewServer(t, petHandler(), append(mode.opts,
				feigntest.Script(feigntest.Behavior{}, feigntest.Behavior{}, feigntest.Behavior{Reset: feigntest.ResetAfterRead}))...)
			for i := range 3 {
				resp, err := s.Client().Get(s.URL() + "/pets/1")
				if i < 2 {
					require.NoError(t, err)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					assert.True(t, resp.Close, "Connection: close")
					continue
				}
				require.Error(t, err, "the reset reaches the client")
			}
			assert.Equal(t, 3, s.Calls("/"))
		})
	}
}

func TestResetsAndWhatTheClientRetries(t *testing.T) {
	body := `{"name":"Tom"}` // as the JSON encoder sends it
	for _, tc := range []struct {
		reset        feigntest.Reset
		bodyRead     bool
		postAttempts int32
	}{
		// The request was written: the client cannot know that the server did not read
		// it, so a POST is not sent again in either case.
		{feigntest.ResetBeforeRead, false, 1},
		{feigntest.ResetAfterRead, true, 1},
	} {
		t.Run(tc.reset.String(), func(t *testing.T) {
			s := feigntest.NewServer(t, petHandler(),
				feigntest.Route("POST /pets", feigntest.Script(feigntest.Behavior{Reset: tc.reset})),
				feigntest.Script(feigntest.Behavior{Reset: tc.reset}),
			)
			store, attempts := storeClient(t, s, fastRetries)

			_, err := store.Add(t.Context(), petstore.Pet{Name: "Tom"})
			require.Error(t, err)
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Equal(t, 1, callErr.Attempts)
			assert.Equal(t, tc.postAttempts, attempts.Load())
			assert.Equal(t, 1, s.Calls("POST /pets"))

			pet, err := store.Get(t.Context(), 9)
			require.NoError(t, err, "a GET is sent again after a reset")
			assert.Equal(t, 9, pet.ID)
			assert.Equal(t, tc.postAttempts+2, attempts.Load())
			assert.Equal(t, 2, s.Calls("GET /pets/{id}"))

			post := s.Requests()[0]
			assert.Equal(t, tc.bodyRead, post.BodyRead)
			if tc.bodyRead {
				assert.Equal(t, len(body), post.BodyLen)
				assert.Equal(t, sha256.Sum256([]byte(body)), post.BodySHA256)
			} else {
				assert.Zero(t, post.BodyLen)
				assert.Zero(t, post.BodySHA256)
			}
			assert.Equal(t, feigntest.Behavior{Reset: tc.reset}, post.Behavior)
		})
	}
}

// TestResetIsAConnectionReset: over loopback TCP the client sees an RST, not an
// orderly close.
func TestResetIsAConnectionReset(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(), feigntest.ResetConnections(1))
	_, err := s.Client().Get(s.URL() + "/pets/1")
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ECONNRESET)
}

func TestConcurrentCallsShareTheSequence(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(), feigntest.FailFirst(5, http.StatusServiceUnavailable))
	// Six attempts: one call may meet all five failures.
	store, attempts := storeClient(t, s, runtime.WithRetryBudget(runtime.RetryBudget{}),
		runtime.WithRetryer(retryer.New(time.Microsecond, time.Microsecond, 6)))

	const calls = 20
	var wg sync.WaitGroup
	for i := range calls {
		wg.Go(func() {
			pet, err := store.Get(context.Background(), i)
			if assert.NoError(t, err) {
				assert.Equal(t, i, pet.ID)
			}
		})
	}
	wg.Wait()

	assert.EqualValues(t, calls+5, attempts.Load())
	assert.Equal(t, calls+5, s.Calls("/"))
	failed := 0
	for i, r := range s.Requests() {
		assert.Equal(t, i+1, r.Seq)
		assert.Equal(t, i+1, r.Call)
		if r.Behavior.Status == http.StatusServiceUnavailable {
			failed++
			assert.LessOrEqual(t, r.Seq, 5, "the first five calls fail")
		}
	}
	assert.Equal(t, 5, failed)
}

func TestLatencyOverLoopback(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(), feigntest.Latency(50*time.Millisecond))
	start := time.Now()
	resp, err := s.Client().Get(s.URL() + "/pets/1")
	require.NoError(t, err)
	elapsed := time.Since(start)
	resp.Body.Close()
	assert.GreaterOrEqual(t, elapsed, 50*time.Millisecond)
	assert.Equal(t, feigntest.Behavior{Latency: 50 * time.Millisecond}, s.Requests()[0].Behavior)
}

// TestCloseEndsWaitingCalls: a call held by a latency of an hour ends when the Server
// closes, and Close returns: no goroutine is left (goleak checks).
func TestCloseEndsWaitingCalls(t *testing.T) {
	s, err := feigntest.Start(petHandler(), feigntest.Latency(time.Hour))
	require.NoError(t, err)
	done := make(chan error)
	go func() {
		resp, err := s.Client().Get(s.URL() + "/pets/1")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for s.Calls("/") == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	assert.Error(t, <-done)
	s.Close() // a second Close does nothing
}

func TestBodyOverTheLimitIsRefused(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(), feigntest.RetryAfter(time.Second))
	resp, err := s.Client().Post(s.URL()+"/pets", "application/json", bytes.NewReader(make([]byte, feigntest.MaxBodyBytes+1)))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.Equal(t, "feigntest: request body over MaxBodyBytes\n", string(b))
	r := s.Requests()[0]
	assert.Equal(t, feigntest.MaxBodyBytes+1, r.BodyLen)
	assert.Equal(t, feigntest.Behavior{Status: http.StatusRequestEntityTooLarge, Body: "feigntest: request body over MaxBodyBytes\n"}, r.Behavior,
		"no Retry-After: the 413 is not the sequence's")
}

func TestInMemoryReachesNoOtherHost(t *testing.T) {
	s := feigntest.NewServer(t, petHandler(), feigntest.InMemory())
	assert.Equal(t, "http://feigntest.test", s.URL())
	_, err := s.Client().Get("http://example.com/")
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.Equal(t, 0, s.Calls("/"))
}

func TestMistakesInTheOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    http.Handler
		opts []feigntest.Option
		want string
	}{
		{"nil handler", nil, nil, "feigntest: nil handler"},
		{"pattern", petHandler(), []feigntest.Option{feigntest.Route("GET /pets/{id", feigntest.FailFirst(1, 503))},
			`feigntest: pattern "GET /pets/{id": parsing "GET /pets/{id": at offset 10: bad wildcard segment (must end with '}')`},
		{"nested route", petHandler(), []feigntest.Option{feigntest.Route("/a/", feigntest.Route("/a/b"))},
			"feigntest: a Route cannot hold another Route"},
		{"negative count", petHandler(), []feigntest.Option{feigntest.FailFirst(-1, 503)},
			"feigntest: FailFirst needs n >= 0 and a status from 200 to 999"},
		{"no status", petHandler(), []feigntest.Option{feigntest.FailFirst(1, 0)},
			"feigntest: FailFirst needs n >= 0 and a status from 200 to 999"},
		{"informational status", petHandler(), []feigntest.Option{feigntest.FailFirst(1, 103)},
			"feigntest: FailFirst needs n >= 0 and a status from 200 to 999"},
		{"script status", petHandler(), []feigntest.Option{feigntest.Script(feigntest.Behavior{}, feigntest.Behavior{Status: 1000})},
			"feigntest: Script behaviour 1 has status 1000, want 0 or 200 to 999"},
		{"script reset", petHandler(), []feigntest.Option{feigntest.Script(feigntest.Behavior{Reset: 7})},
			"feigntest: Script behaviour 0 has an unknown Reset(7)"},
		{"script latency", petHandler(), []feigntest.Option{feigntest.Script(feigntest.Behavior{Latency: -1})},
			"feigntest: Script behaviour 0 has a negative Latency"},
		{"nil latency func", petHandler(), []feigntest.Option{feigntest.LatencyFunc(nil)},
			"feigntest: LatencyFunc needs a func"},
		{"negative resets", petHandler(), []feigntest.Option{feigntest.ResetConnections(-1)},
			"feigntest: ResetConnections needs n >= 0"},
		{"negative latency", petHandler(), []feigntest.Option{feigntest.Latency(-time.Second)},
			"feigntest: Latency needs d >= 0"},
		{"negative retry-after", petHandler(), []feigntest.Option{feigntest.RetryAfter(-time.Second)},
			"feigntest: RetryAfter needs d >= 0"},
		{"negative retry-after date", petHandler(), []feigntest.Option{feigntest.RetryAfterDate(-time.Second)},
			"feigntest: RetryAfterDate needs d >= 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := feigntest.Start(tc.h, tc.opts...)
			assert.Nil(t, s)
			assert.EqualError(t, err, tc.want)
		})
	}
}

func TestCallsOfAnInvalidPattern(t *testing.T) {
	s, err := feigntest.Start(petHandler())
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, -1, s.Calls("GET /{"))
}

// TestTheHandlerRunsOncePerCall: matching a call against a Route never runs the
// handler; only the server does, once per call, and the call is recorded before.
func TestTheHandlerRunsOncePerCall(t *testing.T) {
	var calls atomic.Int32
	var s *feigntest.Server
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		assert.Equal(t, int(n), s.Calls("/x"), "recorded before the handler runs")
	})
	s = feigntest.NewServer(t, h, feigntest.Route("/x", feigntest.Latency(0)))
	for range 2 {
		resp, err := s.Client().Get(s.URL() + "/x")
		require.NoError(t, err)
		resp.Body.Close()
	}
	assert.EqualValues(t, 2, calls.Load())
	assert.Equal(t, 2, s.Calls("/x"))
}

// TestCloseLeavesNoGoroutine: after Close, neither the server nor its Client has a
// goroutine left, resets and a cancelled wait included.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	before := goleak.IgnoreCurrent()
	s, err := feigntest.Start(petHandler(),
		feigntest.Script(feigntest.Behavior{Reset: feigntest.ResetBeforeRead}, feigntest.Behavior{Reset: feigntest.ResetAfterRead}),
		feigntest.Route("GET /slow", feigntest.Latency(time.Hour)),
	)
	require.NoError(t, err)
	for range 3 {
		if resp, err := s.Client().Get(s.URL() + "/pets/1"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/slow", nil)
	require.NoError(t, err)
	_, err = s.Client().Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 4, s.Calls("/"))

	s.Close()
	goleak.VerifyNone(t, before)
}
