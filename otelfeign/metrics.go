package otelfeign

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/gofeign/feign/runtime"
)

// The metrics, beside the semantic conventions' http.client.request.duration. Each
// counter is labelled with url.template and feign.method_key only, never with a URL:
// a call per id still makes one series per method.
//
// The load control of the runtime (waits for a rate limit, calls refused by an open
// circuit) will be counted here as feign.client.rate.waits and
// feign.client.circuit.open, beside the budget's refusals, once the runtime reports
// them as Events.
const (
	MetricRequestDuration = "http.client.request.duration" // per attempt, in seconds
	MetricRetries         = "feign.client.retries"         // attempts after the first, but hedges
	MetricHedges          = "feign.client.hedges"          // hedged attempts sent
	MetricHedgesWon       = "feign.client.hedges.won"      // hedges that gave the call's result
	MetricBudgetRefusals  = "feign.client.budget.refusals" // retries and hedges the retry budget refused
)

// DurationBuckets are the bucket boundaries of http.client.request.duration, in
// seconds: the ones the semantic conventions advise.
var DurationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

type metrics struct {
	duration  metric.Float64Histogram
	retries   metric.Int64Counter
	hedges    metric.Int64Counter
	hedgesWon metric.Int64Counter
	refusals  metric.Int64Counter
}

// newMetrics makes the instruments. A meter that cannot make one (an invalid name,
// which ours are not) gives a no-op instrument with its error, which OpenTelemetry's
// error handler has already been told: measuring never fails a call.
func newMetrics(m metric.Meter) *metrics {
	duration, _ := m.Float64Histogram(MetricRequestDuration,
		metric.WithUnit("s"),
		metric.WithDescription("Duration of HTTP client requests."),
		metric.WithExplicitBucketBoundaries(DurationBuckets...))
	retries, _ := m.Int64Counter(MetricRetries, metric.WithUnit("{retry}"),
		metric.WithDescription("Attempts sent again after a retryable failure (hedges are not counted)."))
	hedges, _ := m.Int64Counter(MetricHedges, metric.WithUnit("{hedge}"),
		metric.WithDescription("Hedged attempts sent while another attempt of the call was in flight."))
	hedgesWon, _ := m.Int64Counter(MetricHedgesWon, metric.WithUnit("{hedge}"),
		metric.WithDescription("Hedged attempts that gave the call's result."))
	refusals, _ := m.Int64Counter(MetricBudgetRefusals, metric.WithUnit("{refusal}"),
		metric.WithDescription("Retries and hedges the retry budget refused."))
	return &metrics{duration: duration, retries: retries, hedges: hedges, hedgesWon: hedgesWon, refusals: refusals}
}

// record measures e.
func (m *metrics) record(ctx context.Context, e *runtime.Event) {
	switch e.Kind {
	case runtime.AttemptStart:
		if e.Attempt > 1 && !e.Hedge {
			m.retries.Add(ctx, 1, metric.WithAttributes(callAttrs(e)...))
		}
	case runtime.AttemptEnd:
		attrs := requestAttrs(e)
		if e.StatusCode > 0 {
			attrs = append(attrs, semconv.HTTPResponseStatusCodeKey.Int(e.StatusCode))
		}
		if t := errorType(e.StatusCode, e.Err); t != "" {
			attrs = append(attrs, semconv.ErrorTypeKey.String(t))
		}
		m.duration.Record(ctx, e.Duration.Seconds(), metric.WithAttributes(attrs...))
	case runtime.HedgeFired:
		m.hedges.Add(ctx, 1, metric.WithAttributes(callAttrs(e)...))
	case runtime.HedgeWon:
		m.hedgesWon.Add(ctx, 1, metric.WithAttributes(callAttrs(e)...))
	case runtime.BudgetRefused:
		m.refusals.Add(ctx, 1, metric.WithAttributes(callAttrs(e)...))
	}
}

// callAttrs label the counters: the route and the method key.
func callAttrs(e *runtime.Event) []attribute.KeyValue {
	attrs := []attribute.KeyValue{MethodKeyKey.String(e.MethodKey)}
	if e.Endpoint != nil && e.Endpoint.URLTemplate != "" {
		attrs = append(attrs, semconv.URLTemplateKey.String(e.Endpoint.URLTemplate))
	}
	return attrs
}
