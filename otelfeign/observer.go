package otelfeign

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
)

// The attributes of our own, beside the semantic conventions' (feign.* is the
// project's namespace).
const (
	MethodKeyKey = attribute.Key("feign.method_key") // "GitHub#Contributors"
	AttemptsKey  = attribute.Key("feign.attempts")   // on a call's span: the attempts it made
	AttemptKey   = attribute.Key("feign.attempt")    // on a call span's event: the attempt it is about
	HedgeKey     = attribute.Key("feign.hedge")      // on an attempt's span: sent while another was in flight
	WaitKey      = attribute.Key("feign.wait")       // on a feign.retry_wait event: the wait, in seconds
)

// The events of a call's span.
const (
	EventRetryWait     = "feign.retry_wait"      // the call waits before a retry (WaitKey)
	EventHedge         = "feign.hedge"           // a hedged attempt was sent (AttemptKey)
	EventHedgeWon      = "feign.hedge_won"       // a hedge gave the call's result (AttemptKey)
	EventBudgetRefused = "feign.budget_refused"  // the retry budget refused a retry or hedge (AttemptKey, HedgeKey)
	EventRateLimitWait = "feign.rate_limit_wait" // the call waits for a server's quota (AttemptKey, WaitKey)
	EventCircuitOpen   = "feign.circuit_open"    // the circuit breaker refused an attempt (AttemptKey, HedgeKey)
)

// observer traces and measures the calls of a Client: a runtime.CallTagger, so that
// every call gets a span of its own, in the context every Event of the call comes with.
type observer struct {
	tracer      trace.Tracer // nil: no tracing
	metrics     *metrics     // nil: no metrics
	propagators propagation.TextMapPropagator
}

// callKey is the context key of a call's *callSpan: one per observer, so that two of
// them on one Client, or on a Client called by another's, never take each other's.
type callKey struct{ o *observer }

// callSpan is a call's span and the spans of its attempts in flight: the attempts of a
// hedged call end on goroutines of their own.
type callSpan struct {
	span     trace.Span
	mu       sync.Mutex
	attempts map[int]trace.Span // by attempt number, from AttemptStart to AttemptEnd
}

// TagCall starts the call's span, of kind INTERNAL, named by the declaring interface
// and method ("GitHub.Contributors"), and returns ctx carrying it: the spans of the
// call's attempts are its children.
func (o *observer) TagCall(ctx context.Context, e *runtime.Endpoint) context.Context {
	if o.tracer == nil {
		return ctx
	}
	name := e.MethodKey
	if e.Interface != "" && e.Name != "" {
		name = e.Interface + "." + e.Name
	}
	attrs := []attribute.KeyValue{MethodKeyKey.String(e.MethodKey), semconv.HTTPRequestMethodKey.String(e.Method)}
	if e.URLTemplate != "" {
		attrs = append(attrs, semconv.URLTemplateKey.String(e.URLTemplate))
	}
	ctx, span := o.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	return context.WithValue(ctx, callKey{o}, &callSpan{span: span})
}

// Observe records e in the call's spans and in the metrics.
func (o *observer) Observe(ctx context.Context, e runtime.Event) {
	if o.metrics != nil {
		o.metrics.record(ctx, &e)
	}
	if o.tracer == nil {
		return
	}
	call, _ := ctx.Value(callKey{o}).(*callSpan)
	if call == nil {
		return // not a call this observer tagged
	}
	switch e.Kind {
	case runtime.AttemptStart:
		o.startAttempt(ctx, call, &e)
	case runtime.AttemptEnd:
		call.mu.Lock()
		span := call.attempts[e.Attempt]
		delete(call.attempts, e.Attempt)
		call.mu.Unlock()
		if span != nil {
			endAttempt(span, &e)
		}
	case runtime.RetryWait:
		call.span.AddEvent(EventRetryWait, trace.WithAttributes(AttemptKey.Int(e.Attempt), WaitKey.Float64(e.Wait.Seconds())))
	case runtime.HedgeFired:
		call.span.AddEvent(EventHedge, trace.WithAttributes(AttemptKey.Int(e.Attempt)))
	case runtime.HedgeWon:
		call.span.AddEvent(EventHedgeWon, trace.WithAttributes(AttemptKey.Int(e.Attempt)))
	case runtime.BudgetRefused:
		call.span.AddEvent(EventBudgetRefused, trace.WithAttributes(AttemptKey.Int(e.Attempt), HedgeKey.Bool(e.Hedge)))
	case runtime.RateLimitWait:
		call.span.AddEvent(EventRateLimitWait, trace.WithAttributes(AttemptKey.Int(e.Attempt), WaitKey.Float64(e.Wait.Seconds())))
	case runtime.CircuitOpen:
		call.span.AddEvent(EventCircuitOpen, trace.WithAttributes(AttemptKey.Int(e.Attempt), HedgeKey.Bool(e.Hedge)))
	case runtime.CallEnd:
		call.span.SetAttributes(AttemptsKey.Int(e.Attempt))
		if e.Err != nil {
			call.span.SetAttributes(semconv.ErrorTypeKey.String(errorType(0, e.Err)))
			call.span.SetStatus(codes.Error, e.Err.Error()) // a *runtime.CallError: its secrets are redacted
		}
		call.span.End()
	}
}

