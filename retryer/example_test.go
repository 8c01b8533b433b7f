package retryer_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
)

// This is the loop a Client runs around every call.
func Example() {
	template := retryer.New(time.Millisecond, 10*time.Millisecond, 3)

	r := template.Clone() // one Retryer per call
	for attempt := 1; ; attempt++ {
		err := &errordecoder.RetryableError{Err: &errordecoder.HTTPError{StatusCode: http.StatusServiceUnavailable}}
		fmt.Printf("attempt %d failed\n", attempt)
		if err := r.ContinueOrPropagate(context.Background(), err); err != nil {
			fmt.Println("giving up:", err)
			break
		}
	}
	// Output:
	// attempt 1 failed
	// attempt 2 failed
	// attempt 3 failed
	// giving up: [503 Service Unavailable] during [] to [] []: []
}

func ExampleNever() {
	failure := &errordecoder.RetryableError{Err: errors.New("connection reset")}

	err := retryer.Never.Clone().ContinueOrPropagate(context.Background(), failure)

	fmt.Println(err == failure)
	// Output:
	// true
}

func ExampleWithMaxRetryAfter() {
	r := retryer.New(100*time.Millisecond, time.Second, 5, retryer.WithMaxRetryAfter(10*time.Second))
	failure := &errordecoder.RetryableError{
		Err:        &errordecoder.HTTPError{StatusCode: http.StatusTooManyRequests},
		RetryAfter: time.Now().Add(time.Hour), // the server asks for an hour
	}

	err := r.ContinueOrPropagate(context.Background(), failure) // returns at once

	var httpErr *errordecoder.HTTPError
	fmt.Println(errors.Is(err, retryer.ErrRetryAfterTooLong), errors.As(err, &httpErr), httpErr.StatusCode)
	// Output:
	// true true 429
}

// fixedRetryer is a Retryer of one's own: a fixed pause, a fixed number of attempts.
type fixedRetryer struct {
	pause    time.Duration
	attempts int // left, the first one included
}

func (r *fixedRetryer) Clone() retryer.Retryer { c := *r; return &c }

func (r *fixedRetryer) ContinueOrPropagate(ctx context.Context, err *errordecoder.RetryableError) error {
	if r.attempts--; r.attempts <= 0 {
		return err
	}
	// Announced before the wait: a Client asks its retry budget here and tells its
	// Observers. A refusal means no wait at all.
	if refusal := retryer.AnnounceWait(ctx, r.pause); refusal != nil {
		return fmt.Errorf("%w: %w", refusal, err)
	}
	select {
	case <-time.After(r.pause):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
}

// A Retryer of one's own announces its waits with AnnounceWait, so that a Client's retry
// budget and Observers see them before they begin, as they see those of New's Retryers.
// Here OnWait stands in for the Client: it allows one wait and refuses the next.
func ExampleAnnounceWait() {
	allowed := 1
	ctx := retryer.OnWait(context.Background(), func(wait time.Duration) error {
		if allowed == 0 {
			return errors.New("retry budget exhausted")
		}
		allowed--
		fmt.Println("about to wait", wait)
		return nil
	})
	r := (&fixedRetryer{pause: time.Millisecond, attempts: 5}).Clone()
	failure := &errordecoder.RetryableError{Err: errors.New("503")}

	fmt.Println(r.ContinueOrPropagate(ctx, failure))
	fmt.Println(r.ContinueOrPropagate(ctx, failure))
	// Output:
	// about to wait 1ms
	// <nil>
	// retry budget exhausted: 503
}
