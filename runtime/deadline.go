package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"
)

// The limits that may end a call before it has a result. The error of such a call is a
// *CallError that wraps the limit, and the last failure if there was one (errors.As
// still finds an *errordecoder.HTTPError):
//
//   - ErrCallTimeout: the call's timeout (//feign:options timeout=, or CallTimeout)
//     passed. The error wraps context.DeadlineExceeded too.
//   - ErrAttemptTimeout: an attempt got no response within //feign:options
//     attemptTimeout=, and the call could not or might not retry it.
//   - context.Canceled or context.DeadlineExceeded without ErrCallTimeout: the caller's
//     context ended.
//
// Check them in that order: a call whose attempt timed out and whose retry was then
// cut short by the call timeout wraps both.
//
// The call's timeout and the caller's context bound everything, reading the body of the
// result included, as http.Client.Timeout does: an unread Stream or Response body fails
// once they pass. An attempt's timeout bounds the attempt until its response headers
// arrive; the body of the response it returns is bounded only by the call's limits, so
// the caller can read it at its own pace.
var (
	ErrCallTimeout    = errors.New("feign: call timeout")
	ErrAttemptTimeout = errors.New("feign: attempt timeout")
)

// ErrAttemptLost tells that an attempt of a hedged round was cancelled because another
// attempt won: Observers find it in the Err of the loser's AttemptEnd with errors.Is,
// whatever error the transport gave. It never ends a call.
var ErrAttemptLost = errors.New("feign: another attempt won")

// startDeadline derives the call's context from the caller's, bounded by the call's
// timeout if it has one: CallTimeout, or else the Endpoint's.
func (c *Call) startDeadline() {
	c.caller = c.ctx
	c.callTimeout = c.timeout
	if c.callTimeout <= 0 {
		c.callTimeout = c.endpoint.Timeout
	}
	if c.callTimeout <= 0 {
		return
	}
	deadline := time.Now().Add(c.callTimeout)
	if callerDeadline, ok := c.ctx.Deadline(); ok && !deadline.Before(callerDeadline) {
		return // the caller's deadline comes first: it is the limit
	}
	c.ctx, c.cancel = context.WithDeadlineCause(c.ctx, deadline, ErrCallTimeout)
	c.ownDeadline = true
}

// limitErr returns err, which ended the call, wrapped in ErrCallTimeout when the call's
// timeout is what ended it: its context is done with that cause.
func (c *callCore) limitErr(err error) error {
	if c.ownDeadline && context.Cause(c.ctx) == ErrCallTimeout && !errors.Is(err, ErrCallTimeout) {
		return fmt.Errorf("%w (%v): %w", ErrCallTimeout, c.callTimeout, err)
	}
	return err
}

// retryStopErr returns the error of a Retryer that ended the call instead of waiting
// after failure, naming the call timeout when it refused a wait that would have passed
// the call's own deadline.
func (c *Call) retryStopErr(stop error, failure error) error {
	if c.ownDeadline && c.ctx.Err() == nil &&
		errors.Is(stop, context.DeadlineExceeded) && !errors.Is(failure, context.DeadlineExceeded) {
		return fmt.Errorf("%w (%v): %w", ErrCallTimeout, c.callTimeout, stop)
	}
	return c.limitErr(stop)
}

// attemptEnded replaces the transport's error of an attempt that the runtime cancelled
// ("context canceled") with why it did, cause (ErrAttemptTimeout, ErrAttemptLost),
// keeping the method and URL.
func attemptEnded(err, cause error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		ended := *urlErr
		ended.Err = cause
		return &ended
	}
	return cause
}

// release frees what the call holds once it has ended: the timer of its timeout and
// the context of the attempt whose response it returned. Calling it again does nothing.
func (c *Call) release() {
	if c.attemptCancel != nil {
		c.attemptCancel.cancelAttempt(nil)
	}
	if c.cancel != nil {
		c.cancel()
	}
}

// mustRelease reports whether the call holds something its result's body must free.
func (c *Call) mustRelease() bool {
	return c.cancel != nil || c.attemptCancel != nil
}

// releasingBody is the body of a call's result when the call holds a timer or an
// attempt context: closing the body frees them, so the body stays readable until then.
// It holds the functions that free them, not the Call, which can then stay on its
// caller's stack.
type releasingBody struct {
	io.ReadCloser
	cancel        context.CancelFunc // the call's timeout, or nil
	attemptCancel canceler           // the result's attempt context, or nil
}

// Read reads the body; past the call timeout, its error wraps context.DeadlineExceeded
// as well as ErrCallTimeout, the cause the transport fails the body with, as every
// other end by the call timeout does.
func (b *releasingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && errors.Is(err, ErrCallTimeout) && !errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	return n, err
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	if b.attemptCancel != nil {
		b.attemptCancel.cancelAttempt(nil)
	}
	if b.cancel != nil {
		b.cancel()
	}
	return err
}