// startAttempt starts the CLIENT span of an attempt, named "{method} {url.template}"
// as the semantic conventions name a client span whose route is known, and puts its
// trace context in the attempt's headers: AttemptStart comes before the request is sent.
func (o *observer) startAttempt(ctx context.Context, call *callSpan, e *runtime.Event) {
	name := e.Method
	if e.Endpoint != nil && e.Endpoint.URLTemplate != "" {
		name += " " + e.Endpoint.URLTemplate
	}
	attrs := make([]attribute.KeyValue, 0, 8)
	attrs = append(attrs, requestAttrs(e)...)
	attrs = append(attrs, semconv.URLFullKey.String(e.URL)) // redacted by the runtime
	if e.Attempt > 1 {
		attrs = append(attrs, semconv.HTTPRequestResendCountKey.Int(e.Attempt-1))
	}
	if e.Hedge {
		attrs = append(attrs, HedgeKey.Bool(true))
	}
	ctx, span := o.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	if e.Request != nil {
		o.propagators.Inject(ctx, propagation.HeaderCarrier(e.Request.Header))
	}
	call.mu.Lock()
	if call.attempts == nil {
		call.attempts = make(map[int]trace.Span, 1)
	}
	call.attempts[e.Attempt] = span
	call.mu.Unlock()
}

// endAttempt ends an attempt's span with its outcome. A status of 400 or more is an
// error of a client span, as is a failure without a response, but for an attempt the
// call cancelled because another won: the call did not fail for it.
func endAttempt(span trace.Span, e *runtime.Event) {
	if e.StatusCode > 0 {
		span.SetAttributes(semconv.HTTPResponseStatusCodeKey.Int(e.StatusCode))
	}
	if t := errorType(e.StatusCode, e.Err); t != "" {
		span.SetAttributes(semconv.ErrorTypeKey.String(t))
		switch {
		case e.StatusCode >= 400:
			span.SetStatus(codes.Error, "") // the status code says why
		case errors.Is(e.Err, runtime.ErrAttemptLost):
		default:
			span.SetStatus(codes.Error, e.Err.Error()) // the runtime redacted the transport's error
		}
	}
	span.End()
}

// requestAttrs are the attributes an attempt's span and its duration share:
// http.request.method, server.address, server.port and url.template.
func requestAttrs(e *runtime.Event) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 4)
	attrs = append(attrs, semconv.HTTPRequestMethodKey.String(e.Method))
	if e.Request != nil && e.Request.URL != nil {
		host, port := e.Request.URL.Hostname(), e.Request.URL.Port()
		attrs = append(attrs, semconv.ServerAddressKey.String(host))
		if n, err := strconv.Atoi(port); err == nil {
			attrs = append(attrs, semconv.ServerPortKey.Int(n))
		} else if p := defaultPort(e.Request); p > 0 {
			attrs = append(attrs, semconv.ServerPortKey.Int(p))
		}
	}
	if e.Endpoint != nil && e.Endpoint.URLTemplate != "" {
		attrs = append(attrs, semconv.URLTemplateKey.String(e.Endpoint.URLTemplate))
	}
	return attrs
}

// defaultPort is the port a URL without one is sent to.
func defaultPort(r *http.Request) int {
	switch r.URL.Scheme {
	case "http":
		return 80
	case "https":
		return 443
	}
	return 0
}

// errorType is the error.type of an outcome, "" for a success: the status code for a
// status of 400 or more, as the semantic conventions ask; "canceled" for an attempt
// the call cancelled (a hedge's loser); otherwise the Go type of the failure, looked
// for below the wrappers (a status in an *errordecoder.HTTPError; the cause of a
// *runtime.CallError, an *errordecoder.RetryableError or a *url.Error; a *net.OpError).
func errorType(status int, err error) string {
	if status >= 400 {
		return strconv.Itoa(status)
	}
	if err == nil {
		return ""
	}
	if errors.Is(err, runtime.ErrAttemptLost) || errors.Is(err, context.Canceled) {
		return "canceled"
	}
	if errors.Is(err, runtime.ErrCallTimeout) || errors.Is(err, runtime.ErrAttemptTimeout) || errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	var httpErr *errordecoder.HTTPError
	if errors.As(err, &httpErr) && httpErr.StatusCode > 0 {
		return strconv.Itoa(httpErr.StatusCode)
	}
	for {
		switch e := err.(type) {
		case *runtime.CallError:
			if e.Err != nil {
				err = e.Err
				continue
			}
		case *errordecoder.RetryableError:
			if e.Err != nil {
				err = e.Err
				continue
			}
		case *url.Error:
			if e.Err != nil {
				err = e.Err
				continue
			}
		}
		// A dial or a read that failed: the network's error, below any wrapper.
		if opErr := (*net.OpError)(nil); errors.As(err, &opErr) {
			err = opErr
		}
		return semconv.ErrorType(err).Value.AsString()
	}
}
