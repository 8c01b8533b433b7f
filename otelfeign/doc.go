// Package otelfeign traces and measures the calls of feign clients with OpenTelemetry,
// by the semantic conventions for HTTP clients, with the route that only the generator
// knows.
//
// A transport wrapped in otelhttp sees every attempt but not the declaration behind it:
// its spans are named "HTTP GET" and its metrics carry the full URL or no route at all.
// A generated client knows that Contributors is GET /repos/{owner}/{repo}/contributors,
// so WithTelemetry, one runtime.Option, gives every call:
//
//   - a span of the call, of kind INTERNAL, named by the declaring interface and method
//     ("GitHub.Contributors"), with feign.method_key, http.request.method, url.template,
//     feign.attempts and, when the call failed, error.type and the status Error with the
//     call's message (its secrets redacted). Its events are the retry waits
//     (feign.retry_wait, with the wait in seconds), the hedges sent and won
//     (feign.hedge, feign.hedge_won) and the retries or hedges the retry budget refused
//     (feign.budget_refused);
//   - a child span of kind CLIENT per attempt, named "{method} {url.template}" as the
//     conventions name a span whose route is known ("GET
//     /repos/{owner}/{repo}/contributors"), with http.request.method, server.address,
//     server.port, url.full (redacted by the runtime), url.template,
//     http.response.status_code, error.type (the status code from 400 on, "canceled" for
//     a hedge's loser, otherwise the failure's Go type) and
//     http.request.resend_count from the second attempt on. A status of 400 or more,
//     or a failure without a response, is an error; a loser the call cancelled is not.
//     The attempt's trace context goes out in its headers, as the propagators write it;
//   - the duration of every attempt, http.client.request.duration, in seconds, with the
//     conventions' buckets and the attributes of the attempt's span but url.full; and
//     the counters feign.client.retries, feign.client.hedges, feign.client.hedges.won and
//     feign.client.budget.refusals, labelled with url.template and feign.method_key.
//
// No attribute of a metric holds a URL or a value of a call, so a client calling
// 10,000 ids makes one series per method.
//
// It is built on the runtime's Events (runtime.Observer and runtime.CallTagger): no
// transport is wrapped, so it composes with any http.Client. With no TracerProvider
// and no MeterProvider set it installs nothing, and calls cost what they cost without
// it. It is a module of its own, so that users of feign who do not use OpenTelemetry
// never download it.
package otelfeign
