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
