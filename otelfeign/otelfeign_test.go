package otelfeign_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/runtime"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	tmpl       = "/repos/{owner}/{repo}/contributors{?anon}"
	callName   = "GitHub.Contributors"
	clientName = "GET " + tmpl
)

var anon = true

// The attributes of the call's span, and of an attempt's span and duration, as the
// semantic conventions name them; the test adds the outcome.
func callAttrs(attempts int, extra ...string) []string {
	return sorted(append([]string{"feign.attempts=" + strconv.Itoa(attempts), "feign.method_key=GitHub#Contributors",
		"http.request.method=GET", "url.template=" + tmpl}, extra...))
}

func (s *server) attemptAttrs(extra ...string) []string {
	return sorted(append([]string{"http.request.method=GET", "server.address=" + s.host, "server.port=" + s.port,
		"url.full=" + s.URL + "/repos/gofeign/feign/contributors?anon=true", "url.template=" + tmpl}, extra...))
}

func (s *server) durationPoint(count int, extra ...string) string {
	return joined(sorted(append([]string{"http.request.method=GET", "server.address=" + s.host, "server.port=" + s.port,
		"url.template=" + tmpl}, extra...))) + " = " + strconv.Itoa(count)
}

const counterAttrs = "feign.method_key=GitHub#Contributors url.template=" + tmpl

// duration is http.client.request.duration with the semantic conventions' buckets.
func duration(points ...string) measure {
	return measure{Name: "http.client.request.duration", Unit: "s",
		Bounds: []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}, Points: sorted(points)}
}

// A call answered at once: a span of the call, a CLIENT span of its attempt named by
// the route, whose trace context the server received, and one duration.
func TestPlainCall(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { contributors(w) })
	tm := newTelemetry(t)
	gh := newClient(t, srv, tm.option)

	got, err := gh.Contributors(context.Background(), "gofeign", "feign", &anon)
	require.NoError(t, err)
	require.Len(t, got, 1)

	spans, ids := tm.recorded()
	assert.Equal(t, []span{
		{Name: callName, Kind: "internal", Attrs: callAttrs(1), Status: "Unset"},
		{Name: clientName, Kind: "client", Parent: callName, Attrs: srv.attemptAttrs("http.response.status_code=200"), Status: "Unset"},
	}, spans)
	requests, traceparents := srv.seen()
	assert.Equal(t, 1, requests)
	assert.Equal(t, ids[1:], traceparents)
	assert.Equal(t, []measure{
		duration(srv.durationPoint(1, "http.response.status_code=200")),
	}, tm.measured(t))
}

// 503 then 200: two CLIENT spans, the second with resend_count 1, a retry_wait event of
// the Retryer's 1 ms on the call's span, a retry counted.
func TestRetriedCall(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		contributors(w)
	})
	tm := newTelemetry(t)
	gh := newClient(t, srv, tm.option)

	_, err := gh.Contributors(context.Background(), "gofeign", "feign", &anon)
	require.NoError(t, err)

	spans, ids := tm.recorded()
	assert.Equal(t, []span{
		{Name: callName, Kind: "internal", Attrs: callAttrs(2), Status: "Unset",
			Events: []string{"feign.retry_wait feign.attempt=2 feign.wait=0.001"}},
		{Name: clientName, Kind: "client", Parent: callName, Attrs: srv.attemptAttrs("error.type=503", "http.response.status_code=503"), Status: "Error"},
		{Name: clientName, Kind: "client", Parent: callName, Attrs: srv.attemptAttrs("http.request.resend_count=1", "http.response.status_code=200"), Status: "Unset"},
	}, spans)
	requests, traceparents := srv.seen()
	assert.Equal(t, 2, requests)
	assert.Equal(t, ids[1:], traceparents)
	assert.Equal(t, []measure{
		{Name: "feign.client.retries", Unit: "{retry}", Points: []string{counterAttrs + " = 1"}},
		duration(
			srv.durationPoint(1, "http.response.status_code=200"),
			srv.durationPoint(1, "error.type=503", "http.response.status_code=503"),
		),
	}, tm.measured(t))
}

