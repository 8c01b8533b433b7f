package runtime

import (
	"context"
	"sync"
	"time"
)

// canceler cancels an attempt's context with a cause, and frees it with a nil one.
type canceler interface {
	cancelAttempt(cause error)
}

// causeFunc is a context.CancelCauseFunc as a canceler: a func is pointer-shaped, so
// making it an interface value allocates nothing.
type causeFunc context.CancelCauseFunc

func (f causeFunc) cancelAttempt(cause error) { f(cause) }

// attemptCtx is the context of the first attempt of a hedged round, which lives in the
// round's state: most rounds end with that attempt alone, and then cost neither the
// cancelCtx nor the cancel function of context.WithCancelCause.
//
// Until something asks for Done, it is the parent's context with a flag: Err and
// Deadline are the parent's, or context.Canceled once cancelled, and nothing needs to
// be told of a cancellation. Done makes a context.WithCancelCause of the parent, once,
// cancelled at once if the attempt was, and from then on the attempt's context is that
// one's: its Done channel, its error, and through Value its cancelCtx, so that
// context.Cause finds the cause (ErrAttemptLost, ErrAttemptTimeout) and the contexts a
// transport derives from the attempt's (net/http's Transport does, with
// context.WithCancelCause) join that cancelCtx's children without a goroutine of their
// own. A transport that asks for Done, as every real one does, costs what
// context.WithCancelCause cost; one that does not, as an in-memory RoundTripper, costs
// nothing.
type attemptCtx struct {
	parent context.Context

	mu        sync.Mutex
	inner     context.Context         // made by Done; nil until then
	cancel    context.CancelCauseFunc // inner's
	cancelled bool
	err       error // Err once cancelled, before inner was made
	cause     error // and the cause
}

var (
	_ context.Context = (*attemptCtx)(nil)
	_ canceler        = (*attemptCtx)(nil)
)

func (x *attemptCtx) Deadline() (time.Time, bool) { return x.parent.Deadline() }

func (x *attemptCtx) Done() <-chan struct{} {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.inner == nil {
		x.inner, x.cancel = context.WithCancelCause(x.parent)
		if x.cancelled {
			x.cancel(x.cause)
		}
	}
	return x.inner.Done()
}

func (x *attemptCtx) Err() error {
	x.mu.Lock()
	inner, cancelled := x.inner, x.cancelled
	x.mu.Unlock()
	switch {
	case inner != nil:
		return inner.Err()
	case cancelled:
		return x.err
	}
	return x.parent.Err()
}

func (x *attemptCtx) Value(key any) any {
	x.mu.Lock()
	inner := x.inner
	x.mu.Unlock()
	if inner != nil {
		return inner.Value(key) // its cancelCtx for context.Cause and context.WithCancel
	}
	return x.parent.Value(key)
}

func (x *attemptCtx) String() string { return "feign attempt context" }

// cancelAttempt cancels the context with cause, or context.Canceled when cause is nil;
// the first cancellation counts, the parent's included, as for a context.WithCancelCause.
func (x *attemptCtx) cancelAttempt(cause error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.cancelled {
		return
	}
	x.cancelled = true
	if x.inner != nil {
		x.cancel(cause)
		return
	}
	if err := x.parent.Err(); err != nil {
		x.err, x.cause = err, context.Cause(x.parent) // the parent's cancellation came first
		return
	}
	if cause == nil {
		cause = context.Canceled
	}
	x.err, x.cause = context.Canceled, cause
}

// causeOf returns why the attempt's context ctx was cancelled, as context.Cause does,
// or nil while it is live.
func causeOf(ctx context.Context) error {
	x, ok := ctx.(*attemptCtx)
	if !ok {
		return context.Cause(ctx)
	}
	x.mu.Lock()
	inner, cancelled, cause := x.inner, x.cancelled, x.cause
	x.mu.Unlock()
	switch {
	case inner != nil:
		return context.Cause(inner)
	case cancelled:
		return cause
	}
	return context.Cause(x.parent)
}
