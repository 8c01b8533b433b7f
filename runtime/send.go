package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
	"unsafe"

	"github.com/gofeign/feign/breaker"
	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/redact"
	"github.com/gofeign/feign/retrybudget"
	"github.com/gofeign/feign/retryer"
)

// errCallEnded is the cause when a Call is ended twice: the generated code is wrong.
var errCallEnded = errors.New("feign: call already ended")

// want says which responses an ending method takes.
type want uint8

const (
	want2xx       want = iota // other statuses go through the ErrorDecoder
	wantAnyStatus             // Response: every status is a result, none is retried
)

// attempt is one attempt of a call: its number, its context and, once it has run, its
// outcome. A call without hedging and without an attempt timeout keeps it on the stack.
type attempt struct {
	n      int
	ctx    context.Context // the call's, or derived for the attempt's timeout or cancellation
	cancel canceler        // nil when ctx is the call's
	timer  *time.Timer     // fires the attempt's timeout; nil without one
	req    *http.Request
	start  time.Time // when it was sent, if observed or its latency is tracked

	resp    *http.Response               // the response to hand on
	zeroed  *http.Response               // or the response answered with the zero value, its body closed (DecodeResponse)
	watch   *watchedBody                 // resp's body as the transport gave it, when interceptors may wrap it
	failure *errordecoder.RetryableError // or a failure a retry may fix
	err     error                        // or the error that ends the call (with failure, the one to end it with)

	permit breaker.Permit // of the attempt's circuit, to report its outcome with

	// result is where readResult wraps resp's body: a hedged round's, which is on the
	// heap already, or nil for a new one.
	result *resultBody

	// headerBuf, when it has room enough, is where the values of the request's header
	// go: the round's, for the inline first attempt of a hedged round, or else nil.
	headerBuf []string

	hedge     bool // sent while another attempt was in flight
	permitted bool // permit is to be reported
}

// send runs the call: it builds the URL and the body once, then makes attempts, or rounds
// of hedged attempts, until one gives a result, a failure that may not be retried, or the
// Retryer, the retry budget or a deadline ends the call.
//
// With read, the ending method's reader of a 2xx body, send reads the result itself
// (see readResult) and returns no response. Without it, it returns either a response
// whose body the ending method must consume and close, or an error (always a
// *CallError), or neither: the call succeeded with the zero value (a dismissed 404, or
// an ErrorDecoder that returned nil).
func (c *Call) send(w want, read func(*http.Response) error) (*http.Response, error) {
	if c.ended {
		return nil, c.end(errCallEnded)
	}
	c.ended = true
	if c.attempts == 0 { // not a stream's reconnection, which withdraws like a retry
		c.client.budget.Deposit() // once per call: what its retries and hedges draw on
	}
	if c.observed = len(c.client.observers) > 0; c.observed {
		c.start = time.Now()
		c.tagCall() // before the deadline, which derives from the tagged context
	}
	c.startDeadline()
	resp, err := c.run(w, read)
	if err != nil || resp == nil {
		c.release()
		if err != nil {
			err = c.end(err)
		}
	} else if c.mustRelease() {
		resp.Body = &releasingBody{ReadCloser: resp.Body, cancel: c.cancel, attemptCancel: c.attemptCancel}
	}
	if c.observed {
		c.observe(Event{Kind: CallEnd, Attempt: c.attempts, Err: err, Duration: time.Since(c.start)})
	}
	return resp, err
}

// run is send after the bookkeeping: it returns the result or the cause of the failure.
func (c *Call) run(w want, read func(*http.Response) error) (*http.Response, error) {
	c.endPath() // may find a dot-segment in the path's last segment
	if c.err != nil {
		return nil, c.err
	}
	// The URL as a string without a copy: rawURL is never written again.
	c.url, c.rawURL = unsafe.String(unsafe.SliceData(c.rawURL), len(c.rawURL)), nil
	if c.observed {
		c.eventURL = redact.URLString(c.url)
	}
	if err := c.encodeBody(); err != nil {
		return nil, err
	}
	c.chooseUserAgent()

	hedging := c.hedging()
	var retry retryer.Retryer // cloned on the first retryable failure only
	for {
		var a attempt
		c.round(w, hedging, &a)
		if a.failure == nil && (a.resp == nil || read == nil) {
			c.meta.record(a.zeroed)
			return a.resp, a.err
		}
		if a.failure == nil && !c.readResult(read, &a) {
			return nil, a.err
		}
		if c.endpoint.NoRetry || c.stream != nil && !c.stream.replayable() {
			return nil, a.err // retry=false; or the body is consumed and cannot be sent again
		}
		if retry == nil {
			retry = c.client.retryer
			if c.retryer != nil {
				retry = c.retryer
			}
			retry = retry.Clone()
		}
		c.honourRetryAfter(&a)
		if err := c.retry(retry, &a); err != nil {
			return nil, err
		}
	}
}

