// Command metrics counts the attempts, retries and calls of a generated client in
// Prometheus metrics, built on the Events the client reports to its Observers: no
// transport is wrapped. It prints the registry in Prometheus' text format.
//
//	cd examples/observability && go run ./metrics
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/gofeign/feign/examples/observability/todo"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "metrics:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	srv := todo.NewServer()
	defer srv.Close()
	return runAgainst(w, srv)
}

// runAgainst makes the example's calls to srv and prints the metrics.
func runAgainst(w io.Writer, srv *todo.Server) error {
	registry := prometheus.NewRegistry()
	metrics := NewMetrics(registry)
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	todos, err := todo.NewTodos(srv.URL,
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 3)),
		runtime.WithObserver(metrics),
	)
	if err != nil {
		return err
	}
	for _, id := range []int{1, 2, 13} {
		todos.Get(context.Background(), id) // the outcome is in the metrics
	}
	return printMetrics(w, registry)
}

// Metrics is a runtime.Observer that records a client's Events in Prometheus metrics,
// labelled by method key ("Todos#Get") and outcome.
type Metrics struct {
	attempts *prometheus.CounterVec
	duration *prometheus.HistogramVec
	retries  *prometheus.CounterVec
	hedges   *prometheus.CounterVec
	refused  *prometheus.CounterVec
	calls    *prometheus.CounterVec
}

// NewMetrics registers the metrics with r.
func NewMetrics(r prometheus.Registerer) *Metrics {
	m := &Metrics{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feign_attempts_total",
			Help: "Attempts sent, by method key and outcome (the status class, lost, canceled or error).",
		}, []string{"method_key", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "feign_attempt_duration_seconds",
			Help:    "Time from sending an attempt to its response headers, by method key and outcome.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 8),
		}, []string{"method_key", "outcome"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feign_retries_total",
			Help: "Retries, each after a wait, by method key.",
		}, []string{"method_key"}),
		hedges: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feign_hedges_total",
			Help: "Hedged attempts sent while another was in flight, by method key.",
		}, []string{"method_key"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feign_budget_refused_total",
			Help: "Retries and hedges the retry budget refused, by method key.",
		}, []string{"method_key"}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feign_calls_total",
			Help: "Calls ended, by method key and outcome (ok or error).",
		}, []string{"method_key", "outcome"}),
	}
	r.MustRegister(m.attempts, m.duration, m.retries, m.hedges, m.refused, m.calls)
	return m
}

// Observe records e. It runs on the call's path, so it only updates counters.
func (m *Metrics) Observe(_ context.Context, e runtime.Event) {
	switch e.Kind {
	case runtime.AttemptEnd:
		outcome := attemptOutcome(e)
		m.attempts.WithLabelValues(e.MethodKey, outcome).Inc()
		m.duration.WithLabelValues(e.MethodKey, outcome).Observe(e.Duration.Seconds())
	case runtime.RetryWait:
		m.retries.WithLabelValues(e.MethodKey).Inc()
	case runtime.HedgeFired:
		m.hedges.WithLabelValues(e.MethodKey).Inc()
	case runtime.BudgetRefused:
		m.refused.WithLabelValues(e.MethodKey).Inc()
	case runtime.CallEnd:
		outcome := "ok"
		if e.Err != nil {
			outcome = "error"
		}
		m.calls.WithLabelValues(e.MethodKey, outcome).Inc()
	}
}

// attemptOutcome is "2xx", "4xx", "5xx"... for an attempt that got a response,
// "canceled" for one the call gave up on (a losing hedge), "error" otherwise: a small,
// fixed set of label values, whatever the server answers.
func attemptOutcome(e runtime.Event) string {
	switch {
	case e.StatusCode >= 100 && e.StatusCode <= 599:
		return strconv.Itoa(e.StatusCode/100) + "xx"
	case errors.Is(e.Err, runtime.ErrAttemptLost):
		return "lost" // a hedged round's loser, cancelled when another attempt won
	case errors.Is(e.Err, context.Canceled):
		return "canceled"
	}
	return "error"
}

// printMetrics writes the registry in Prometheus' text format, leaving out the
// histogram's buckets and sums, which depend on timing; its counts are exact.
func printMetrics(w io.Writer, g prometheus.Gatherer) error {
	families, err := g.Gather()
	if err != nil {
		return err
	}
	if len(families) == 0 {
		fmt.Fprintln(w, "no metrics: the client reported no Events")
		return nil
	}
	var text bytes.Buffer
	for _, f := range families {
		if _, err := expfmt.MetricFamilyToText(&text, f); err != nil {
			return err
		}
	}
	lines := bufio.NewScanner(&text)
	for lines.Scan() {
		line := lines.Text()
		if strings.Contains(line, "_bucket{") || strings.Contains(line, "_sum{") {
			continue
		}
		fmt.Fprintln(w, line)
	}
	return lines.Err()
}
