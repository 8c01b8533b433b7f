// Package ratelimit obeys the rate limits servers announce, for every request to an
// origin at once: when a server says its quota is spent, a Governor holds every request
// to that origin until the quota is renewed, instead of letting each one find out with
// a 429.
//
// # What it reads
//
// Parse reads the fields servers send to announce their limits: RateLimit and
// RateLimit-Policy as draft-ietf-httpapi-ratelimit-headers now writes them
// (`RateLimit: "default";r=50;t=30`), the earlier drafts' forms that express-rate-limit
// sends (`RateLimit: limit=100, remaining=0, reset=30`, RateLimit-Remaining and
// RateLimit-Reset), GitHub's X-RateLimit-Remaining and X-RateLimit-Reset (the reset in
// seconds since the epoch), and Retry-After on a 429 or a 503. See Parse for how they
// combine.
//
// # How it decides
//
// A Governor keeps, per key (an origin), the block a Retry-After asked for and the
// requests remaining in the current window with its reset, in a Store. Wait takes one
// request from the remaining count and returns at once, or, when none remains (or a
// Retry-After has not passed), sleeps until the reset. It never sleeps past ctx's
// deadline nor longer than MaxWait (default 30s, as retryer's MaxRetryAfter): a
// request that would is refused at once with a *LimitedError, which wraps
// ErrRateLimited and says until when. Observe records what each response said.
//
// Between what responses say, the Governor counts: Wait takes a request from the count
// before it is sent, and a later response can only lower the count of its window, never
// raise it back (a slow response says less than requests sent since), so processes
// sharing a Store never send more than the server said remains. When a window ends, the
// next starts with the quota of the last (RateLimit-Policy's q, X-RateLimit-Limit), or
// with no count when none is known: nothing is held until a response says so.
//
// The Governor does not invent limits: a server that says nothing is never waited on,
// and a 429 with no Retry-After and no count holds nothing (the Retryer waits for that
// request). Nor does it keep a local rate of its own: that is a different policy (a
// ceiling a client sets itself, whatever the server says), which golang.org/x/time/rate
// already provides in a request interceptor.
//
// # Sharing the state
//
// The state is behind Store, two atomic operations per key. MemoryStore, the default,
// serves one process; package ratelimit/redisstore, a module of its own so that a client
// that does not use it does not link Redis, shares it between processes; package
// ratelimit/storetest checks that a Store keeps the semantics the Governor needs.
//
// # Zero values
//
// A nil *Governor lets everything through and records nothing; the zero MemoryStore is
// ready to use. A Governor and a MemoryStore are safe for concurrent use. A reset or a
// Retry-After more than MaxBlock (24 hours) away is taken as MaxBlock, so that a header
// gone wrong cannot block an origin for good.
package ratelimit
