package otelfeign_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gofeign/feign/otelfeign"
	"github.com/gofeign/feign/otelfeign/internal/ghapi"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// server is a loopback server whose handler is told the number of each request, from 1;
// it keeps the traceparent header of every request, in their order.
type server struct {
	*httptest.Server
	host string
	port string

	mu          sync.Mutex
	requests    int
	traceparent []string
}

func newServer(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		n := s.requests
		s.traceparent = append(s.traceparent, r.Header.Get("Traceparent"))
		s.mu.Unlock()
		handle(w, r, n)
	}))
	t.Cleanup(s.Close)
	u, err := url.Parse(s.URL)
	require.NoError(t, err)
	s.host, s.port = u.Hostname(), u.Port()
	return s
}

// seen returns how many requests came and their traceparent headers.
func (s *server) seen() (int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, slices.Clone(s.traceparent)
}

// contributors answers with a list of one contributor.
func contributors(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `[{"login":"octocat"}]`)
}

// telemetry is an SDK's tracer and meter providers, recording in memory.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	option runtime.Option
}

func newTelemetry(t *testing.T) *telemetry {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() {
		tp.Shutdown(context.Background())
		mp.Shutdown(context.Background())
	})
	return &telemetry{spans: spans, reader: reader, option: otelfeign.WithTelemetry(
		otelfeign.WithTracerProvider(tp),
		otelfeign.WithMeterProvider(mp),
		otelfeign.WithPropagators(propagation.TraceContext{}),
	)}
}

// newClient returns a generated client of srv, with a retryer that waits 1 ms before
// its first retry and makes 3 attempts at most.
func newClient(t *testing.T, srv *server, opts ...runtime.Option) ghapi.GitHub {
	t.Helper()
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	client, err := ghapi.NewGitHub(srv.URL, append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 3)),
	}, opts...)...)
	require.NoError(t, err)
	return client
}

// span is what a test compares of a recorded span: everything but IDs and times.
type span struct {
	Name   string
	Kind   string
	Parent string // the parent's name, "" for a root
	Attrs  []string
	Status string
	Events []string
}

// recorded returns the ended spans in the order they started, and the ID of each,
// trace and span, as a traceparent header carries them.
func (tm *telemetry) recorded() ([]span, []string) {
	ended := slices.SortedStableFunc(slices.Values(tm.spans.Ended()), func(a, b sdktrace.ReadOnlySpan) int {
		return a.StartTime().Compare(b.StartTime())
	})
	names := map[string]string{}
	for _, s := range ended {
		names[s.SpanContext().SpanID().String()] = s.Name()
	}
	var spans []span
	var ids []string
	for _, s := range ended {
		out := span{Name: s.Name(), Kind: s.SpanKind().String(), Attrs: attrs(s.Attributes()), Status: s.Status().Code.String()}
		if s.Parent().IsValid() {
			out.Parent = names[s.Parent().SpanID().String()]
			if s.Parent().TraceID() != s.SpanContext().TraceID() {
				out.Parent += " (another trace)"
			}
		}
		if d := s.Status().Description; d != "" {
			out.Status += ": " + d
		}
		for _, e := range s.Events() {
			out.Events = append(out.Events, e.Name+" "+strings.Join(attrs(e.Attributes), " "))
		}
		spans = append(spans, out)
		ids = append(ids, "00-"+s.SpanContext().TraceID().String()+"-"+s.SpanContext().SpanID().String()+"-01")
	}
	return spans, ids
}

func attrs(kvs []attribute.KeyValue) []string {
	out := make([]string, 0, len(kvs))
	for _, kv := range kvs {
		out = append(out, string(kv.Key)+"="+kv.Value.Emit())
	}
	slices.Sort(out)
	return out
}

// measure is what a test compares of a metric: its points' attributes and counts, the
// histograms' buckets; not the durations, which depend on timing.
type measure struct {
	Name   string
	Unit   string
	Bounds []float64 // a histogram's
	Points []string  // "attrs... = count", sorted
}

func (tm *telemetry) measured(t *testing.T) []measure {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	var out []measure
	for _, sm := range rm.ScopeMetrics {
		require.Equal(t, otelfeign.ScopeName, sm.Scope.Name)
		for _, m := range sm.Metrics {
			got := measure{Name: m.Name, Unit: m.Unit}
			switch data := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range data.DataPoints {
					got.Bounds = p.Bounds
					got.Points = append(got.Points, fmt.Sprintf("%s = %d", strings.Join(attrs(p.Attributes.ToSlice()), " "), p.Count))
				}
			case metricdata.Sum[int64]:
				for _, p := range data.DataPoints {
					got.Points = append(got.Points, fmt.Sprintf("%s = %d", strings.Join(attrs(p.Attributes.ToSlice()), " "), p.Value))
				}
			default:
				t.Fatalf("metric %s: unexpected data %T", m.Name, m.Data)
			}
			slices.Sort(got.Points)
			out = append(out, got)
		}
	}
	slices.SortFunc(out, func(a, b measure) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

func joined(s []string) string { return strings.Join(s, " ") }
