// Package breaker is a circuit breaker: it stops calls to a key (the runtime uses an
// endpoint and its origin) that fails most of the time, so that a sick server is left
// alone to recover and callers fail at once instead of waiting on it.
//
// A circuit is kept per key, created on first use, and goes through three states:
//
//   - Closed: every call is allowed, and its outcome is counted over a sliding Window.
//     When a failure brings the failures to FailureRatio or more of at least MinCalls
//     calls in the window, the circuit opens.
//   - Open: every call is refused at once with an *OpenError (errors.Is ErrCircuitOpen)
//     that says when the circuit will let calls through again. It stays open for
//     OpenFor, or, when the failure that opened it carried a Retry-After, until then:
//     the server said when to come back. Either way never longer than MaxOpenFor, the
//     same defence against a Retry-After of hours as retryer's MaxRetryAfter. A later
//     failure with a later Retry-After (from a call allowed before the circuit opened)
//     extends it, within the same cap.
//   - Half-open: once that time has come, up to Probes calls at once are let through as
//     probes (Permit.Probe is true) and the others are refused. Probes successes in a
//     row close the circuit, with a fresh window; a probe's failure opens it again, as
//     from closed.
//
// # Using it
//
// Allow asks for a call; the Permit it returns is reported once the call is over, with
// exactly one of Success, Failure or Cancel. Cancel is for a call that says nothing
// about the server (cancelled by its caller, or never sent because the caller's retry
// budget refused the probe): it frees a probe's place without a verdict. Reports are
// matched to the state that issued the Permit: the outcome of a call allowed before the
// circuit opened does not count in the next half-open or closed period, only its
// Retry-After does. A probe whose report never comes (a bug in the caller) is given up
// after MaxOpenFor, so a circuit never stays half-open for good.
//
// The breaker is agnostic about what a failure is: the caller decides, and reports a
// 503, a reset connection and a timeout alike. A status that says the request was wrong
// (a 404, a 400) is the caller's problem, not the server's, and should be reported as a
// success, or at least not as a failure.
//
// # Zero value and defaults
//
// The breaker is opt-in: a nil *Breaker allows every call and a zero Permit ignores its
// reports. Each field of Config left at zero takes its default: FailureRatio 0.5,
// MinCalls 20, Window 10s, OpenFor 5s, MaxOpenFor the larger of 30s and OpenFor, Probes
// 3. So the zero Config is the default breaker: half the calls failing among 20 or more
// in 10 s opens a circuit for 5 s, then 3 probes decide. New rejects a FailureRatio
// outside [0, 1], negative counts and durations, a Window shorter than 10ms and a
// MaxOpenFor shorter than OpenFor.
//
// # Cost
//
// A Breaker is safe for concurrent use. Allow and the reports take the circuit's own
// mutex for a few field updates and allocate nothing (a refusal allocates its
// *OpenError); circuits are found in a map under a read lock. Keys are never forgotten:
// use keys from a bounded set, as endpoints and origins are, never from request data.
package breaker