// A first attempt that does not answer and a hedge, sent 20 ms later, that wins: the
// loser's span ends cancelled, not failed; the call's span has the hedge's events.
func TestHedgedCall(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			<-r.Context().Done() // until the client gives up on it
			return
		}
		contributors(w)
	})
	tm := newTelemetry(t)
	gh := newClient(t, srv, tm.option, runtime.WithHedging(runtime.Hedging{Delay: 20 * time.Millisecond, MaxAttempts: 2}))

	_, err := gh.Contributors(context.Background(), "gofeign", "feign", &anon)
	require.NoError(t, err)

	spans, ids := tm.recorded()
	assert.Equal(t, []span{
		{Name: callName, Kind: "internal", Attrs: callAttrs(2), Status: "Unset",
			Events: []string{"feign.hedge feign.attempt=2", "feign.hedge_won feign.attempt=2"}},
		{Name: clientName, Kind: "client", Parent: callName, Attrs: srv.attemptAttrs("error.type=canceled"), Status: "Unset"},
		{Name: clientName, Kind: "client", Parent: callName, Attrs: srv.attemptAttrs("feign.hedge=true", "http.request.resend_count=1", "http.response.status_code=200"), Status: "Unset"},
	}, spans)
	srv.Close() // waits for the loser's handler, which ends once the client cancelled it
	requests, traceparents := srv.seen()
	assert.Equal(t, 2, requests)
	assert.Equal(t, ids[1:], traceparents)
	assert.Equal(t, []measure{
		{Name: "feign.client.hedges", Unit: "{hedge}", Points: []string{counterAttrs + " = 1"}},
		{Name: "feign.client.hedges.won", Unit: "{hedge}", Points: []string{counterAttrs + " = 1"}},
		duration(
			srv.durationPoint(1, "error.type=canceled"),
			srv.durationPoint(1, "http.response.status_code=200"),
		),
	}, tm.measured(t))
}

// A 503 whose retry the exhausted retry budget refuses: one attempt, a budget_refused
// event, the call's span an error with the call's message, a refusal counted.
func TestRefusedRetry(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	tm := newTelemetry(t)
	// Neither a ratio nor a floor: the budget allows no retry.
	gh := newClient(t, srv, tm.option, runtime.WithRetryBudget(runtime.RetryBudget{Ratio: -1, MinPerSecond: -1}))

	_, err := gh.Contributors(context.Background(), "gofeign", "feign", &anon)
	require.ErrorIs(t, err, runtime.ErrBudgetExhausted)

	spans, ids := tm.recorded()
	assert.Equal(t, []span{
		{Name: callName, Kind: "internal", Attrs: callAttrs(1, "error.type=503"), Status: "Error: " + err.Error(),
			Events: []string{"feign.budget_refused feign.attempt=2 feign.hedge=false"}},
		{Name: clientName, Kind: "client", Parent: callName, Attrs: srv.attemptAttrs("error.type=503", "http.response.status_code=503"), Status: "Error"},
	}, spans)
	requests, traceparents := srv.seen()
	assert.Equal(t, 1, requests)
	assert.Equal(t, ids[1:], traceparents)
	assert.Equal(t, []measure{
		{Name: "feign.client.budget.refusals", Unit: "{refusal}", Points: []string{counterAttrs + " = 1"}},
		duration(srv.durationPoint(1, "error.type=503", "http.response.status_code=503")),
	}, tm.measured(t))
}

// A port nothing listens on: every attempt fails without a response, its span an
// error named by the network's error type, with the attempt's own (redacted) message.
func TestTransportFailure(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := &server{Server: &httptest.Server{URL: "http://" + l.Addr().String()}}
	closed.host, closed.port, _ = net.SplitHostPort(l.Addr().String())
	require.NoError(t, l.Close())

	var mu sync.Mutex
	var failures []string // the Err of each AttemptEnd, as the runtime reports it
	tm := newTelemetry(t)
	gh := newClient(t, closed, tm.option, runtime.WithObserver(runtime.ObserverFunc(func(_ context.Context, e runtime.Event) {
		if e.Kind == runtime.AttemptEnd {
			mu.Lock()
			failures = append(failures, e.Err.Error())
			mu.Unlock()
		}
	})))

	_, err = gh.Contributors(context.Background(), "gofeign", "feign", &anon)
	require.Error(t, err)
	require.Len(t, failures, 3)

	spans, _ := tm.recorded()
	failed := func(n int, extra ...string) span {
		return span{Name: clientName, Kind: "client", Parent: callName,
			Attrs: closed.attemptAttrs(append(extra, "error.type=*net.OpError")...), Status: "Error: " + failures[n]}
	}
	assert.Equal(t, []span{
		{Name: callName, Kind: "internal", Attrs: callAttrs(3, "error.type=*net.OpError"), Status: "Error: " + err.Error(),
			Events: []string{"feign.retry_wait feign.attempt=2 feign.wait=0.001", "feign.retry_wait feign.attempt=3 feign.wait=0.002"}},
		failed(0),
		failed(1, "http.request.resend_count=1"),
		failed(2, "http.request.resend_count=2"),
	}, spans)
	assert.Equal(t, []measure{
		{Name: "feign.client.retries", Unit: "{retry}", Points: []string{counterAttrs + " = 2"}},
		duration(closed.durationPoint(3, "error.type=*net.OpError")),
	}, tm.measured(t))
}
