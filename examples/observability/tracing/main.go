// Command tracing traces the calls of a generated client with OpenTelemetry, through
// otelfeign: every call is a span, and every attempt a CLIENT span, its child, named
// by the declared route ("GET /todos/{id}") and carrying the semantic conventions'
// attributes, http.request.resend_count on every retry among them. Each attempt sends
// its trace context to the server. Spans go to an in-memory exporter and are printed
// as a tree.
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
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/gofeign/feign/examples/observability/todo"
	"github.com/gofeign/feign/otelfeign"
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
		otelfeign.WithTelemetry(
			otelfeign.WithTracerProvider(provider),
			otelfeign.WithPropagators(propagation.TraceContext{}),
		),
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 3)),
	)
	if err != nil {
		return err
	}
	for _, id := range []int{1, 13} {
		todos.Get(context.Background(), id) // the outcome is in the spans
	}

	printSpans(w, exporter.GetSpans())
	fmt.Fprintf(w, "the server saw %d requests, %d with a traceparent\n", srv.Requests(), srv.Traced())
	return nil
}

// printSpans prints the spans as a tree, children in the order they started, with the
// attributes and events that tell the story; IDs and times, which change on every
// run, are left out.
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
		indent := strings.Repeat("  ", depth)
		fmt.Fprintf(w, "%s%s [%s]%s%s\n", indent, s.Name, s.SpanKind, attrs(s.Attributes), status(s.Status))
		for _, e := range s.Events {
			fmt.Fprintf(w, "%s  · %s%s\n", indent, e.Name, attrs(e.Attributes))
		}
		for _, c := range sortByStart(children[s.SpanContext.SpanID()]) {
			print(c, depth+1)
		}
	}
	for _, r := range sortByStart(roots) {
		print(r, 0)
	}
}

// shown are the attributes printed, in this order.
var shown = []attribute.Key{"url.full", "http.response.status_code", "error.type", "http.request.resend_count", "feign.attempts", "feign.attempt", "feign.wait"}

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
