package runtime

import (
	"context"
	"sync"
	"sync/atomic"
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
// nothing. Before Done, context.Cause of it is its error, not its cause (causeOf, which
// the runtime uses, finds the cause): only a transport that polls Err could tell.
type attemptCtx struct {
	// round is the round whose first attempt it is: its call's context is the parent,
	// and Done arms its timer (see hedgeRound.arm).
	round *hedgeRound

	// Written under mu, each field once, before the flag that tells it is set: the
	// flags let Err and Value, which transports call often, read without locking.
	mu        sync.Mutex
	made      atomic.Bool             // inner is set
	cancelled atomic.Bool             // cancelAttempt ran
	inner     context.Context         // made by Done
	cancel    context.CancelCauseFunc // inner's
	err       error                   // Err once cancelled, unless inner was made first
	cause     error                   // and the cause
}

var (
	_ context.Context = (*attemptCtx)(nil)
	_ canceler        = (*attemptCtx)(nil)
)

// parent returns the context the attempt's derives from: its call's.
func (x *attemptCtx) parent() context.Context { return x.round.call.ctx }

func (x *attemptCtx) Deadline() (time.Time, bool) { return x.parent().Deadline() }

func (x *attemptCtx) Done() <-chan struct{} {
	if !x.made.Load() {
		x.mu.Lock()
		if !x.made.Load() {
			if !x.cancelled.Load() {
				x.round.arm() // the transport watches the attempt: a hedge that wins can end it
			}
			x.inner, x.cancel = context.WithCancelCause(x.parent())
			x.made.Store(true)
			if x.cancelled.Load() {
				x.cancel(x.cause)
			}
		}
		x.mu.Unlock()
	}
	return x.inner.Done()
}

func (x *attemptCtx) Err() error {
	switch {
	case x.made.Load():
		return x.inner.Err()
	case x.cancelled.Load():
		return x.err
	}
	return x.parent().Err()
}

func (x *attemptCtx) Value(key any) any {
	if x.made.Load() {
		return x.inner.Value(key) // its cancelCtx for context.Cause and context.WithCancel
	}
	return x.parent().Value(key)
}

func (x *attemptCtx) String() string { return "feign attempt context" }

// cancelAttempt cancels the context with cause, or context.Canceled when cause is nil;
// the first cancellation counts, the parent's included, as for a context.WithCancelCause.
func (x *attemptCtx) cancelAttempt(cause error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.cancelled.Load() {
		return
	}
	switch {
	case x.made.Load():
		x.cancel(cause)
	case x.parent().Err() != nil:
		x.err, x.cause = x.parent().Err(), context.Cause(x.parent()) // the parent's cancellation came first
	case cause == nil:
		x.err, x.cause = context.Canceled, context.Canceled
	default:
		x.err, x.cause = context.Canceled, cause
	}
	x.cancelled.Store(true)
}

// causeOf returns why the attempt's context ctx was cancelled, as context.Cause does,
// or nil while it is live.
func causeOf(ctx context.Context) error {
	x, ok := ctx.(*attemptCtx)
	if !ok {
		return context.Cause(ctx)
	}
	switch {
	case x.made.Load():
		return context.Cause(x.inner)
	case x.cancelled.Load():
		return x.cause
	}
	return context.Cause(x.parent())
}
