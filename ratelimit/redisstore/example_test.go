package redisstore_test

import (
	"context"
	"net/http"

	"github.com/redis/go-redis/v9"

	"github.com/gofeign/feign/ratelimit"
	"github.com/gofeign/feign/ratelimit/redisstore"
)

// Every process of a service builds its Governor on the same Redis: a 429 one of them
// receives holds the requests of all of them. (Not run: it needs a Redis server.)
func Example() {
	client := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer client.Close()
	g := ratelimit.New(ratelimit.WithStore(redisstore.New(client)))

	ctx := context.Background()
	const origin = "https://api.github.com"
	if err := g.Wait(ctx, origin); err != nil {
		return // ratelimit.ErrRateLimited, or Redis could not be reached
	}
	resp, err := http.Get(origin + "/rate_limit")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	_ = g.Observe(ctx, origin, resp.StatusCode, resp.Header)
}
