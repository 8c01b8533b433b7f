// Package retrybudget limits the retries and hedges of a client to a share of its calls,
// with a floor, so that a failing server does not get its load multiplied by the
// attempt count while a quiet client keeps every retry it needs.
//
// It is Finagle's RetryBudget (a window of 10 s, minRetriesPerSec 10, percentCanRetry
// 0.2), with Envoy's retry budgets and the AWS SDKs' retry quota as the other models. A
// Budget counts two things over a sliding Window: the calls made (Deposit, once per call,
// not per attempt) and the retries and hedges sent (TryWithdraw, once per extra
// attempt). A withdrawal is allowed while the retries of the window, this one included,
// number at most
//
//	max(Ratio · calls in the window, MinPerSecond · Window)
//
// With the defaults (Ratio 0.1, MinPerSecond 10, Window 10s) that is 10 % of the calls,
// but never fewer than 100 retries per 10 s.
//
// # Why a ratio with a floor
//
// gRPC's retry throttling (a bucket of 10 tokens, refilled 0.1 per success, that stops
// retries at half) has no floor: a client making one call a second to a server that
// fails half the time loses its retries after a handful of failures, when retrying is
// both needed and harmless. A bare ratio has the same flaw. The floor is what a quiet
// client needs; the ratio is what stops a busy one from amplifying an outage: in a full
// outage every call still deposits, so retries go on at Ratio of the calls instead of
// stopping outright, and a call's attempts stay close to 1 + Ratio.
//
// The floor is a floor, not an addition: a busy client retries at most Ratio of its
// calls, so the amplification of an outage is bounded by Ratio itself once the window
// holds more than MinPerSecond·Window/Ratio calls (1,000 with the defaults). In a full
// outage where every call would retry as long as the Retryer lets it, the attempts per
// call are about
//
//	1 + max(Ratio, MinPerSecond·Window / calls in the window)
//
// and never more than the Retryer's attempts: 1.1 for 1,000 calls or more per 10 s, 1.2
// for 500, 2 for 100, and every retry of the Retryer for a client making 25 calls or
// fewer per 10 s with a 5-attempt Retryer (its 4 retries a call fit in the floor of 100).
//
// # What is counted
//
// The budget is agnostic about why an attempt is repeated: a retry after a 503, after a
// reset connection or after a timeout withdraws the same, and a hedge withdraws like a
// retry. What a server feels is the extra request, whatever made the client send it; so
// unlike the AWS SDKs' quota, which charges a timeout double, a transport failure costs
// what a status costs. Successes and failures are not reported at all: the budget bounds
// load, it does not judge health (that is a circuit breaker's job).
//
// The window slides in tenths: a call or a retry counts from when it was made until the
// end of the tenth of Window it fell in, plus 0.9·Window; that is, for between 0.9·Window
// and Window.
//
// # Zero value and defaults
//
// The zero Config turns the budget off: New returns a nil *Budget, and a nil *Budget
// allows every withdrawal and counts nothing. In any other Config, a field left at zero
// takes its default (Ratio 0.1, MinPerSecond 10, Window 10s), a negative Ratio means no
// ratio (the floor alone), and a negative MinPerSecond means no floor (the ratio alone;
// a client that has made no call in the window then may not retry). New rejects a
// Window that is negative or shorter than 100ms and a Ratio or MinPerSecond that is not
// a finite number; a Ratio above 100 counts as 100, a MinPerSecond above 1e6 as 1e6.
//
// # Cost
//
// A Budget is safe for concurrent use by any number of goroutines. Deposit and
// TryWithdraw take no lock and allocate nothing: the window is a ring of ten buckets,
// each an atomic word holding its tenth of the window and its count, so a bucket is
// renewed by the same compare-and-swap that counts into it. Deposit is one
// compare-and-swap, TryWithdraw one (two when it refuses) plus twenty atomic loads. A
// withdrawal is counted before it is checked and taken back when the check fails, so
// racing withdrawals may both be refused near the limit, but the limit is never
// exceeded.
package retrybudget
