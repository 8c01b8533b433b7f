// Package redisstore is a ratelimit.Store in Redis, so that every process of a service
// obeys one server's quota together: when one of them learns the quota is spent, all
// of them wait, and the requests they send in a window are counted down in one place.
//
// Each key is a Redis hash under a prefix (default "feign:ratelimit:"), changed by two
// Lua scripts, so each Reserve and each Observe is one atomic round trip, as
// go-redis/redis_rate keeps its GCRA state. Times are kept in milliseconds since the
// Unix epoch, from the callers' clocks (which NTP keeps together), rounded so that a
// wait is never shorter than the server asked. A key expires a day and an hour after it
// was last written: nothing it holds lasts longer (ratelimit.MaxBlock).
//
// It is a module of its own so that a client that does not use it does not link a
// Redis client. A Store is safe for concurrent use; the zero Store is not usable, New
// makes one.
package redisstore
