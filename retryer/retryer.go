package retryer

import (
	"context"

	"github.com/gofeign/feign/errordecoder"
)

// Retryer decides, after a retryable failure, whether a call makes another attempt.
//
// A Retryer holds the state of one call: a Client clones its Retryer at the start of
// every call, so implementations need not be safe for concurrent use, but Clone must be.
type Retryer interface {
	// ContinueOrPropagate waits before the next attempt and returns nil, or returns the
	// error that ends the call.
	ContinueOrPropagate(ctx context.Context, err *errordecoder.RetryableError) error
	// Clone returns a fresh Retryer for one call.
	Clone() Retryer
}

// Never is a Retryer that never retries: ContinueOrPropagate returns the error at once.
// Clone returns Never itself, which holds no state.
var Never Retryer = never{}

type never struct{}

func (never) ContinueOrPropagate(_ context.Context, err *errordecoder.RetryableError) error {
	return propagate(err)
}

func (n never) Clone() Retryer { return n }

// propagate returns err as an error, never as a non-nil interface holding a nil pointer.
func propagate(err *errordecoder.RetryableError) error {
	if err == nil {
		return errNilRetryable
	}
	return err
}