// noteRetryAfter keeps the Retry-After of attempt a's failure if it is the latest the
// call was given. Every answer counts, a hedge's that lost the race included: the server
// asked the client, not the attempt, to wait.
func (c *callCore) noteRetryAfter(a *attempt) {
	if a.failure != nil && a.failure.RetryAfter.After(c.notBefore) {
		c.notBefore = a.failure.RetryAfter
	}
}

// honourRetryAfter gives a's failure, about to go to the Retryer, the latest Retry-After
// of the call when another attempt was given a later one than a's own (an earlier hedge
// of the round, or a loser before a result whose body then broke): the Retryer, which
// honours the Retry-After of the failure it is given, must not retry sooner.
func (c *Call) honourRetryAfter(a *attempt) {
	if c.notBefore.IsZero() || !c.notBefore.After(a.failure.RetryAfter) || !c.notBefore.After(time.Now()) {
		return
	}
	failure := *a.failure
	failure.RetryAfter = c.notBefore
	a.failure = &failure
}

// readResult hands a's 2xx response to read, the ending method's reader, through
// boundBody, then closes its body, drained unless it passed the limit, and frees the
// attempt's context. It reports whether the body broke in a way a retry may fix, with
// a.failure set: reading the transport's body failed (the connection was reset, or
// closed before Content-Length bytes came) while the call's context was live, and the
// request may be sent again whatever the server did with it (a GET, an
// idempotent method, an Idempotency-Key: see replayable). Otherwise a.err is read's error, nil when it
// succeeded: a body that arrived whole but could not be decoded is not retried, since
// the same bytes would come again, nor is one over a limit, the call's or one a
// response interceptor imposed (an http.MaxBytesReader), for the same reason.
func (c *Call) readResult(read func(*http.Response) error, a *attempt) bool {
	body := a.result // the response holds it: in the Call, it would move the Call to the heap
	if body == nil {
		body = new(resultBody)
	}
	watch := a.watch // set when response interceptors may have wrapped the body
	if watch == nil {
		body.watch = watchedBody{ReadCloser: a.resp.Body}
		watch = &body.watch
		a.resp.Body = watch
	}
	c.meta.record(a.resp)
	err := c.boundBody(a.resp, &body.limit)
	if err == nil {
		err = read(a.resp)
	}
	tooLarge := body.limit.Exceeded()
	if tooLarge {
		a.resp.Body.Close() // the rest is not worth downloading: the connection goes
		err = c.tooLarge(err, &body.limit)
	} else {
		drainAndClose(a.resp.Body)
	}
	a.resp = nil
	if c.attemptCancel != nil {
		c.attemptCancel.cancelAttempt(nil) // the next attempt, if any, has its own
		c.attemptCancel = nil
	}
	a.err = err
	if err == nil || tooLarge || !brokeInTransit(watch.err) {
		return false
	}
	if ctxErr := c.ctx.Err(); ctxErr != nil {
		// The transport's body fails with the context's cause, ErrCallTimeout for the
		// call timeout: the context's error is wrapped too, as transportFailure does.
		if !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w: %w", ctxErr, err)
		}
		a.err = c.limitErr(err)
		return false
	}
	if c.endpoint.NoRetry || !c.replayable(a.req) {
		return false
	}
	a.failure = &errordecoder.RetryableError{Err: err}
	a.err = a.failure
	return true
}

// brokeInTransit reports whether err, the first error the transport's body met, is
// a break of the transfer rather than a limit: an http.MaxBytesReader that a
// RoundTripper put around the body refuses the same body on every attempt.
func brokeInTransit(err error) bool {
	var maxBytes *http.MaxBytesError
	return err != nil && !errors.As(err, &maxBytes) && !errors.Is(err, ErrResponseTooLarge)
}

