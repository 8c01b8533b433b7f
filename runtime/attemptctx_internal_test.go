package runtime

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type ctxKey struct{}

// isClosed reports whether done is closed, without waiting.
func isClosed(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// An attempt context cancelled before anything asked for its Done channel behaves as a
// context.WithCancelCause cancelled with the same cause: its error, its cause, then
// its Done channel, closed. Its parent is never done, so it has no cancelCtx of its
// own, and context.Cause of it is its error.
func TestAttemptCtxCancelledBeforeDone(t *testing.T) {
	parent := context.WithValue(context.Background(), ctxKey{}, "v")
	x := testAttemptCtx(parent)
	if err := x.Err(); err != nil {
		t.Fatalf("Err = %v before cancel", err)
	}
	if got := x.Value(ctxKey{}); got != "v" {
		t.Fatalf("Value = %v, want the parent's", got)
	}
	x.cancelAttempt(ErrAttemptLost)
	x.cancelAttempt(ErrAttemptTimeout) // the first cancellation counts
	if err := x.Err(); err != context.Canceled {
		t.Fatalf("Err = %v, want context.Canceled", err)
	}
	if cause := causeOf(x); cause != ErrAttemptLost {
		t.Fatalf("causeOf = %v, want ErrAttemptLost", cause)
	}
	if !isClosed(x.Done()) {
		t.Fatal("Done is not closed after cancel")
	}
	if err := context.Cause(x); err != context.Canceled {
		t.Fatalf("context.Cause = %v once Done was asked, want its error: it has no cancelCtx", err)
	}
	if got := x.Value(ctxKey{}); got != "v" {
		t.Fatalf("Value = %v once Done was asked, want the parent's", got)
	}
}

// Once Done was asked, cancelling closes it, and the contexts derived from the attempt
// context, as net/http's Transport derives one per request, are cancelled with its
// cause: they join its cancelCtx's children, without a goroutine each.
func TestAttemptCtxChildrenStartNoGoroutine(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	x := testAttemptCtx(parent)
	done := x.Done()
	if isClosed(done) {
		t.Fatal("Done is closed before cancel")
	}
	children := deriveWithoutGoroutines(t, x, 50)
	x.cancelAttempt(ErrAttemptTimeout)
	if !isClosed(done) {
		t.Fatal("Done is not closed after cancel")
	}
	for _, child := range children {
		if !isClosed(child.Done()) || context.Cause(child) != ErrAttemptTimeout {
			t.Fatalf("child: Err %v, Cause %v; want cancelled with ErrAttemptTimeout", child.Err(), context.Cause(child))
		}
	}
	if cause := causeOf(x); cause != ErrAttemptTimeout {
		t.Fatalf("causeOf = %v, want ErrAttemptTimeout", cause)
	}
}

// Under a parent that is never done, Done is a channel of the attempt context's own,
// and the contexts derived from it register through its AfterFunc method, without a
// goroutine each: cancelling closes the channel and cancels them all, but those
// whose cancel already ran, and AfterFunc's stop stops what it registered.
func TestAttemptCtxOwnChannelTellsItsChildren(t *testing.T) {
	x := testAttemptCtx(context.WithoutCancel(context.WithValue(context.Background(), ctxKey{}, "v")))
	done := x.Done()
	if isClosed(done) {
		t.Fatal("Done is closed before cancel")
	}
	children := deriveWithoutGoroutines(t, x, 50)
	ended, endedCancel := context.WithCancel(x)
	endedCancel()
	var ran, stopped atomic.Int32
	stop := context.AfterFunc(x, func() { stopped.Add(1) })
	if !stop() || stop() {
		t.Fatal("stop: want true, then false")
	}
	stopInner := x.AfterFunc(func() { ran.Add(1) })
	if got := children[0].Value(ctxKey{}); got != "v" {
		t.Fatalf("a child's Value = %v, want the parent's", got)
	}

	x.cancelAttempt(ErrAttemptTimeout)
	if !isClosed(done) {
		t.Fatal("Done is not closed after cancel")
	}
	for _, child := range children {
		if !isClosed(child.Done()) || child.Err() != context.Canceled {
			t.Fatalf("child: Err %v; want cancelled", child.Err())
		}
	}
	if err := context.Cause(ended); err != context.Canceled {
		t.Fatalf("the child cancelled first: Cause %v", err)
	}
	if cause := causeOf(x); cause != ErrAttemptTimeout {
		t.Fatalf("causeOf = %v, want ErrAttemptTimeout", cause)
	}
	if ran.Load() != 1 || stopped.Load() != 0 || stopInner() {
		t.Fatalf("AfterFunc ran %d times, the stopped one %d times", ran.Load(), stopped.Load())
	}

	// After the cancellation, AfterFunc runs f at once, on a goroutine of its own.
	late := make(chan struct{})
	if x.AfterFunc(func() { close(late) })() {
		t.Fatal("stop after cancel reported that it stopped f")
	}
	<-late
}

// The parent's cancellation is the attempt context's, whether it comes before or after
// something asked for Done, and it wins over a later cancellation of the attempt.
func TestAttemptCtxFollowsItsParent(t *testing.T) {
	for _, doneFirst := range []bool{false, true} {
		parent, cancelParent := context.WithCancelCause(context.Background())
		x := testAttemptCtx(parent)
		var done <-chan struct{}
		if doneFirst {
			done = x.Done()
		}
		cancelParent(ErrCallTimeout)
		x.cancelAttempt(ErrAttemptLost)
		if !doneFirst {
			done = x.Done()
		}
		if !isClosed(done) {
			t.Fatalf("doneFirst %v: Done is not closed after the parent's cancel", doneFirst)
		}
		if err := x.Err(); err != context.Canceled {
			t.Fatalf("doneFirst %v: Err = %v", doneFirst, err)
		}
		if cause := causeOf(x); cause != ErrCallTimeout {
			t.Fatalf("doneFirst %v: causeOf = %v, want the parent's ErrCallTimeout", doneFirst, cause)
		}
		if cause := context.Cause(x); cause != ErrCallTimeout {
			t.Fatalf("doneFirst %v: context.Cause = %v, want the parent's ErrCallTimeout", doneFirst, cause)
		}
	}

	parent, cancelParent := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancelParent()
	x := testAttemptCtx(parent)
	if err := x.Err(); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Err = %v under a passed deadline", err)
	}
	if d, ok := x.Deadline(); !ok || d.IsZero() {
		t.Fatal("Deadline is not the parent's")
	}
	x.cancelAttempt(nil)
	if err := x.Err(); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Err = %v after cancel under a passed deadline, want the parent's", err)
	}
}

