// Command tracing traces the calls of a generated client with OpenTelemetry: otelhttp
// wraps the client's transport, so every attempt is a span of its own, a child of the
// span of the call, and every retry carries http.request.resend_count. Spans go to an
// in-memory exporter and are printed as a tree.
//
//	cd examples/observability && go run ./tracing
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/gofeign/feign/examples/observability/todo"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tracing:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	srv := todo.NewServer()
	defer srv.Close()
	return runAgainst(w, srv)
}

// runAgainst makes the example's calls to srv and prints their spans.
func runAgainst(w io.Writer, srv *todo.Server) error {
	exporter := tracetest.NewInMemoryExporter()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	defer provider.Shutdown(context.Background())

	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	todos, err := todo.NewTodos(srv.URL,
		// otelhttp starts a client span around every RoundTrip, that is every attempt,
		// and puts its traceparent in the request; resendCounter, inside it, adds the
		// resend count to the span of each retry.
		runtime.WithHTTPClient(&http.Client{Transport: otelhttp.NewTransport(
			resendCounter{next: transport},
			otelhttp.WithTracerProvider(provider),
			otelhttp.WithPropagators(propagation.TraceContext{}),
		)}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 3)),
	)
	if err != nil {
		return err
	}

	tracer := provider.Tracer("github.com/gofeign/feign/examples/observability/tracing")
	for _, id := range []int{1, 13} {
		// One span per call, and a resend counter in its context.
		ctx, span := tracer.Start(context.Background(), "Todos.Get")
		ctx = countResends(ctx)
		_, err := todos.Get(ctx, id)
		if err != nil {
			span.SetStatus(codes.Error, "call failed")
		}
		span.End()
	}

	printSpans(w, exporter.GetSpans())
	return nil
}

// resendsKey is the context key of a call's attempt counter.
type resendsKey struct{}

// countResends returns ctx carrying an attempt counter for one call.
func countResends(ctx context.Context) context.Context {
	return context.WithValue(ctx, resendsKey{}, new(atomic.Int64))
}

// resendCounter is an http.RoundTripper, wrapped by otelhttp's, that counts the
// attempts of each call, in the counter countResends put in its context, and sets
// http.request.resend_count (OpenTelemetry's semantic conventions) on the span of every
// attempt after the first. Every attempt of a call carries the call's context.
type resendCounter struct{ next http.RoundTripper }

func (rc resendCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	if attempts, ok := r.Context().Value(resendsKey{}).(*atomic.Int64); ok {
		if resends := attempts.Add(1) - 1; resends > 0 {
			trace.SpanFromContext(r.Context()).SetAttributes(attribute.Int64("http.request.resend_count", resends))
		}
	}
	return rc.next.RoundTrip(r)
}

// printSpans prints the spans as a tree, children in the order they started, with the
// attributes that tell the story; IDs and times, which change on every run, are left
// out.
func printSpans(w io.Writer, spans tracetest.SpanStubs) {
	children := map[trace.SpanID][]tracetest.SpanStub{}
	var roots []tracetest.SpanStub
	for _, s := range spans {
		if s.Parent.IsValid() {
			children[s.Parent.SpanID()] = append(children[s.Parent.SpanID()], s)
		} else {
			roots = append(roots, s)
		}
	}
	var print func(s tracetest.SpanStub, depth int)
	print = func(s tracetest.SpanStub, depth int) {
		fmt.Fprintf(w, "%s%s [%s]%s%s\n", strings.Repeat("  ", depth), s.Name, s.SpanKind, attrs(s.Attributes), status(s.Status))
		for _, c := range sortByStart(children[s.SpanContext.SpanID()]) {
			print(c, depth+1)
		}
	}
	for _, r := range sortByStart(roots) {
		print(r, 0)
	}
}

// shown are the attributes printed, in this order.
var shown = []attribute.Key{"http.request.method", "url.full", "http.response.status_code", "http.request.resend_count"}

func attrs(kvs []attribute.KeyValue) string {
	var b strings.Builder
	for _, key := range shown {
		for _, kv := range kvs {
			if kv.Key == key {
				value := kv.Value.Emit()
				if u, err := url.Parse(value); key == "url.full" && err == nil {
					value = "…" + u.RequestURI() // the port changes on every run
				}
				fmt.Fprintf(&b, " %s=%s", key, value)
			}
		}
	}
	return b.String()
}

func status(s sdktrace.Status) string {
	if s.Code == codes.Error {
		return " status=Error"
	}
	return ""
}

func sortByStart(spans []tracetest.SpanStub) []tracetest.SpanStub {
	return slices.SortedStableFunc(slices.Values(spans), func(a, b tracetest.SpanStub) int {
		return a.StartTime.Compare(b.StartTime)
	})
}
