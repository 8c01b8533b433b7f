package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// numbered is a request interceptor that numbers attempts in the order the call sends
// them, in an X-Attempt header: the transport of a hedged call is entered concurrently,
// so its own count says nothing about which attempt a request is.
func numbered() runtime.Option {
	var n atomic.Int32
	return runtime.WithRequestInterceptor(func(r *http.Request) error {
		r.Header.Set("X-Attempt", strconv.Itoa(int(n.Add(1))))
		return nil
	})
}

func attemptOf(r *http.Request) int {
	n, _ := strconv.Atoi(r.Header.Get("X-Attempt"))
	return n
}

// after answers r with answer after d, or with the context's error if r is cancelled
// first: a server that takes d to answer.
func after(r *http.Request, d time.Duration, answer *http.Response) (*http.Response, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return answer, nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}

// plan is a fake server: attempt n answers codes[n-1] after delays[n-1], the last
// entries answering every later attempt; it records when each attempt came and which
// were cancelled.
type plan struct {
	delays []time.Duration
	codes  []int

	mu        sync.Mutex
	sentAt    map[int]time.Duration
	cancelled map[int]bool
	start     time.Time
}

func newPlan(delays []time.Duration, codes []int) *plan {
	return &plan{delays: delays, codes: codes, sentAt: map[int]time.Duration{}, cancelled: map[int]bool{}, start: time.Now()}
}

func (p *plan) answer(r *http.Request, _ int) (*http.Response, error) {
	n := attemptOf(r)
	p.mu.Lock()
	p.sentAt[n] = time.Since(p.start)
	p.mu.Unlock()
	i := min(n, len(p.delays)) - 1
	resp, err := after(r, p.delays[i], respond(r, p.codes[i], nil, `{"attempt":`+strconv.Itoa(n)+`}`))
	if err != nil {
		p.mu.Lock()
		p.cancelled[n] = true
		p.mu.Unlock()
	}
	return resp, err
}

func TestHedgeFiresAfterExactlyDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPlan([]time.Duration{time.Second, 10 * time.Millisecond}, []int{200, 200})
		client, rt := inMemory(t, p.answer, numbered(),
			runtime.WithHedging(runtime.Hedging{Delay: 50 * time.Millisecond, MaxAttempts: 3}))

		start := time.Now()
		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))

		assert.Equal(t, 60*time.Millisecond, time.Since(start), "the hedge answers 10ms after the 50ms delay")
		assert.Equal(t, result{Attempt: 2}, got)
		assert.Equal(t, map[int]time.Duration{1: 0, 2: 50 * time.Millisecond}, p.sentAt, "no third attempt: the second won first")
		assert.Equal(t, map[int]bool{1: true}, p.cancelled, "the loser is cancelled")
		assert.EqualValues(t, 2, rt.hits.Load())
	})
}

func TestHedgeDelayZeroSendsAllAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPlan([]time.Duration{300 * time.Millisecond, 200 * time.Millisecond, 100 * time.Millisecond}, []int{200, 200, 200})
		client, rt := inMemory(t, p.answer, numbered(), runtime.WithHedging(runtime.Hedging{MaxAttempts: 3}))

		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))

		assert.Equal(t, result{Attempt: 3}, got)
		assert.Equal(t, map[int]time.Duration{1: 0, 2: 0, 3: 0}, p.sentAt)
		assert.Equal(t, map[int]bool{1: true, 2: true}, p.cancelled)
		assert.EqualValues(t, 3, rt.hits.Load())
	})
}

func TestFast503DoesNotBeatSlower200(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPlan([]time.Duration{100 * time.Millisecond, 10 * time.Millisecond}, []int{200, 503})
		client, rt := inMemory(t, p.answer, numbered(), runtime.WithHedging(runtime.Hedging{MaxAttempts: 2}))

		start := time.Now()
		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))

		assert.Equal(t, result{Attempt: 1}, got, "the 503 came first but does not win")
		assert.Equal(t, 100*time.Millisecond, time.Since(start))
		assert.Empty(t, p.cancelled)
		assert.EqualValues(t, 2, rt.hits.Load())
	})
}

func TestRetryableResultSendsTheNextHedgeAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ms := time.Millisecond
		p := newPlan([]time.Duration{500 * ms, 10 * ms, 10 * ms}, []int{200, 503, 200})
		client, rt := inMemory(t, p.answer, numbered(),
			runtime.WithHedging(runtime.Hedging{Delay: 100 * ms, MaxAttempts: 3}))

		start := time.Now()
		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))

		assert.Equal(t, result{Attempt: 3}, got)
		assert.Equal(t, map[int]time.Duration{1: 0, 2: 100 * ms, 3: 110 * ms}, p.sentAt, "the 503 at 110ms sends attempt 3 without waiting for the delay")
		assert.Equal(t, 120*ms, time.Since(start))
		assert.Equal(t, map[int]bool{1: true}, p.cancelled)
		assert.EqualValues(t, 3, rt.hits.Load())
	})
}

func TestRetryAfterStopsTheHedgesOfTheRound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ms := time.Millisecond
		var mu sync.Mutex
		sentAt := map[int]time.Duration{}
		start := time.Now()
		answer := func(r *http.Request, _ int) (*http.Response, error) {
			n := attemptOf(r)
			mu.Lock()
			sentAt[n] = time.Since(start)
			mu.Unlock()
			if n == 2 {
				return after(r, 10*ms, respond(r, 429, http.Header{"Retry-After": {"1"}}, ""))
			}
			return after(r, 500*ms, respond(r, 200, nil, `{"attempt":`+strconv.Itoa(n)+`}`))
		}
		client, rt := inMemory(t, answer, numbered(),
			runtime.WithHedging(runtime.Hedging{Delay: 100 * ms, MaxAttempts: 3}))

		var got result
		require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))

		assert.Equal(t, result{Attempt: 1}, got)
		assert.Equal(t, map[int]time.Duration{1: 0, 2: 100 * ms}, sentAt,
			"the 429 at 110ms asked for a second's pause: no third attempt, neither at once nor at 210ms")
		assert.Equal(t, 500*ms, time.Since(start))
		assert.EqualValues(t, 2, rt.hits.Load())
	})
}

func TestHedgedRoundsAreRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ms := time.Millisecond
		p := newPlan([]time.Duration{10 * ms, 20 * ms, 10 * ms}, []int{503, 503, 200})
		client, rt := inMemory(t, p.answer, numbered(),
			runtime.WithHedging(runtime.Hedging{Delay: 5 * ms, MaxAttempts: 2}),
			runtime.WithRetryer(retryer.New(100*ms, time.Second, 5)))

		start := time.Now()
		var got result
		err := client.NewCall(context.Background(), endpoint("GET")).Decode(&got)

		require.NoError(t, err)
		assert.Equal(t, result{Attempt: 3}, got)
		// Round 1: attempts 1 (0-10ms) and 2 (5-25ms) fail; the Retryer waits 150ms;
		// round 2: attempt 3 (175-185ms) wins, its hedge (180ms) is cancelled.
		assert.Equal(t, map[int]time.Duration{1: 0, 2: 5 * ms, 3: 175 * ms, 4: 180 * ms}, p.sentAt)
		assert.Equal(t, 185*ms, time.Since(start))
		assert.Equal(t, map[int]bool{4: true}, p.cancelled)
		assert.EqualValues(t, 4, rt.hits.Load())
	})
}

func TestLosersBodiesAreClosedAndTheWinnersStaysReadable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Three attempts answer 200 at the same instant: one wins, two lose with a
		// response in hand, whose bodies must be closed by the call.
		p := newPlan([]time.Duration{10 * time.Millisecond}, []int{200})
		rt := &roundTripper{answer: p.answer}
		bodies := &bodyCounter{next: rt}
		client, err := runtime.New("http://api.test", numbered(),
			runtime.WithHTTPClient(&http.Client{Transport: bodies}),
			runtime.WithHedging(runtime.Hedging{MaxAttempts: 3}),
			runtime.WithObserver(runtime.ObserverFunc(func(context.Context, runtime.Event) {})))
		require.NoError(t, err)

		body, err := client.NewCall(context.Background(), endpoint("GET")).Stream()
		require.NoError(t, err)

		assert.EqualValues(t, 1, bodies.open.Load(), "only the winner's body is open when the call returns")
		time.Sleep(time.Hour) // fake time: the winner's body outlives any delay
		synctest.Wait()
		b, err := io.ReadAll(body)
		require.NoError(t, err)
		assert.Regexp(t, `^\{"attempt":[123]\}$`, string(b))
		require.NoError(t, body.Close())
		assert.EqualValues(t, 0, bodies.open.Load())
		assert.EqualValues(t, 3, rt.hits.Load())
	})
}