// retry asks the Retryer whether the call makes another attempt after a's failure, and
// the retry budget whether it may: the Retryer decides first, so that a call it ends
// anyway ends with its error, but the budget refuses before any wait begins. It returns
// nil when the next attempt may start.
func (c *Call) retry(r retryer.Retryer, a *attempt) error {
	if c.client.budget == nil && !c.observed {
		if stop := r.ContinueOrPropagate(c.ctx, a.failure); stop != nil {
			return c.stopErr(stop, a)
		}
		return nil
	}
	// The Retryers of package retryer announce their waits before they begin (see
	// retryCtx): that is when the budget is asked and Observers are told. Other
	// Retryers are asked first and the budget after their wait.
	if c.waiting == nil {
		c.waiting = c.newRetryCtx() // once per call, for all its retries
	}
	w := c.waiting
	w.retryWait = retryWait{failure: a.err}
	w.event.Attempt = c.attempts + 1
	stop := r.ContinueOrPropagate(w, a.failure)
	if !w.refused && stop == nil && !w.announced {
		w.refused = !c.client.budget.TryWithdraw()
	}
	if w.refused {
		if c.observed {
			c.observe(Event{Kind: BudgetRefused, Attempt: c.attempts + 1, Err: a.err})
		}
		return fmt.Errorf("%w: %w", ErrBudgetExhausted, a.err)
	}
	if stop != nil {
		return c.stopErr(stop, a)
	}
	return nil
}

// retryWait is what retryCtx knows and learns of the retry in progress.
type retryWait struct {
	failure   error // the failure the retry is for
	announced bool  // the Retryer announced its wait
	refused   bool  // the retry budget refused it
}

// retryCtx is the context a call gives its Retryer: the call's, announcing the waits
// the Retryer is about to begin (a retryer.WaitAnnouncer) to the retry budget, which
// may refuse them, and to Observers. It holds what it needs of the call rather than
// the Call, which can then stay on its caller's stack: one allocation on the retry
// path, where retryer.OnWait would make a context and a function.
type retryCtx struct {
	context.Context
	budget    *retrybudget.Budget
	observers []Observer
	caller    context.Context // the caller's context, given to Observers
	event     Event           // the call's RetryWait event, but for Wait and Err
	retryWait
}

func (c *Call) newRetryCtx() *retryCtx {
	w := &retryCtx{Context: c.ctx, budget: c.client.budget}
	if c.observed {
		w.observers, w.caller = c.client.observers, c.caller
		w.event = Event{Kind: RetryWait, Endpoint: c.endpoint, MethodKey: c.endpoint.MethodKey, Method: c.method(), URL: c.eventURL, payload: c.payload}
	}
	return w
}

// AnnounceWait is told by the Retryer of the wait it is about to begin: the budget
// refuses it, or Observers hear of it.
func (w *retryCtx) AnnounceWait(wait time.Duration) error {
	w.announced = true
	if !w.budget.TryWithdraw() {
		w.refused = true
		return ErrBudgetExhausted // the Retryer returns without waiting
	}
	if len(w.observers) > 0 {
		e := w.event
		e.Wait, e.Err = wait, w.failure
		for _, o := range w.observers {
			o.Observe(w.caller, e)
		}
	}
	return nil
}

// stopErr returns the error that ends the call when the Retryer returned stop after a's
// failure.
func (c *Call) stopErr(stop error, a *attempt) error {
	if stop == error(a.failure) {
		return a.err // keep what the ErrorDecoder wrapped around the failure
	}
	return c.retryStopErr(stop, a.failure)
}

// round makes one attempt, or with h a round of hedged attempts, leaving its outcome
// in a. A hedged round's attempts run on goroutines of their own that share what they
// use of the Call, its callCore, so the round runs on a copy of that part in the
// round's state on the heap, copied back once they have all ended: the Call of an
// unhedged call stays on its caller's stack, and a hedged round copies no more of it
// than its attempts need.
func (c *Call) round(w want, h *Hedging, a *attempt) {
	if h == nil {
		c.single(w, a)
		return
	}
	r := &hedgeRound{call: c.callCore, w: w, h: h}
	r.run(a)
	c.callCore = r.call
	if a.resp != nil {
		a.result = &r.result // the round's allocation serves its result too
	}
}

