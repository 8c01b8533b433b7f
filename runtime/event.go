package runtime

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// EventKind says what an Event reports.
type EventKind uint8

const (
	// AttemptStart: an attempt is about to be sent. Request is its request.
	AttemptStart EventKind = iota + 1
	// AttemptEnd: an attempt ended. Response (nil after a transport error), StatusCode,
	// Err (its failure, nil when it succeeded) and Duration (since its start) tell how.
	AttemptEnd
	// RetryWait: the call is about to wait Wait before its next attempt, Attempt.
	// Retryers of package retryer announce their waits (see retryer.OnWait); a call
	// whose Retryer does not has no RetryWait.
	RetryWait
	// HedgeFired: Attempt was sent concurrently with an attempt still in flight.
	HedgeFired
	// HedgeWon: Attempt, a hedge, gave the call's result; the others were cancelled.
	HedgeWon
	// BudgetRefused: the retry budget refused the retry or hedge that would have been
	// Attempt.
	BudgetRefused
	// CallEnd: the call ended, after Attempt attempts, with Err (nil on success) after
	// Duration.
	CallEnd
	// RateLimitWait: the call is about to wait Wait before sending Attempt, because a
	// server said its quota is spent (WithRateLimits).
	RateLimitWait
	// CircuitOpen: the circuit breaker refused Attempt (WithCircuitBreaker); Err is the
	// refusal, errors.Is ErrCircuitOpen. A refused hedge is not sent; a refused call
	// ends, or goes to its fallback.
	CircuitOpen
)

// String returns the name of the kind, as in "AttemptEnd".
func (k EventKind) String() string {
	switch k {
	case AttemptStart:
		return "AttemptStart"
	case AttemptEnd:
		return "AttemptEnd"
	case RetryWait:
		return "RetryWait"
	case HedgeFired:
		return "HedgeFired"
	case HedgeWon:
		return "HedgeWon"
	case BudgetRefused:
		return "BudgetRefused"
	case CallEnd:
		return "CallEnd"
	case RateLimitWait:
		return "RateLimitWait"
	case CircuitOpen:
		return "CircuitOpen"
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// An Event is something that happened during a call, reported to the Observers of its
// Client. Fields that do not apply to its Kind are zero.
type Event struct {
	Kind      EventKind
	Endpoint  *Endpoint // the method called, as declared; read-only
	MethodKey string    // "GitHub#Contributors"
	Method    string    // the HTTP method
	URL       string    // the request URL, its secrets redacted
	Attempt   int       // the attempt the event is about, counted from 1
	Hedge     bool      // the attempt was sent while another was in flight

	StatusCode int           // AttemptEnd: the response status, 0 without a response
	Err        error         // AttemptEnd: the attempt's failure; RetryWait, BudgetRefused: the failure to retry; CircuitOpen: the refusal; CallEnd: the call's error
	Duration   time.Duration // AttemptEnd: the attempt's time; CallEnd: the call's
	Wait       time.Duration // RetryWait, RateLimitWait: the wait before the next attempt

	// Request is the attempt's request (AttemptStart, AttemptEnd) and Response its
	// response (AttemptEnd). Observers must treat them as read-only and must not read
	// or close their bodies, with one exception: at AttemptStart, which comes after the
	// request interceptors and before the request is sent, an Observer may set headers
	// of Request, as a tracing Observer propagates the attempt's trace context. Their
	// headers are unredacted: an Observer that records them redacts them itself.
	Request  *http.Request
	Response *http.Response

	// payload is the call's encoded body, which every attempt sends: the logger reads
	// it instead of a request's body, which belongs to the transport (or, streamed, to
	// the caller).
	payload []byte
}

// An Observer is told about every Event of every call of a Client, on the goroutine of
// the attempt or call it concerns (the attempts of a hedged call end on goroutines of
// their own), so it must be safe for concurrent use and quick: it runs on the call's
// path. The Events of one call come in the order they happened. Metrics and tracing can be built on it without wrapping
// the transport.
type Observer interface {
	Observe(ctx context.Context, e Event)
}

// A CallTagger is an Observer that gives each call a context of its own before the call
// makes its first attempt, as gRPC's stats.Handler does with TagRPC: TagCall is given the
// caller's context and the call's Endpoint, and the context it returns, which must be
// derived from ctx, is the one every Event of the call is observed with and the one the
// call's requests are derived from. A tracing Observer starts the call's span there, so
// that the spans of its attempts, and of a transport's own instrumentation, are its
// children. Like Observe, TagCall must be safe for concurrent use and quick.
type CallTagger interface {
	Observer
	TagCall(ctx context.Context, e *Endpoint) context.Context
}

// ObserverFunc adapts a function to an Observer.
type ObserverFunc func(ctx context.Context, e Event)

// Observe calls f(ctx, e).
func (f ObserverFunc) Observe(ctx context.Context, e Event) { f(ctx, e) }

// WithObserver adds o to the Observers of the Client's calls; they are told in the order
// they were added.
func WithObserver(o Observer) Option {
	return func(c *Client) {
		if o != nil {
			c.observers = append(c.observers, o)
		}
	}
}

// observe tells every Observer about e, filling in what the call knows. Callers check
// c.observed first, so that a Client without Observers builds no Event.
func (c *callCore) observe(e Event) {
	e.Endpoint = c.endpoint
	e.MethodKey = c.endpoint.MethodKey
	e.Method = c.method()
	e.URL = c.eventURL
	e.payload = c.payload
	for _, o := range c.client.observers {
		o.Observe(c.caller, e)
	}
}

// observeEnd reports the end of attempt a, classified; resp is its response, if any,
// whose body may be closed already.
func (c *callCore) observeEnd(a *attempt, resp *http.Response) {
	e := Event{Kind: AttemptEnd, Attempt: a.n, Hedge: a.hedge, Request: a.req, Response: resp,
		Duration: time.Since(a.start)}
	if resp != nil {
		e.StatusCode = resp.StatusCode
	}
	e.Err = a.err // the ErrorDecoder's error, which wraps a.failure if there is one
	c.observe(e)
}

// tagCall gives the call the contexts of the Client's CallTaggers, in the order they
// were added: the caller's context for Events and the call's for its requests.
func (c *Call) tagCall() {
	for _, o := range c.client.observers {
		if t, ok := o.(CallTagger); ok {
			if ctx := t.TagCall(c.ctx, c.endpoint); ctx != nil {
				c.ctx = ctx
			}
		}
	}
}
