// Package faultserver is a loopback HTTP server for tests that misbehaves on purpose.
//
// A Server answers every request with the echo of what it received, unless its Plan
// says otherwise: it can reset the connection before answering or after reading the
// request, cut a body short of its Content-Length, be slow to send headers or body,
// answer 429 with Retry-After in seconds or in any of the three HTTP-date forms, burst
// 5xx, send an HTTP/2 GOAWAY (HTTP/1.1: close the connection), send a huge error body,
// ask for an absurd Retry-After, or answer 200 with a huge body (of gigabytes, streamed:
// with a Content-Length, chunked, or as a gzip bomb). Hostile faults hold the client
// instead: never answer, trickle the headers or the body a byte at a time; or send it
// elsewhere: a redirect to another origin (another Server, to see what reaches it) or a
// redirect loop. A plan built by NewPlan draws these faults from a seeded generator, so a
// run's sequence of faults is the same every time; RefusedURL
// gives an address where nothing listens, for refused connections.
//
// The server speaks HTTP/1.1, HTTP/2 without TLS (prior knowledge, through
// http.Protocols) or HTTP/2 over TLS, and Transport returns an *http.Transport that
// speaks the same. It records every request it receives (method, path, call id, the
// SHA-256 of the body, whether it acted on the request, the fault it injected and the
// earliest instant a Retry-After allowed the client back), and counts the state changes
// of its connections through http.Server.ConnState, so a test can prove that a client
// closed every connection it opened: after the client's CloseIdleConnections,
// WaitConnsClosed returns once every connection is closed.
//
// What "processed" means: the server acted on the request, as a real one would have
// written to its database, unless it answered 429 or 503 (which promise the opposite)
// or reset the connection before reading the body. A client that retries a POST after
// a processed attempt would do the work twice.
package faultserver
