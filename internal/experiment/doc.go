// Package experiment holds runnable experiments that measure the call pipeline of
// package runtime against real loopback servers: tail latency under hedging (tail) and
// load amplification under the retry budget (outage); and one that models the retry
// budget of package retrybudget for clients of every size, deterministically on a
// simulated clock (budget). Each is a main package run with go run; a short test of each
// keeps it from rotting.
package experiment
