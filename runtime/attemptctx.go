package runtime

import (
	"context"
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
// be told of a cancellation. The first Done arms the round's timer (a transport that
// watches the attempt can be cut short by a hedge that wins) and makes the channel,
// closed at once if the attempt was cancelled already. How depends on the parent:
//
//   - A parent that is never done (context.Background, context.TODO, a
//     context.WithoutCancel) cannot cancel the attempt: the channel is the
//     attempt context's own, and the contexts a transport derives from it (net/http's
//     Transport derives one per request) are told of its cancellation through its
//     AfterFunc method, which context.WithCancel uses for a parent that has one. That
//     costs the channel alone.
//   - Any other parent's cancellation must reach the attempt: Done makes a
//     context.WithCancelCause of the parent, and from then on the attempt's context
//     is that one's: its channel, its error, and through Value its cancelCtx, which
//     the derived contexts join as children and context.Cause finds.
//
// context.Cause of an attempt context without a cancelCtx is its error, not its cause;
// causeOf, which the runtime uses, finds the cause (ErrAttemptLost, ErrAttemptTimeout).
type attemptCtx struct {
	// round is the round whose first attempt it is: its call's context is the parent,
	// Done arms its timer (see hedgeRound.armLocked), and its mu guards the fields below.
	round *hedgeRound

	// Written under round.mu, each field once, before the flag that tells it is set:
	// the flags let Err and Value, which transports call often, read without locking.
	state  atomic.Uint32           // attemptMade, attemptCancelled, parentFirst
	done   chan struct{}           // the channel of its own, made by Done; or nil with inner
	inner  context.Context         // made by Done when the parent can be cancelled
	cancel context.CancelCauseFunc // inner's
	cause  error                   // why it was cancelled, unless inner was made first

	// after and more hold the functions AfterFunc registered, with done, until they
	// run or are stopped (nil then): after the first, which is all a transport
	// registers, and more the others. Both are only used under round.mu.
	after func()
	more  *[]func()
}

// The bits of attemptCtx.state.
const (
	attemptMade      = 1 << iota // done or inner is set
	attemptCancelled             // cancelAttempt ran
	parentFirst                  // the parent was cancelled first: Err is the parent's
)

var (
	_ context.Context = (*attemptCtx)(nil)
	_ canceler        = (*attemptCtx)(nil)
)

// is reports whether the state has all the bits of flags.
func (x *attemptCtx) is(flags uint32) bool { return x.state.Load()&flags == flags }

// set adds flags to the state; the caller holds round.mu.
func (x *attemptCtx) set(flags uint32) { x.state.Store(x.state.Load() | flags) }

// parent returns the context the attempt's derives from: its call's.
func (x *attemptCtx) parent() context.Context { return x.round.call.ctx }

func (x *attemptCtx) Deadline() (time.Time, bool) { return x.parent().Deadline() }

func (x *attemptCtx) Done() <-chan struct{} {
	if !x.is(attemptMade) {
		x.makeDone()
	}
	if x.done != nil {
		return x.done
	}
	return x.inner.Done()
}

// makeDone makes the Done channel, once: see attemptCtx.
func (x *attemptCtx) makeDone() {
	r := x.round
	r.mu.Lock()
	defer r.mu.Unlock()
	if x.is(attemptMade) {
		return
	}
	cancelled := x.is(attemptCancelled)
	if !cancelled {
		r.armLocked() // the transport watches the attempt: a hedge that wins can end it
	}
	if x.parent().Done() == nil {
		x.done = make(chan struct{})
		if cancelled {
			close(x.done)
		}
	} else {
		x.inner, x.cancel = context.WithCancelCause(x.parent())
		if cancelled {
			x.cancel(x.cause)
		}
	}
	x.set(attemptMade)
}

func (x *attemptCtx) Err() error {
	switch state := x.state.Load(); {
	case state&attemptMade != 0 && x.inner != nil:
		return x.inner.Err() // its cancellation, or the parent's when it came first
	case state&parentFirst != 0:
		return x.parent().Err()
	case state&attemptCancelled != 0:
		return context.Canceled
	}
	return x.parent().Err()
}

func (x *attemptCtx) Value(key any) any {
	if x.is(attemptMade) && x.inner != nil {
		return x.inner.Value(key) // its cancelCtx for context.Cause and context.WithCancel
	}
	return x.parent().Value(key)
}

func (x *attemptCtx) String() string { return "feign attempt context" }

// AfterFunc arranges for f to run once the attempt context is cancelled, and returns a
// function that stops that, reporting whether it did, as context.AfterFunc does:
// context.WithCancel and context.AfterFunc use it for a parent that has it, rather
// than a goroutine that waits for the parent's Done. f runs on the goroutine that
// cancels, as a cancelCtx cancels its children, since the functions those two
// register are short and never block: a cancelCtx's cancel, and a go statement.
func (x *attemptCtx) AfterFunc(f func()) (stop func() bool) {
	x.Done() // a cancellation must close the channel, and the parent's reach f
	if x.inner != nil {
		return context.AfterFunc(x.inner, f)
	}
	mu := &x.round.mu
	mu.Lock()
	defer mu.Unlock()
	if x.is(attemptCancelled) {
		go f() // the caller may hold a lock f takes
		return func() bool { return false }
	}
	if x.after == nil {
		x.after = f
		return func() bool {
			mu.Lock()
			defer mu.Unlock()
			return take(&x.after) != nil
		}
	}
	if x.more == nil {
		x.more = new([]func())
	}
	*x.more = append(*x.more, f)
	more, i := x.more, len(*x.more)-1
	return func() bool {
		mu.Lock()
		defer mu.Unlock()
		return x.more == more && take(&(*more)[i]) != nil
	}
}

// take returns *f and clears it.
func take(f *func()) func() {
	taken := *f
	*f = nil
	return taken
}

// cancelAttempt cancels the context with cause, or context.Canceled when cause is nil;
// the first cancellation counts, the parent's included, as for a context.WithCancelCause.
func (x *attemptCtx) cancelAttempt(cause error) {
	r := x.round
	r.mu.Lock()
	if x.is(attemptCancelled) {
		r.mu.Unlock()
		return
	}
	if x.inner != nil {
		x.cancel(cause)
		x.set(attemptCancelled)
		r.mu.Unlock()
		return
	}
	flags := uint32(attemptCancelled)
	switch {
	case x.parent().Err() != nil:
		x.cause = context.Cause(x.parent()) // the parent's cancellation came first
		flags |= parentFirst
	case cause == nil:
		x.cause = context.Canceled
	default:
		x.cause = cause
	}
	x.set(flags)
	if x.done != nil {
		close(x.done)
	}
	first := take(&x.after)
	var more []func()
	if x.more != nil {
		more, x.more = *x.more, nil
	}
	r.mu.Unlock()
	if first != nil {
		first()
	}
	for _, f := range more {
		if f != nil {
			f()
		}
	}
}

// causeOf returns why the attempt's context ctx was cancelled, as context.Cause does,
// or nil while it is live.
func causeOf(ctx context.Context) error {
	x, ok := ctx.(*attemptCtx)
	if !ok {
		return context.Cause(ctx)
	}
	switch state := x.state.Load(); {
	case state&attemptMade != 0 && x.inner != nil:
		return context.Cause(x.inner)
	case state&attemptCancelled != 0:
		return x.cause
	}
	return context.Cause(x.parent())
}
