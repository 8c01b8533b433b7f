// Package retryer decides whether a failed call is attempted again, and how long it waits
// first.
//
// A Client clones its Retryer at the start of every call and, after each retryable
// failure (an *errordecoder.RetryableError), calls ContinueOrPropagate: nil means wait
// done, try again; an error ends the call.
//
// New keeps Feign's schedule (Retryer.Default: 100 ms growing by 1.5 up to 1 s, 5
// attempts, the first included) and fixes what Feign gets wrong with servers and
// deadlines:
//
//   - a Retry-After is a floor, never shortened to the backoff: the server is not called
//     back sooner than it asked;
//   - a Retry-After in the past falls back to the backoff instead of retrying at once;
//   - a Retry-After longer than MaxRetryAfter (default 30s) ends the call at once with
//     ErrRetryAfterTooLong instead of sleeping for hours;
//   - a wait that would end after the context's deadline is not started, and a wait
//     ends as soon as the context is done.
//
// Default adds full jitter, which spreads clients that failed together. Never turns
// retries off.
//
// A Retryer of your own implements the two methods of Retryer and, just before it
// waits, calls AnnounceWait: that is when a Client asks its retry budget, which may
// refuse the wait, and tells its Observers (see the example of AnnounceWait). A
// Retryer that does not announce its waits still works, but its waits are not
// reported, and the budget is asked only once the wait is over.
package retryer