func TestNotHedged(t *testing.T) {
	for _, tc := range []struct {
		name  string
		e     *runtime.Endpoint
		build func(*runtime.Call)
	}{
		{"POST", endpoint("POST"), func(c *runtime.Call) { c.Body("x") }},
		{"PATCH", endpoint("PATCH"), func(c *runtime.Call) { c.Body("x") }},
		{"hedge=false", &runtime.Endpoint{MethodKey: "API#GET", Method: "GET", NoHedge: true}, func(*runtime.Call) {}},
		{"retry=false", &runtime.Endpoint{MethodKey: "API#GET", Method: "GET", NoRetry: true}, func(*runtime.Call) {}},
		{"streamed body", endpoint("PUT"), func(c *runtime.Call) { c.BodyReader(bytes.NewReader([]byte("x"))) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := newPlan([]time.Duration{time.Second}, []int{200})
				client, rt := inMemory(t, p.answer, numbered(),
					runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond, MaxAttempts: 5}))
				call := client.NewCall(context.Background(), tc.e)
				tc.build(call)

				require.NoError(t, call.Do())

				assert.EqualValues(t, 1, rt.hits.Load())
			})
		})
	}
}

func TestIdempotentPostIsHedged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPlan([]time.Duration{time.Second, 10 * time.Millisecond}, []int{201, 201})
		client, rt := inMemory(t, p.answer, numbered(),
			runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond}))
		call := client.NewCall(context.Background(), endpoint("POST"), runtime.CallHeader("Idempotency-Key", "k-1"))
		call.Body("x")

		require.NoError(t, call.Do())

		assert.EqualValues(t, 2, rt.hits.Load())
		assert.Equal(t, map[int]bool{1: true}, p.cancelled)
	})
}

func TestHedgingConfigIsValidated(t *testing.T) {
	for _, h := range []runtime.Hedging{
		{MaxAttempts: 1}, {MaxAttempts: 6}, {MaxAttempts: -2},
		{Delay: -time.Second}, {Percentile: 100}, {Percentile: -1},
	} {
		_, err := runtime.New("http://api.test", runtime.WithHedging(h))
		assert.Error(t, err, "%+v", h)
	}
	_, err := runtime.New("http://api.test", runtime.WithHedging(runtime.Hedging{Delay: time.Millisecond}))
	assert.NoError(t, err, "MaxAttempts 0 means 2")
}

// TestHedgeOverLoopback hedges real HTTP: the server holds the first request it gets
// until the client gives up on it, and answers the second at once.
func TestHedgeOverLoopback(t *testing.T) {
	var cancelled atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			<-r.Context().Done() // the client cancels the loser
			cancelled.Add(1)
			return
		}
		io.WriteString(w, `{"attempt":`+strconv.Itoa(attempt)+`}`)
	})
	f := newFixture(t, srv.URL, runtime.WithHedging(runtime.Hedging{MaxAttempts: 2}))

	body, err := f.NewCall(context.Background(), endpoint("GET")).Stream()
	require.NoError(t, err)

	assert.EqualValues(t, 1, f.bodies.open.Load(), "only the winner's body is open")
	b, err := io.ReadAll(body)
	require.NoError(t, err)
	require.NoError(t, body.Close())
	assert.Equal(t, `{"attempt":2}`, string(b))
	assert.EqualValues(t, 2, srv.hits.Load(), "server-side attempts")
	assert.EqualValues(t, 2, f.sent.Load(), "client-side attempts")
	srv.Close() // waits for the held handler, which ends once the client cancels
	assert.EqualValues(t, 1, cancelled.Load(), "the server saw the loser cancelled")
}

func TestHedgedCallContextCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPlan([]time.Duration{time.Hour}, []int{200})
		client, rt := inMemory(t, p.answer, numbered(),
			runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond, MaxAttempts: 3}))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)

		err := client.NewCall(ctx, endpoint("GET")).Do()

		require.ErrorIs(t, err, context.Canceled)
		var callErr *runtime.CallError
		require.ErrorAs(t, err, &callErr)
		assert.Equal(t, 3, callErr.Attempts)
		assert.EqualValues(t, 3, rt.hits.Load())
		assert.Equal(t, map[int]bool{1: true, 2: true, 3: true}, p.cancelled)
		assert.False(t, errors.Is(err, runtime.ErrCallTimeout))
	})
}

