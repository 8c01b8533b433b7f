package redisstore

import (
	"context"
	_ "embed"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gofeign/feign/ratelimit"
)

// DefaultPrefix is put before every key.
const DefaultPrefix = "feign:ratelimit:"

// ttl is how long a key is kept after its last write.
const ttl = ratelimit.MaxBlock + time.Hour

// sameWindow is ratelimit's: resets this close are one window's.
const sameWindow = time.Second

var (
	//go:embed reserve.lua
	reserveLua    string
	reserveScript = redis.NewScript(reserveLua)
	//go:embed observe.lua
	observeLua    string
	observeScript = redis.NewScript(observeLua)
)

// Store is a ratelimit.Store in Redis.
type Store struct {
	client redis.Scripter
	prefix string
}

var _ ratelimit.Store = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithPrefix puts prefix before every key instead of DefaultPrefix.
func WithPrefix(prefix string) Option { return func(s *Store) { s.prefix = prefix } }

// New returns a Store that keeps its state with client (a *redis.Client, a
// *redis.ClusterClient, or anything that runs scripts).
func New(client redis.Scripter, opts ...Option) *Store {
	s := &Store{client: client, prefix: DefaultPrefix}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Reserve implements ratelimit.Store.
func (s *Store) Reserve(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	ms, err := reserveScript.Run(ctx, s.client, []string{s.prefix + key},
		floorMs(now), ttl.Milliseconds()).Int64()
	if err != nil {
		return 0, err
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// Observe implements ratelimit.Store.
func (s *Store) Observe(ctx context.Context, key string, l ratelimit.Limits, now time.Time) error {
	return observeScript.Run(ctx, s.client, []string{s.prefix + key},
		floorMs(now), l.Quota, l.Remaining, ceilMs(l.Reset), ceilMs(l.RetryAfter),
		sameWindow.Milliseconds(), ttl.Milliseconds()).Err()
}

// floorMs returns t in milliseconds since the epoch, rounded down: now.
func floorMs(t time.Time) int64 { return t.UnixMilli() }

// ceilMs returns t in milliseconds since the epoch, rounded up, or 0 for the zero time:
// an instant to wait for is never brought forward.
func ceilMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	ms := t.UnixMilli()
	if t.Sub(time.UnixMilli(ms)) > 0 {
		ms++
	}
	return ms
}
