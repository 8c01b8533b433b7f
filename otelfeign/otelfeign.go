package otelfeign

import (
	"reflect"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/gofeign/feign/runtime"
)

// ScopeName is the instrumentation scope of the tracer and the meter: the package's
// import path, as OpenTelemetry asks.
const ScopeName = "github.com/gofeign/feign/otelfeign"

// An Option configures WithTelemetry.
type Option func(*config)

type config struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	propagators    propagation.TextMapPropagator
}

// WithTracerProvider makes calls traced by tp rather than the global TracerProvider.
// A nil or no-op tp means no tracing.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tracerProvider = tp }
}

// WithMeterProvider makes calls measured by mp rather than the global MeterProvider.
// A nil or no-op mp means no metrics.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.meterProvider = mp }
}

// WithPropagators makes every attempt carry the trace context in the headers p writes,
// rather than the global TextMapPropagator's.
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.propagators = p }
}

// WithTelemetry returns a runtime.Option that traces and measures every call of the
// Client, following OpenTelemetry's semantic conventions for HTTP clients, with the
// route the generator knows (Endpoint.URLTemplate) where a transport would only see
// URLs. It is built on the runtime's Events: no transport is wrapped, so it works with
// any http.Client given to runtime.WithHTTPClient.
//
// Providers left out are the global ones (otel.GetTracerProvider,
// otel.GetMeterProvider, otel.GetTextMapPropagator) as they are when WithTelemetry is
// called. A provider that is not set, a no-op one or the global one before
// otel.SetTracerProvider or otel.SetMeterProvider was called, is left out: with
// neither, the Option installs nothing and the Client's calls cost not one allocation
// more. So set the global providers first, or give them here. The global propagator
// writes nothing until otel.SetTextMapPropagator is called: without one set, give
// WithPropagators(propagation.TraceContext{}) for the attempts to carry traceparent.
//
// The trace context is set in the headers of each attempt at its AttemptStart Event,
// after the request interceptors: a logger added before WithTelemetry logs the headers
// without it.
func WithTelemetry(opts ...Option) runtime.Option {
	var c config
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if c.tracerProvider == nil {
		c.tracerProvider = otel.GetTracerProvider()
	}
	if c.meterProvider == nil {
		c.meterProvider = otel.GetMeterProvider()
	}
	if c.propagators == nil {
		c.propagators = otel.GetTextMapPropagator()
	}
	o := &observer{propagators: c.propagators}
	if isSet(c.tracerProvider) {
		o.tracer = c.tracerProvider.Tracer(ScopeName, trace.WithSchemaURL(semconv.SchemaURL))
	}
	if isSet(c.meterProvider) {
		o.metrics = newMetrics(c.meterProvider.Meter(ScopeName, metric.WithSchemaURL(semconv.SchemaURL)))
	}
	if o.tracer == nil && o.metrics == nil {
		return func(*runtime.Client) {}
	}
	return runtime.WithObserver(o)
}

// globalPackage is where the global providers live until otel.SetTracerProvider or
// otel.SetMeterProvider replaces them: a provider of that package is one nobody set.
const globalPackage = "go.opentelemetry.io/otel/internal/global"

// isSet reports whether p, a TracerProvider or a MeterProvider, records anything: it
// is neither a no-op provider nor a global one that was never set. Spans of the
// global provider before it is set do nothing but still cost allocations.
func isSet(p any) bool {
	switch p.(type) {
	case nil, tracenoop.TracerProvider, *tracenoop.TracerProvider, metricnoop.MeterProvider, *metricnoop.MeterProvider:
		return false
	}
	t := reflect.TypeOf(p)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() != globalPackage
}