// single makes one attempt on the caller's goroutine, without hedging.
func (c *Call) single(w want, a *attempt) {
	a.ctx = c.ctx
	if d := c.endpoint.AttemptTimeout; d > 0 {
		c.startAttemptTimeout(a, d)
	}
	if !c.prepare(a) {
		a.releaseCtx()
		return
	}
	c.exchange(w, a)
	if a.resp != nil && a.cancel != nil {
		c.attemptCancel = a.cancel // freed with the body
		return
	}
	a.releaseCtx()
}

// startAttemptTimeout gives a its own context, cancelled with ErrAttemptTimeout after
// d unless its response headers come first: the timer is then stopped, and the body
// stays readable (see ErrAttemptTimeout).
func (c *Call) startAttemptTimeout(a *attempt, d time.Duration) {
	ctx, cancel := context.WithCancelCause(a.ctx)
	a.ctx, a.cancel = ctx, causeFunc(cancel)
	a.timer = time.AfterFunc(d, func() { cancel(ErrAttemptTimeout) })
}

// releaseCtx frees the attempt's context and timer, if it has its own.
func (a *attempt) releaseCtx() {
	if a.timer != nil {
		a.timer.Stop()
	}
	if a.cancel != nil {
		a.cancel.cancelAttempt(nil)
	}
}

// prepare builds the attempt's request on the call's goroutine: a fresh request, the
// interceptors, its number, AttemptStart. It reports false, with a.err set, when the
// attempt is not to be sent: the call's context is done, or the request could not be
// built or an interceptor failed.
func (c *callCore) prepare(a *attempt) bool {
	if err := c.ctx.Err(); err != nil {
		a.cancelPermit()        // a hedge's
		a.err = c.limitErr(err) // nothing to send for: not counted as an attempt
		return false
	}
	if c.client.breaker != nil || c.client.governor != nil {
		if err := c.admit(a); err != nil {
			a.err = err
			return false
		}
	}
	req, err := c.newRequest(a.ctx, a.headerBuf)
	if err != nil {
		a.cancelPermit()
		a.err = err
		return false
	}
	for _, intercept := range c.client.interceptors {
		if err := intercept(req); err != nil {
			a.cancelPermit()
			a.err = err
			return false
		}
	}
	c.attempts++
	a.n, a.req = c.attempts, req
	if c.observed {
		a.start = time.Now()
		c.observe(Event{Kind: AttemptStart, Attempt: a.n, Hedge: a.hedge, Request: req})
	}
	return true
}

// exchange sends the prepared attempt and classifies its answer into a.resp, a.failure
// and a.err; it accounts for it in the retry budget and tells Observers. It only reads
// the callCore, so the attempts of a hedged round run it concurrently.
func (c *callCore) exchange(w want, a *attempt) {
	resp, err := c.client.do(a.req)
	if a.timer != nil && !a.timer.Stop() && err == nil {
		// The timeout fired as the response came: its body is cancelled already.
		drainAndClose(resp.Body)
		resp, err = nil, &url.Error{Op: a.req.Method, URL: c.eventURLOrRedacted(), Err: ErrAttemptTimeout}
	}
	switch {
	case redirectRefused(resp, err):
		a.err, resp = redactTransport(err, a.req), nil // its body is closed; the same redirect would come again
		err = nil                                      // for the circuit, the server answered
	case err != nil:
		c.transportFailure(a, redactTransport(err, a.req))
	default:
		if c.client.governor != nil {
			c.observeLimits(resp)
		}
		c.classify(w, a, resp)
	}
	if a.permitted {
		c.reportAttempt(a, err)
	}
	if c.observed {
		c.observeEnd(a, resp)
	}
}

