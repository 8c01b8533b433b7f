package retryer

import (
	"context"
	"time"
)

// waitKey is the context key of the function OnWait installs.
type waitKey struct{}

// OnWait returns a copy of ctx that makes Retryers announce their waits: given it,
// ContinueOrPropagate calls f with the wait it is about to begin, before waiting, on the
// caller's goroutine. When f returns an error, the wait is refused: the Retryer returns
// an error wrapping it and the failure at once, without waiting. A Client uses it to ask
// its retry budget and tell its Observers before a wait begins; the Retryer interface
// stays two methods.
//
// Every Retryer of this package announces its waits, a zero wait included; a Retryer of
// your own does so by calling AnnounceWait.
func OnWait(ctx context.Context, f func(wait time.Duration) error) context.Context {
	return context.WithValue(ctx, waitKey{}, f)
}

// A WaitAnnouncer is a context that hears the waits announced with it itself: given
// one, AnnounceWait calls its AnnounceWait method, as it would call the function OnWait
// puts in a context. It is OnWait without a context and a function made for each call:
// a Client gives its Retryer one on the retry path of a call, made once for all the
// call's retries. It is found only when it is the very context AnnounceWait is given,
// as the Retryers of this package do with the context they are given.
type WaitAnnouncer interface {
	context.Context
	AnnounceWait(wait time.Duration) error
}

// AnnounceWait tells the function that OnWait put in ctx, if any, that the caller is
// about to wait d before the next attempt, and returns its answer; when ctx is a
// WaitAnnouncer, it tells ctx instead. Retryers call it just before they wait; when it
// returns an error they must not wait, and return an error that wraps it.
func AnnounceWait(ctx context.Context, d time.Duration) error {
	if a, ok := ctx.(WaitAnnouncer); ok {
		return a.AnnounceWait(d)
	}
	if f, ok := ctx.Value(waitKey{}).(func(time.Duration) error); ok {
		return f(d)
	}
	return nil
}
