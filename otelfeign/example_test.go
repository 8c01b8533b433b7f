package otelfeign_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gofeign/feign/otelfeign"
	"github.com/gofeign/feign/otelfeign/internal/ghapi"
	"github.com/gofeign/feign/runtime"
)

// A generated client traced with an SDK's TracerProvider: a span for the call and a
// CLIENT span, named by the declared route, for its attempt.
func ExampleWithTelemetry() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"login":"octocat"}]`)
	}))
	defer srv.Close()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()

	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer tp.Shutdown(context.Background())

	gh, err := ghapi.NewGitHub(srv.URL,
		otelfeign.WithTelemetry(otelfeign.WithTracerProvider(tp)),
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := gh.Contributors(context.Background(), "gofeign", "feign", nil); err != nil {
		fmt.Println(err)
		return
	}

	ended := slices.SortedFunc(slices.Values(spans.Ended()), func(a, b sdktrace.ReadOnlySpan) int {
		return a.StartTime().Compare(b.StartTime())
	})
	for _, s := range ended {
		fmt.Printf("%s [%s]\n", s.Name(), s.SpanKind())
	}
	// Output:
	// GitHub.Contributors [internal]
	// GET /repos/{owner}/{repo}/contributors{?anon} [client]
}