// classify sorts a response: a result, a failure to retry, or the end of the call.
func (c *callCore) classify(w want, a *attempt, resp *http.Response) {
	if len(c.client.responseInterceptors) > 0 && w == want2xx && resp.Body != http.NoBody &&
		200 <= resp.StatusCode && resp.StatusCode <= 299 {
		// A result's body is watched before an interceptor can wrap it: only the
		// transport's errors are breaks a retry may fix (see readResult).
		a.watch = &watchedBody{ReadCloser: resp.Body}
		resp.Body = a.watch
	}
	for _, intercept := range c.client.responseInterceptors {
		if err := intercept(resp); err != nil {
			drainAndClose(resp.Body)
			a.err = err
			return
		}
	}
	if w == wantAnyStatus || 200 <= resp.StatusCode && resp.StatusCode <= 299 {
		a.resp = resp
		return
	}
	if resp.StatusCode == http.StatusNotFound && (c.endpoint.Dismiss404 || c.client.dismiss404) {
		drainAndClose(resp.Body)
		a.zeroed = resp
		return
	}

	err := c.client.errorDecoder.Decode(c.endpoint.MethodKey, resp)
	drainAndClose(resp.Body)
	redactEcho(err, a.req)
	a.err = err
	failure := retryableIn(err)
	if err == nil {
		a.zeroed = resp // the ErrorDecoder made it a success with the zero value
	}
	if failure == nil {
		return
	}
	if c.mayRetryStatus(a.req, resp.StatusCode) {
		a.failure = failure
	}
}

// retryableIn returns the *errordecoder.RetryableError in err's tree, as errors.As
// finds it, or nil.
func retryableIn(err error) *errordecoder.RetryableError {
	return errorIn[errordecoder.RetryableError](err)
}

// errorIn returns the first *T in err's tree, as errors.As finds it, or nil. errors.As
// would move its target to the heap on every failed attempt; this looks without
// allocating, but for an error with an As method of its own.
func errorIn[T any, E interface {
	*T
	error
}](err error) E {
	for err != nil {
		if found, ok := err.(E); ok {
			return found
		}
		if _, ok := err.(interface{ As(any) bool }); ok {
			var found E
			if errors.As(err, &found) {
				return found
			}
			return nil // errors.As looked through the rest of the tree already
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, err := range u.Unwrap() {
				if found := errorIn[T, E](err); found != nil {
					return found
				}
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

// transportFailure classifies an error of http.Client.Do: the end of the call, a
// failure to retry, or the end of an attempt that lost its race.
func (c *callCore) transportFailure(a *attempt, err error) {
	if a.ctx.Err() != nil {
		if ctxErr := c.ctx.Err(); ctxErr != nil {
			if !errors.Is(err, ctxErr) {
				err = fmt.Errorf("%w: %w", ctxErr, err)
			}
			a.err = c.limitErr(err)
			return
		}
		cause := causeOf(a.ctx)
		if cause == ErrAttemptLost && !errors.Is(err, cause) {
			err = attemptEnded(err, cause) // a transport that read Err, not the cause
		}
		if cause != ErrAttemptTimeout {
			a.err = err // cancelled: another attempt won
			return
		}
		err = attemptEnded(err, cause)
	}
	a.err = err
	if c.mayRetryTransport(a.req, err) {
		a.failure = &errordecoder.RetryableError{Err: err}
		a.err = a.failure
	}
}

// eventURLOrRedacted returns the call's URL with its secrets redacted.
func (c *callCore) eventURLOrRedacted() string {
	if c.eventURL != "" {
		return c.eventURL
	}
	return redact.URLString(c.url)
}

// encodeBody encodes the body, if the call has one, once for all its attempts. The
// Encoder may set Content-Type in the call's header.
func (c *Call) encodeBody() error {
	if c.stream != nil {
		if c.headerValue("Content-Type") == "" {
			c.Header("Content-Type", "application/octet-stream")
		}
		return nil
	}
	if c.raw != rawNone && !c.rawToEncoder() {
		return nil
	}
	if !c.hasBody {
		return nil
	}
	encoder := c.client.encoder
	if c.encoder != nil {
		encoder = c.encoder
	}
	payload, err := c.encode(encoder)
	if err != nil {
		return err
	}
	c.setPayload(payload)
	return nil
}

// setPayload makes payload the body every attempt of the call sends.
func (c *Call) setPayload(payload []byte) {
	c.payload = payload
	if len(payload) > 0 {
		// net/http calls GetBody to send the body again after a redirect or on a fresh
		// connection. One closure per call, not one per attempt, and not a method value
		// of the Call, which would move it to the heap.
		c.getBody = func() (io.ReadCloser, error) { return newPayloadReader(payload), nil }
	}
}

// end returns the error that ends the call.
func (c *Call) end(err error) error {
	return &CallError{MethodKey: c.endpoint.MethodKey, Attempts: c.attempts, Err: err, secrets: c.secrets()}
}
