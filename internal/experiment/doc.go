// Package experiment holds runnable experiments that measure the call pipeline of
// package runtime against real loopback servers: tail latency under hedging (tail),
// load amplification under the retry budget (outage), and the requests a circuit
// breaker lets through to a backend that goes down and comes back (breaker); and one
// that models the retry budget of package retrybudget for clients of every size,
// deterministically on a simulated clock (budget). The experiment against real rate
// limiters, next to other clients, is in the bench module (bench/cmd/ratelimits), which
// holds those clients. Each is a main package run with go run; a short test of each
// keeps it from rotting.
package experiment
