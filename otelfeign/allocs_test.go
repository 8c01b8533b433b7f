package otelfeign_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/gofeign/feign/otelfeign"
	"github.com/gofeign/feign/otelfeign/internal/ghapi"
	"github.com/gofeign/feign/runtime"
)

// answer is a RoundTripper that answers every request at once with a contributor, in
// memory: what a call costs beyond it is the client's own.
type answer struct{}

func (answer) RoundTrip(r *http.Request) (*http.Response, error) {
	const body = `[{"login":"octocat"}]`
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: int64(len(body)),
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

func inMemoryClient(tb testing.TB, opts ...runtime.Option) ghapi.GitHub {
	tb.Helper()
	gh, err := ghapi.NewGitHub("http://api.test", append([]runtime.Option{runtime.WithHTTPClient(&http.Client{Transport: answer{}})}, opts...)...)
	require.NoError(tb, err)
	return gh
}

func call(tb testing.TB, gh ghapi.GitHub) {
	if _, err := gh.Contributors(context.Background(), "gofeign", "feign", &anon); err != nil {
		tb.Fatal(err)
	}
}

// The clients the benchmark and the allocation test compare: without telemetry, with
// it and no provider set (the global ones untouched, or no-op ones), and, to show what
// recording costs, with the SDK's providers.
func contenders(tb testing.TB) map[string]ghapi.GitHub {
	tp := sdktrace.NewTracerProvider()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	tb.Cleanup(func() {
		tp.Shutdown(context.Background())
		mp.Shutdown(context.Background())
	})
	return map[string]ghapi.GitHub{
		"plain":      inMemoryClient(tb),
		"unset":      inMemoryClient(tb, otelfeign.WithTelemetry()),
		"noop":       inMemoryClient(tb, otelfeign.WithTelemetry(otelfeign.WithTracerProvider(tracenoop.NewTracerProvider()), otelfeign.WithMeterProvider(metricnoop.NewMeterProvider()))),
		"recording":  inMemoryClient(tb, otelfeign.WithTelemetry(otelfeign.WithTracerProvider(tp), otelfeign.WithMeterProvider(mp), otelfeign.WithPropagators(propagation.TraceContext{}))),
		"tracesOnly": inMemoryClient(tb, otelfeign.WithTelemetry(otelfeign.WithTracerProvider(tp))),
	}
}

// BenchmarkHappyPath compares a call in memory without the module, with it and no
// provider set, and with recording providers.
func BenchmarkHappyPath(b *testing.B) {
	clients := contenders(b)
	for _, name := range []string{"plain", "unset", "noop", "tracesOnly", "recording"} {
		gh := clients[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				call(b, gh)
			}
		})
	}
}
