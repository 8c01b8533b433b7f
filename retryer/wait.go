package retryer

import (
	"context"
	"time"
)

// waitKey is the context key of the function OnWait installs.
type waitKey struct{}

// OnWait returns a copy of ctx that makes Retryers announce their waits: given it,
// ContinueOrPropagate calls f with the wait it is about to begin, before waiting, on the
// caller's goroutine. A Client uses it to tell its Observers about a wait before it
// happens; the Retryer interface stays two methods.
//
// Every Retryer of this package announces its waits, a zero wait included; a Retryer of
// your own does so by calling AnnounceWait.
func OnWait(ctx context.Context, f func(wait time.Duration)) context.Context {
	return context.WithValue(ctx, waitKey{}, f)
}

// AnnounceWait tells the function that OnWait put in ctx, if any, that the caller is
// about to wait d before the next attempt. Retryers call it just before they wait.
func AnnounceWait(ctx context.Context, d time.Duration) {
	if f, ok := ctx.Value(waitKey{}).(func(time.Duration)); ok {
		f(d)
	}
}