// Done, Err and cancellation may come from different goroutines at once (the
// transport's and the round's): run under -race.
func TestAttemptCtxConcurrentUse(t *testing.T) {
	for range 100 {
		x := testAttemptCtx(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { <-x.Done() })
		wg.Go(func() { _ = x.Err(); _ = causeOf(x) })
		wg.Go(func() { x.cancelAttempt(ErrAttemptLost) })
		wg.Wait()
		if cause := causeOf(x); cause != ErrAttemptLost {
			t.Fatalf("causeOf = %v", cause)
		}
		if !isClosed(x.Done()) {
			t.Fatal("Done is not closed after cancel")
		}
	}
}

// deriveWithoutGoroutines derives n contexts from x with context.WithCancelCause, as
// net/http's Transport derives one per request, and registers n functions with
// context.AfterFunc; it fails the test if any of them started a goroutine. The test's
// end cancels them.
func deriveWithoutGoroutines(t *testing.T, x context.Context, n int) []context.Context {
	t.Helper()
	before := runtime.NumGoroutine()
	children := make([]context.Context, 0, n)
	for range n {
		child, cancel := context.WithCancelCause(x)
		t.Cleanup(func() { cancel(nil) })
		children = append(children, child)
		stop := context.AfterFunc(x, func() {})
		t.Cleanup(func() { stop() })
	}
	// More would be a goroutine per child; fewer is one of an earlier test ending.
	if after := runtime.NumGoroutine(); after > before {
		t.Fatalf("%d goroutines after deriving %d contexts, %d before", after, n, before)
	}
	return children
}

// testAttemptCtx returns the first attempt's context of a round whose call's context
// is parent, and which has no timer to arm.
func testAttemptCtx(parent context.Context) *attemptCtx {
	r := &hedgeRound{disarmed: true}
	r.call.ctx = parent
	r.firstCtx.round = r
	return &r.firstCtx
}