// A hedge that loses the race may still have been answered: when its answer asked the
// client to wait and the winner's body then breaks, the retry honours that Retry-After.
func TestALosersRetryAfterBindsTheRetryOfABrokenResult(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter string
		wantErr    error
		wantSentAt map[int]time.Duration
	}{
		{"a pause: the retry waits it out", "1", nil,
			map[int]time.Duration{1: 0, 2: 10 * time.Millisecond, 3: 1020 * time.Millisecond}},
		{"longer than MaxRetryAfter: no retry", "3600", retryer.ErrRetryAfterTooLong,
			map[int]time.Duration{1: 0, 2: 10 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ms := time.Millisecond
				start := time.Now()
				var mu sync.Mutex
				sentAt := map[int]time.Duration{}
				answer := func(r *http.Request, _ int) (*http.Response, error) {
					n := attemptOf(r)
					mu.Lock()
					sentAt[n] = time.Since(start)
					mu.Unlock()
					switch n {
					case 1: // answers at 20ms, cancelled or not: the answer was on its way
						_ = r.Context().Done() // watched, as a transport does, which lets it be hedged
						time.Sleep(20 * ms)
						return respond(r, 429, http.Header{"Retry-After": {tc.retryAfter}}, ""), nil
					case 2: // answers at 20ms too, with a body that breaks
						time.Sleep(10 * ms)
						resp := respond(r, 200, nil, "")
						resp.Body = io.NopCloser(io.MultiReader(strings.NewReader(`{"attempt":`),
							iotest.ErrReader(io.ErrUnexpectedEOF)))
						return resp, nil
					}
					return respond(r, 200, nil, `{"attempt":`+strconv.Itoa(n)+`}`), nil
				}
				client, rt := inMemory(t, answer, numbered(),
					runtime.WithHedging(runtime.Hedging{Delay: 10 * ms, MaxAttempts: 2}),
					runtime.WithRetryer(retryer.New(100*ms, time.Second, 5)))

				var got result
				err := client.NewCall(context.Background(), endpoint("GET")).Decode(&got)

				assert.Equal(t, tc.wantSentAt, sentAt)
				assert.EqualValues(t, len(tc.wantSentAt), rt.hits.Load())
				if tc.wantErr != nil {
					require.ErrorIs(t, err, tc.wantErr)
					require.ErrorIs(t, err, io.ErrUnexpectedEOF)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, result{Attempt: 3}, got)
			})
		})
	}
}

// A transport that never watches the attempt's context cannot have the first attempt
// cancelled, and the call waits for its first attempt, so a hedge could not make the
// call any shorter: none is sent. The same transport watching the context is hedged.
func TestNoHedgeForATransportThatCannotBeCancelled(t *testing.T) {
	for _, tc := range []struct {
		name      string
		watches   bool
		wantSent  int
		wantTaken time.Duration
	}{
		{"never watches the context: no hedge", false, 1, time.Second},
		{"watches the context: hedged after the delay", true, 2, 10 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				answer := func(r *http.Request, _ int) (*http.Response, error) {
					if attemptOf(r) == 1 {
						if !tc.watches {
							time.Sleep(time.Second)
							return respond(r, 200, nil, `{"attempt":1}`), nil
						}
						select {
						case <-time.After(time.Second):
							return respond(r, 200, nil, `{"attempt":1}`), nil
						case <-r.Context().Done():
							return nil, context.Cause(r.Context())
						}
					}
					return respond(r, 200, nil, `{"attempt":2}`), nil
				}
				client, rt := inMemory(t, answer, numbered(),
					runtime.WithHedging(runtime.Hedging{Delay: 10 * time.Millisecond, MaxAttempts: 2}))
				start := time.Now()

				var got result
				require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&got))

				assert.Equal(t, tc.wantTaken, time.Since(start))
				assert.Equal(t, result{Attempt: tc.wantSent}, got)
				assert.EqualValues(t, tc.wantSent, rt.hits.Load(), "attempts the transport saw")
			})
		})
	}
}
